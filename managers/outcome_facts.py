"""What the outcome report is worked out from: the filters a manager chose and the plain facts
of each case in scope, loaded with a fixed handful of queries (see `managers.outcomes`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils import timezone

from edgecare.dates import age_on, years_before
from edgecare.models import Service, Team, User
from families.filters import AGE_BANDS
from families.models import Case, Contact, Decision, LegalStatus, Person
from families.selectors import cases_for_user, hours_after, received_at
from reviews.models import Closure, ClosureDomainScore, FollowUpCheck

RE_REFERRAL_WINDOW_DAYS = 365


@dataclass(frozen=True)
class ReportFilters:
    date_from: datetime.date
    date_to: datetime.date
    team: Team | None = None
    worker: User | None = None
    intervention_model: str = ""
    age_band: str = ""
    gender: str = ""

    @classmethod
    def default(cls, today: datetime.date | None = None) -> ReportFilters:
        """The last 12 months, today included."""
        today = today or timezone.localdate()
        return cls(date_from=years_before(today, 1) + datetime.timedelta(days=1), date_to=today)

    def in_period(self, day: datetime.date | None) -> bool:
        return day is not None and self.date_from <= day <= self.date_to

    def described(self) -> list[tuple[str, str]]:
        """The filters in force, as (label, value) pairs for the report's heading."""
        parts = [("Period", f"{self.date_from:%-d %B %Y} to {self.date_to:%-d %B %Y}")]
        if self.team:
            parts.append(("Team", self.team.name))
        if self.worker:
            parts.append(("Lead professional", str(self.worker)))
        if self.intervention_model:
            parts.append(
                ("Intervention model", Service.InterventionModel(self.intervention_model).label)
            )
        if self.age_band:
            parts.append(("Age at referral", AGE_BANDS[self.age_band][0]))
        if self.gender:
            parts.append(("Gender", Person.Gender(self.gender).label))
        return parts


def age_band_of(age: int | None) -> str:
    if age is None:
        return ""
    for key, (_label, youngest, oldest) in AGE_BANDS.items():
        if age >= youngest and (oldest is None or age <= oldest):
            return key
    return ""


# Loading ------------------------------------------------------------------------------------


@dataclass
class CaseFacts:
    """What the report knows about one case: identifiers, codes, dates and numbers only."""

    pk: int
    family_id: int
    team: str
    intervention_model: str
    referral_date: datetime.date
    referral_source: str
    parent_requested_accommodation: bool
    lead_professional_id: int | None
    status: str
    closed_on: datetime.date | None
    age_at_referral: int | None = None
    gender: str = ""
    young_people: int = 0
    first_contact_on: datetime.date | None = None
    # The hours standard: when the referral came in and the first contact's start time.
    received_at: datetime.datetime | None = None
    first_contact_time: datetime.time | None = None
    contacts: int = 0
    out_of_hours_contacts: int = 0
    contacts_in_period: int = 0
    out_of_hours_in_period: int = 0
    latest_decision: str = ""
    closure: dict | None = None
    scores: list[dict] = field(default_factory=list)
    follow_ups: list[dict] = field(default_factory=list)
    re_referred_within_12_months: bool = False
    # The plans and orders of the case's young people: kind, started_on, ended_on.
    legal_statuses: list[dict] = field(default_factory=list)

    @property
    def age_band(self) -> str:
        return age_band_of(self.age_at_referral)

    def legal_kinds_on(self, day: datetime.date) -> set[str]:
        """The kinds of plan or order in force for the case's young people on `day`."""
        return {
            s["kind"]
            for s in self.legal_statuses
            if s["started_on"] <= day and (s["ended_on"] is None or day <= s["ended_on"])
        }

    @property
    def hours_to_first_contact(self) -> int | None:
        if self.first_contact_on is None or self.first_contact_time is None:
            return None
        return hours_after(self.received_at, self.first_contact_on, self.first_contact_time)

    @property
    def days_to_first_contact(self) -> int | None:
        if self.first_contact_on is None:
            return None
        return max((self.first_contact_on - self.referral_date).days, 0)


def _lookback_days() -> int:
    months = max([int(m) for m in getattr(settings, "FOLLOW_UP_MONTHS", [12]) if m] or [12])
    return max(months * 31, RE_REFERRAL_WINDOW_DAYS) + 1


def cohort(user, filters: ReportFilters):
    """The cases in scope that can bear on the period, before the age and gender filters."""
    qs = cases_for_user(user).filter(referral_date__lte=filters.date_to)
    qs = qs.filter(
        Q(closed_on__isnull=True)
        | Q(closed_on__gte=filters.date_from - datetime.timedelta(days=_lookback_days()))
    )
    if filters.team:
        qs = qs.filter(team=filters.team)
    if filters.worker:
        qs = qs.filter(lead_professional=filters.worker)
    if filters.intervention_model:
        qs = qs.filter(service__intervention_model=filters.intervention_model)
    return qs.order_by()


def load_cases(user, filters: ReportFilters) -> list[CaseFacts]:
    """Every case the report needs, with its facts, in nine queries."""
    base = cohort(user, filters)
    ids = base.values("pk")
    facts = {
        row["pk"]: CaseFacts(
            pk=row["pk"],
            family_id=row["family_id"],
            team=row["team__name"],
            intervention_model=row["service__intervention_model"],
            referral_date=row["referral_date"],
            referral_source=row["referral_source"],
            parent_requested_accommodation=row["parent_requested_accommodation"],
            lead_professional_id=row["lead_professional_id"],
            status=row["status"],
            closed_on=row["closed_on"],
            received_at=received_at(row["referral_date"], row["referral_time"], row["created_at"]),
            first_contact_time=row["first_contact_time"],
        )
        for row in base.annotate(
            first_contact_time=Subquery(
                Contact.objects.filter(case=OuterRef("pk"))
                .order_by("contact_date", "start_time")
                .values("start_time")[:1]
            )
        ).values(
            "pk",
            "family_id",
            "team__name",
            "service__intervention_model",
            "referral_date",
            "referral_source",
            "parent_requested_accommodation",
            "lead_professional_id",
            "status",
            "closed_on",
            "referral_time",
            "created_at",
            "first_contact_time",
        )
    }
    if not facts:
        return []

    # The young people each case is about; the eldest stands for the case.
    through = Case.young_people.through
    eldest: dict[int, tuple] = {}
    for case_id, born, gender in through.objects.filter(case_id__in=ids).values_list(
        "case_id", "person__date_of_birth", "person__gender"
    ):
        case = facts[case_id]
        case.young_people += 1
        key = born or datetime.date.max
        if case_id not in eldest or key < eldest[case_id][0]:
            eldest[case_id] = (key, born, gender)
    for case_id, (_key, born, gender) in eldest.items():
        referred = facts[case_id].referral_date
        facts[case_id].age_at_referral = age_on(born, referred) if born else None
        facts[case_id].gender = gender or ""

    in_period = Q(contact_date__gte=filters.date_from, contact_date__lte=filters.date_to)
    for row in (
        Contact.objects.filter(case_id__in=ids)
        .values("case_id")
        .annotate(
            first=Min("contact_date"),
            total=Count("pk"),
            ooh=Count("pk", filter=Q(out_of_hours=True)),
            period=Count("pk", filter=in_period),
            period_ooh=Count("pk", filter=in_period & Q(out_of_hours=True)),
        )
        .order_by()
    ):
        case = facts[row["case_id"]]
        case.first_contact_on = row["first"]
        case.contacts = row["total"]
        case.out_of_hours_contacts = row["ooh"]
        case.contacts_in_period = row["period"]
        case.out_of_hours_in_period = row["period_ooh"]

    for case_id, outcome in (
        Decision.objects.filter(case_id__in=ids)
        .order_by("case_id", "decided_on", "id")
        .values_list("case_id", "outcome")
    ):
        facts[case_id].latest_decision = outcome  # the last one wins

    closures = {}
    for row in (
        Closure.objects.in_force()
        .filter(case_id__in=ids)
        .values("pk", "case_id", "reason", "closure_date", "key_outcome")
    ):
        facts[row["case_id"]].closure = row
        closures[row["pk"]] = facts[row["case_id"]]

    if closures:
        for row in (
            ClosureDomainScore.objects.filter(closure_id__in=list(closures))
            .values(
                "closure_id",
                "domain_id",
                "domain__name",
                "domain__order",
                "baseline_worker_score",
                "baseline_family_score",
                "worker_score",
                "family_score",
            )
            .order_by("domain__order", "domain_id")
        ):
            closures[row["closure_id"]].scores.append(row)

    for row in (
        FollowUpCheck.objects.filter(case_id__in=ids)
        .exclude(status=FollowUpCheck.Status.CANCELLED)
        .values(
            "case_id",
            "closure_id",
            "months_after",
            "due_date",
            "status",
            "still_living_at_home",
            "re_referred",
            "entered_care",
        )
        .order_by("due_date")
    ):
        facts[row["case_id"]].follow_ups.append(row)

    for row in (
        LegalStatus.objects.filter(case_id__in=ids)
        .values("case_id", "kind", "started_on", "ended_on")
        .order_by("started_on", "pk")
    ):
        facts[row["case_id"]].legal_statuses.append(row)

    # Later referrals of the same families, to any service of the organisation: only the
    # family and the date are read, never anything about the later case.
    closed_families = {c.family_id for c in closures.values()}
    if closed_families:
        later = defaultdict(list)
        for family_id, referred in Case.objects.filter(
            family_id__in=closed_families, family__organisation_id=user.organisation_id
        ).values_list("family_id", "referral_date"):
            later[family_id].append(referred)
        for case in closures.values():
            closed = case.closure["closure_date"]
            window_end = closed + datetime.timedelta(days=RE_REFERRAL_WINDOW_DAYS)
            case.re_referred_within_12_months = any(
                closed < day <= window_end for day in later[case.family_id]
            ) or any(
                f["re_referred"] and f["closure_id"] == case.closure["pk"] for f in case.follow_ups
            )

    cases = [
        case
        for case in facts.values()
        if (not filters.age_band or case.age_band == filters.age_band)
        and (not filters.gender or case.gender == filters.gender)
    ]
    return sorted(cases, key=lambda c: (c.referral_date, c.pk))


# Figures ------------------------------------------------------------------------------------
