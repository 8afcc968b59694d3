"""The outcome report's filters and the cost assumptions form. Every choice is scoped."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from edgecare.forms import DateInput, gds_helper
from edgecare.models import Service, Team
from families.filters import AGE_BANDS
from families.models import Person
from managers.models import CostAssumptions
from managers.outcome_facts import ReportFilters
from managers.selectors import workers_in_scope

MAX_PERIOD_DAYS = 5 * 366


class OutcomeFilterForm(forms.Form):
    date_from = forms.DateField(label="From", widget=DateInput, required=False)
    date_to = forms.DateField(label="To", widget=DateInput, required=False)
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, empty_label="All teams"
    )
    worker = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Anyone", label="Lead professional"
    )
    intervention_model = forms.ChoiceField(required=False, label="Intervention model")
    age_band = forms.ChoiceField(
        required=False,
        label="Young person's age at referral",
        choices=[("", "Any age"), *[(k, label) for k, (label, _y, _o) in AGE_BANDS.items()]],
    )
    gender = forms.ChoiceField(
        required=False,
        label="Young person's gender",
        choices=[("", "Any"), *Person.Gender.choices],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.role == "team_manager":
            teams = Team.objects.filter(pk=user.team_id)
        elif user.role == "service_manager":
            teams = Team.objects.filter(service_id=user.service_id)
        elif user.role == "service_account":
            # The API's service accounts (api): their scope is their team, service or neither.
            if user.team_id:
                teams = Team.objects.filter(pk=user.team_id)
            elif user.service_id:
                teams = Team.objects.filter(service_id=user.service_id)
            else:
                teams = Team.objects.all()
        else:
            teams = Team.objects.none()
        self.fields["team"].queryset = teams.filter(
            service__organisation_id=user.organisation_id
        ).order_by("name")
        self.fields["worker"].queryset = workers_in_scope(user).order_by("first_name", "last_name")
        models_in_scope = set(
            Service.objects.filter(teams__in=self.fields["team"].queryset).values_list(
                "intervention_model", flat=True
            )
        )
        self.fields["intervention_model"].choices = [("", "Any")] + [
            (key, label)
            for key, label in Service.InterventionModel.choices
            if key in models_in_scope
        ]
        default = ReportFilters.default()
        self.fields["date_from"].widget.attrs["placeholder"] = default.date_from.isoformat()

    def clean(self):
        cleaned = super().clean()
        default = ReportFilters.default()
        start = cleaned.get("date_from") or default.date_from
        end = cleaned.get("date_to") or default.date_to
        if start > end:
            self.add_error("date_to", "The end of the period must be on or after its start")
        elif (end - start).days > MAX_PERIOD_DAYS:
            self.add_error("date_from", "Choose a period of 5 years or less")
        if start > timezone.localdate():
            self.add_error("date_from", "The start of the period cannot be in the future")
        cleaned["date_from"], cleaned["date_to"] = start, end
        return cleaned

    def report_filters(self) -> ReportFilters:
        """The filters to report on: the form's if valid, else the last 12 months."""
        if not self.is_bound or not self.is_valid():
            return ReportFilters.default()
        data = self.cleaned_data
        return ReportFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            team=data.get("team"),
            worker=data.get("worker"),
            intervention_model=data.get("intervention_model") or "",
            age_band=data.get("age_band") or "",
            gender=data.get("gender") or "",
        )


class CostAssumptionsForm(forms.ModelForm):
    class Meta:
        model = CostAssumptions
        fields = ["weekly_placement_cost", "weeks_avoided", "counted_cases", "source_note"]
        widgets = {"counted_cases": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekly_placement_cost"].widget.attrs["inputmode"] = "numeric"
        self.helper = gds_helper(
            Field.text("weekly_placement_cost", field_width=10),
            Field.text("weeks_avoided", field_width=4),
            Field.radios("counted_cases", legend_size="s"),
            Field.textarea("source_note", rows=3),
            submit="Save cost assumptions",
        )
