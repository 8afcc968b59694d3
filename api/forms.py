"""The service account form: a name, a scope within the administrator's organisation, an expiry."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from api.models import ServiceAccount
from edgecare.forms import DateInput, gds_helper
from edgecare.models import Service, Team

# A token that never expires is a token nobody remembers to revoke.
LONGEST_LIFETIME_DAYS = 2 * 366


class ServiceAccountForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        help_text="The system that will use it, e.g. “Performance team Power BI”.",
        error_messages={"required": "Enter a name for the service account"},
    )
    scope = forms.ChoiceField(
        choices=ServiceAccount.Scope.choices,
        widget=forms.RadioSelect,
        label="What it may read",
        error_messages={"required": "Choose what the service account may read"},
    )
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), required=False, label="Service (for one service)"
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, label="Team (for one team)"
    )
    expires_on = forms.DateField(
        widget=DateInput,
        label="Last day the token works",
        error_messages={"required": "Enter the last day the token works"},
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(
            organisation_id=by.organisation_id
        ).order_by("name")
        self.fields["team"].queryset = (
            Team.objects.filter(service__organisation_id=by.organisation_id)
            .select_related("service")
            .order_by("name")
        )
        self.fields["team"].label_from_instance = lambda t: f"{t.name} ({t.service.name})"
        self.helper = gds_helper(
            "name", "scope", "service", "team", "expires_on", submit="Create service account"
        )

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        if scope == ServiceAccount.Scope.SERVICE and not cleaned.get("service"):
            self.add_error("service", "Choose the service it may read")
        if scope == ServiceAccount.Scope.TEAM and not cleaned.get("team"):
            self.add_error("team", "Choose the team it may read")
        expires_on = cleaned.get("expires_on")
        today = timezone.localdate()
        if expires_on and expires_on < today:
            self.add_error("expires_on", "The last day the token works must be today or later")
        elif expires_on and expires_on > today + datetime.timedelta(days=LONGEST_LIFETIME_DAYS):
            self.add_error("expires_on", "Choose a last day within 2 years")
        return cleaned
