"""Searching and filtering the case list. Every choice offered is scoped to what the user sees."""

from __future__ import annotations

import datetime
import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from edgecare.dates import years_before
from edgecare.models import Service, Team, User
from families.models import Case, Person

REFERENCE = re.compile(r"^\s*(?:EC)?0*(\d{1,9})\s*$", re.IGNORECASE)

# label, youngest age, oldest age (None: no upper limit)
AGE_BANDS = {
    "under_11": ("Under 11", 0, 10),
    "11_13": ("11 to 13", 11, 13),
    "14_15": ("14 to 15", 14, 15),
    "16_17": ("16 to 17", 16, 17),
    "18_plus": ("18 and over", 18, None),
}


def born_for_age_band(band: str, today: datetime.date) -> Q:
    """People whose age today falls in the band, as a Q over Person.date_of_birth."""
    _label, youngest, oldest = AGE_BANDS[band]
    q = Q(date_of_birth__lte=years_before(today, youngest))
    if oldest is not None:
        q &= Q(date_of_birth__gt=years_before(today, oldest + 1))
    return q


def case_search_q(text: str) -> Q:
    """Family name, a young person's or family member's name, or a case reference; or the
    previous system's id of the case, the family or a member (kept when imported)."""
    text = text.strip()
    if not text:
        return Q()
    q = (
        Q(family__family_name__icontains=text)
        | Q(external_id__iexact=text)
        | Q(family__external_id__iexact=text)
    )
    members = Person.objects.filter(family_id=OuterRef("family_id"))
    name_q = Q()
    for word in text.split():
        name_q &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    q |= Exists(members.filter(name_q | Q(external_id__iexact=text)))
    match = REFERENCE.match(text)
    if match and (text.upper().startswith("EC") or text.isdigit()):
        q |= Q(pk=int(match.group(1)))
    return q


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        help_text="Family name, person's name, EC000123 or the previous system's id",
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Case.Status.choices, widget=forms.CheckboxSelectMultiple, label="Status"
    )
    lead_professional = django_filters.ModelChoiceFilter(
        queryset=User.objects.none(), label="Lead professional", empty_label="Anyone"
    )
    service = django_filters.ModelChoiceFilter(
        queryset=Service.objects.none(), label="Service", empty_label="Any service"
    )
    team = django_filters.ModelChoiceFilter(
        queryset=Team.objects.none(), label="Team", empty_label="Any team"
    )
    age_band = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _y, _o) in AGE_BANDS.items()],
        label="Young person's age",
        empty_label="Any age",
        method="filter_age_band",
    )
    re_referral = django_filters.BooleanFilter(
        label="Re-referrals only",
        method="filter_re_referral",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        org_id = user.organisation_id
        services = Service.objects.filter(organisation_id=org_id)
        teams = Team.objects.filter(service__organisation_id=org_id)
        workers = User.objects.filter(
            organisation_id=org_id, role__in=["key_worker", "team_manager"]
        )
        if user.role in ("key_worker", "team_manager"):
            teams = teams.filter(pk=user.team_id)
            services = services.filter(teams__pk=user.team_id)
            workers = workers.filter(team_id=user.team_id)
        elif user.role == "service_manager":
            teams = teams.filter(service_id=user.service_id)
            services = services.filter(pk=user.service_id)
            workers = workers.filter(team__service_id=user.service_id)
        else:
            teams, services, workers = teams.none(), services.none(), workers.none()
        # Only what an option shows: these lists are built on every case list request.
        self.filters["team"].queryset = teams.only("pk", "name").order_by("name")
        self.filters["service"].queryset = services.only("pk", "name").order_by("name")
        self.filters["lead_professional"].queryset = workers.only(
            "pk", "first_name", "last_name", "username"
        ).order_by("first_name", "last_name")

    def filter_search(self, queryset, name, value):
        return queryset.filter(case_search_q(value)) if value else queryset

    def filter_age_band(self, queryset, name, value):
        if value not in AGE_BANDS:
            return queryset
        in_band = Person.objects.filter(cases=OuterRef("pk"), is_focus=True).filter(
            born_for_age_band(value, timezone.localdate())
        )
        return queryset.filter(Exists(in_band))

    def filter_re_referral(self, queryset, name, value):
        if not value:
            return queryset
        earlier_closed = Case.objects.filter(
            family_id=OuterRef("family_id"),
            status=Case.Status.CLOSED,
            referral_date__lte=OuterRef("referral_date"),
        ).exclude(pk=OuterRef("pk"))
        return queryset.filter(Exists(earlier_closed))
