"""Caseloads and the needs-attention list: what a manager watches, computed in the database.

Every figure on the caseloads page is defined once here, as a filter over cases (`FIGURES`).
The same definition counts the cases for each worker (one aggregate query grouped by lead
professional) and lists the cases behind a count (the drill-down), so a number and the list
it links to can never disagree. Nothing here loops over workers or cases hitting the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Length
from django.utils import timezone

from assessments.models import Assessment
from edgecare.models import User
from edgecare.rules import case_scope_q
from families.models import Case, Contact, Decision
from families.selectors import (
    RECENT_CONTACT_DAYS,
    cases_for_user,
    quiet_case_days,
    with_case_list_figures,
)
from families.services import ALLOCATABLE_ROLES
from managers import journey
from plans.models import Plan

# A referral should have its edge-of-care decision, with a rationale, within this many days.
DECISION_DUE_DAYS = 5
# A rationale shorter than this cannot have weighed the risks against the strengths in any
# depth (the case record refuses anything under 40 characters outright).
THIN_RATIONALE_CHARS = 120
PAST_REFERRAL = (Case.Status.ASSESSMENT, Case.Status.ACTIVE, Case.Status.CLOSING)


# Building blocks over Case ------------------------------------------------------------------


def last_contact_subquery() -> Subquery:
    latest = (
        Contact.objects.filter(case=OuterRef("pk"))
        .order_by("-contact_date")
        .values("contact_date")[:1]
    )
    return Subquery(latest)


def quiet_since():
    """The day a case last had contact, or its referral date if it has had none yet."""
    return Coalesce(last_contact_subquery(), F("referral_date"))


def recent_contacts_subquery(today: datetime.date) -> Coalesce:
    counted = (
        Contact.objects.filter(case=OuterRef("pk"), contact_date__gt=recent_from(today))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def recent_from(today: datetime.date) -> datetime.date:
    """Contacts after this day are "in the last 14 days" (today and the 13 days before)."""
    return today - datetime.timedelta(days=RECENT_CONTACT_DAYS)


def review_overdue_q(today: datetime.date) -> Q:
    return Q(Exists(Plan.objects.agreed().filter(case=OuterRef("pk"), next_review_date__lt=today)))


def signed_off_assessment_q() -> Q:
    return Q(Exists(Assessment.objects.signed_off().filter(case=OuterRef("pk"))))


def agreed_plan_q() -> Q:
    return Q(Exists(Plan.objects.agreed().filter(case=OuterRef("pk"))))


def awaiting_sign_off_q() -> Q:
    q = Q(
        Exists(Assessment.objects.filter(case=OuterRef("pk"), status=Assessment.Status.SUBMITTED))
    )
    return q | journey.closure_awaiting_sign_off_q()


# The figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    definition: str
    q: Callable[[datetime.date], Q]
    # Most figures are about open cases; overdue follow-ups are about closed ones.
    open_cases: bool = True


def _at_stage(status: Case.Status, definition: str) -> Figure:
    """The open cases at one stage of the case lifecycle, keyed and labelled as the status."""
    return Figure(status.value, status.label, definition, lambda today: Q(status=status))


FIGURES: list[Figure] = [
    Figure("open_cases", "Open cases", "Cases not yet closed.", lambda today: Q()),
    _at_stage(Case.Status.REFERRED, "Open cases at referral (no decision to support at home yet)."),
    _at_stage(Case.Status.ASSESSMENT, "Open cases being assessed."),
    _at_stage(Case.Status.ACTIVE, "Open cases working to an agreed plan."),
    _at_stage(Case.Status.CLOSING, "Open cases preparing for closure."),
    Figure(
        "contacted_recently",
        "Contacts, last 14 days",
        "Contacts recorded in the last 14 days (today and the 13 days before) on the "
        "worker's open cases. The list shows the cases they were on.",
        lambda today: Q(
            Exists(Contact.objects.filter(case=OuterRef("pk"), contact_date__gt=recent_from(today)))
        ),
    ),
    Figure(
        "quiet",
        "Days since last contact",
        "The longest gap on any of the worker's open cases: days since that case's last "
        "contact, counted from the referral where there has been no contact yet. The list "
        f"shows their cases with no contact for more than {settings.QUIET_CASE_DAYS} days.",
        lambda today: Q(quiet_since__lt=today - datetime.timedelta(days=quiet_case_days())),
    ),
    Figure(
        "overdue_reviews",
        "Reviews overdue",
        "Open cases whose agreed plan's next review date has passed.",
        review_overdue_q,
    ),
    Figure(
        "overdue_follow_ups",
        "Follow-ups overdue",
        "Closed cases with a follow-up check (3, 6 or 12 months after closure) past its due "
        "date and not yet done.",
        journey.follow_up_overdue_q,
        open_cases=False,
    ),
    Figure(
        "no_assessment",
        "No signed-off assessment",
        "Open cases past referral without a signed-off assessment.",
        lambda today: Q(status__in=PAST_REFERRAL) & ~signed_off_assessment_q(),
    ),
    Figure(
        "no_plan",
        "No agreed plan",
        "Open cases past referral without a plan agreed with the family.",
        lambda today: Q(status__in=PAST_REFERRAL) & ~agreed_plan_q(),
    ),
    Figure(
        "awaiting_sign_off",
        "Awaiting sign-off",
        "Open cases with an assessment or a closure submitted and waiting for a manager's "
        "sign-off.",
        lambda today: awaiting_sign_off_q(),
    ),
]
FIGURES_BY_KEY = {figure.key: figure for figure in FIGURES}
# Columns counted as cases; the contacts and quiet columns hold other numbers.
CASE_COUNT_KEYS = [
    f.key for f in FIGURES if f.open_cases and f.key not in ("contacted_recently", "quiet")
]
SORT_KEYS = ["worker", *[f.key for f in FIGURES]]


# Each worker's share of late records counts the contacts of this many weeks.
LATE_SHARE_WEEKS = 12


def figure_cases(user, figure: Figure, today: datetime.date) -> QuerySet[Case]:
    """The cases behind one figure, for the drill-down list."""
    base = cases_for_user(user)
    base = base.open() if figure.open_cases else base.filter(status=Case.Status.CLOSED)
    return base.annotate(quiet_since=quiet_since()).filter(figure.q(today))


# Caseloads ----------------------------------------------------------------------------------


@dataclass
class WorkerCaseload:
    worker: User
    figures: dict[str, int] = field(default_factory=dict)
    # Days since the last contact on the worker's quietest open case (None: no open cases).
    days_since_contact: int | None = None
    # Contacts the worker recorded over the last LATE_SHARE_WEEKS, and how many of them were
    # typed in more than LATE_RECORDING_DAYS working days after the contact.
    records: int = 0
    late_records: int = 0

    @property
    def late_share(self) -> int | None:
        """The share of the worker's recent records typed in late, in whole per cent."""
        return round(100 * self.late_records / self.records) if self.records else None

    def value(self, key: str):
        if key == "worker":
            return (self.worker.first_name.casefold(), self.worker.last_name.casefold())
        if key == "quiet":
            return self.days_since_contact if self.days_since_contact is not None else -1
        return self.figures.get(key, 0)

    @property
    def is_quiet(self) -> bool:
        return self.days_since_contact is not None and self.days_since_contact > quiet_case_days()


def workers_in_scope(user) -> QuerySet[User]:
    """The practitioners whose caseloads a manager watches: active key workers and team
    managers of the teams in their scope."""
    base = User.objects.filter(
        is_active=True, role__in=ALLOCATABLE_ROLES, organisation_id=user.organisation_id
    )
    if user.role == User.Role.TEAM_MANAGER and user.team_id:
        return base.filter(team_id=user.team_id)
    if user.role == User.Role.SERVICE_MANAGER and user.service_id:
        return base.filter(team__service_id=user.service_id)
    return base.none()


def worker_in_scope(user, pk: int) -> User | None:
    """A worker whose caseload `user` may look at: one of their practitioners, or the lead
    professional of a case in their scope."""
    return (
        User.objects.filter(pk=pk)
        .filter(
            Q(pk__in=workers_in_scope(user).values("pk"))
            | Q(pk__in=cases_for_user(user).values("lead_professional"))
        )
        .first()
    )


def _count_per(rows: QuerySet, field: str) -> dict:
    """How many of `rows` each value of `field` (a worker's id) has, in one grouped query."""
    counted = rows.values(field).annotate(n=Count("pk")).order_by()
    return {row[field]: row["n"] for row in counted}


def caseloads(
    user, *, today: datetime.date | None = None, sort: str = "worker"
) -> list[WorkerCaseload]:
    """One row per worker in scope (and per lead professional of a case in scope who has
    since moved team), in four queries however many workers and cases there are."""
    today = today or timezone.localdate()
    open_cases = cases_for_user(user).open().order_by()
    per_worker = (
        open_cases.annotate(quiet_since=quiet_since())
        .values("lead_professional")
        .annotate(
            **{key: Count("pk", filter=FIGURES_BY_KEY[key].q(today)) for key in CASE_COUNT_KEYS},
            oldest_contact=Min("quiet_since"),
        )
        .order_by()
    )
    by_worker = {row["lead_professional"]: row for row in per_worker}
    contacts_by_worker = _count_per(
        Contact.objects.filter(case_scope_q(user, "case"))
        .exclude(case__status=Case.Status.CLOSED)
        .filter(contact_date__gt=recent_from(today)),
        "case__lead_professional",
    )
    overdue_follow_ups = _count_per(
        cases_for_user(user)
        .filter(status=Case.Status.CLOSED)
        .filter(journey.follow_up_overdue_q(today)),
        "lead_professional",
    )
    recorded = (
        Contact.objects.filter(case_scope_q(user, "case"))
        .filter(contact_date__gte=today - datetime.timedelta(weeks=LATE_SHARE_WEEKS))
        .values("recorded_by")
        .annotate(
            n=Count("pk"),
            late=Count(
                "pk", filter=Q(recorded_after_working_days__gt=settings.LATE_RECORDING_DAYS)
            ),
        )
        .order_by()
    )
    records_by_worker = {row["recorded_by"]: (row["n"], row["late"]) for row in recorded}
    lead_ids = {pk for pk in [*by_worker, *overdue_follow_ups] if pk is not None}
    workers = User.objects.filter(
        Q(pk__in=workers_in_scope(user).values("pk")) | Q(pk__in=lead_ids)
    ).select_related("team")
    rows = []
    for worker in workers:
        row = by_worker.get(worker.pk, {})
        figures = {key: row.get(key, 0) for key in CASE_COUNT_KEYS}
        figures["contacted_recently"] = contacts_by_worker.get(worker.pk, 0)
        figures["overdue_follow_ups"] = overdue_follow_ups.get(worker.pk, 0)
        oldest = as_date(row.get("oldest_contact"))
        caseload = WorkerCaseload(
            worker=worker,
            figures=figures,
            days_since_contact=(today - oldest).days if oldest else None,
        )
        figures["quiet"] = caseload.days_since_contact
        caseload.records, caseload.late_records = records_by_worker.get(worker.pk, (0, 0))
        rows.append(caseload)
    return sort_caseloads(rows, sort)


def as_date(value) -> datetime.date | None:
    # SQLite hands back a string for a date computed by COALESCE over a subquery.
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def parse_sort(sort: str | None) -> tuple[str, bool]:
    """A whitelisted sort key and whether it runs high to low. Anything else: by name."""
    sort = (sort or "").strip()
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        return "worker", False
    return key, descending


def sort_caseloads(rows: list[WorkerCaseload], sort: str | None) -> list[WorkerCaseload]:
    key, descending = parse_sort(sort)
    by_name = sorted(rows, key=lambda r: r.value("worker"))
    if key == "worker":
        return list(reversed(by_name)) if descending else by_name
    return sorted(by_name, key=lambda r: r.value(key), reverse=descending)


def unallocated_cases(user) -> QuerySet[Case]:
    """Open cases nobody leads yet, oldest referral first."""
    return with_case_list_figures(
        cases_for_user(user).open().filter(lead_professional__isnull=True)
    ).order_by("referral_date", "pk")


def drill_down_cases(user, *, figure: Figure, worker: User, today: datetime.date) -> QuerySet[Case]:
    """The cases behind one worker's figure, with what each row shows annotated."""
    cases = figure_cases(user, figure, today).filter(lead_professional=worker)
    return (
        with_case_list_figures(cases)
        .annotate(
            recent_contacts=recent_contacts_subquery(today),
            next_review_on=Subquery(
                Plan.objects.agreed()
                .filter(case=OuterRef("pk"))
                .order_by("next_review_date")
                .values("next_review_date")[:1]
            ),
            has_signed_off_assessment=Exists(
                Assessment.objects.signed_off().filter(case=OuterRef("pk"))
            ),
            has_agreed_plan=Exists(Plan.objects.agreed().filter(case=OuterRef("pk"))),
            awaits_sign_off=ExpressionWrapper(awaiting_sign_off_q(), output_field=BooleanField()),
        )
        .order_by("quiet_since", "pk")
    )


# Needs attention ----------------------------------------------------------------------------


@dataclass
class AttentionLists:
    quiet: list[Case]
    reviews_overdue: list[Case]
    risk_raised: list[Case]
    decision_missing: list[Case]
    thin_rationale: list[Case]
    quiet_days: int

    @property
    def decisions_awaiting(self) -> int:
        """The cases under "Decisions awaiting a rationale": no decision, or a thin one."""
        return len({c.pk for c in self.decision_missing + self.thin_rationale})

    @property
    def total(self) -> int:
        return len(
            {
                c.pk
                for c in self.quiet
                + self.reviews_overdue
                + self.risk_raised
                + self.decision_missing
                + self.thin_rationale
            }
        )


def _risk_label(value: str | None) -> str:
    return Assessment.RiskLevel(value).label.lower() if value else "not set"


def needs_attention(user, *, today: datetime.date | None = None) -> AttentionLists:
    """Open cases a manager should look at now, in one query for the cases (plus one for their
    young people), each annotated with the reasons it is listed."""
    today = today or timezone.localdate()
    quiet_days = quiet_case_days()
    latest_decision = Decision.objects.filter(case=OuterRef("pk")).order_by("-decided_on", "-id")
    flags = {
        "is_quiet": Q(quiet_since__lt=today - datetime.timedelta(days=quiet_days)),
        "is_review_overdue": review_overdue_q(today),
        "is_decision_missing": ~Q(Exists(Decision.objects.filter(case=OuterRef("pk"))))
        & Q(referral_date__lt=today - datetime.timedelta(days=DECISION_DUE_DAYS)),
        "is_rationale_thin": Q(latest_rationale_length__lt=THIN_RATIONALE_CHARS),
    }
    any_flag = Q(is_risk_raised=True)
    for q in flags.values():
        any_flag |= q
    cases = (
        with_case_list_figures(cases_for_user(user).open())
        .annotate(**journey.risk_annotations())
        .annotate(
            quiet_since=quiet_since(),
            latest_rationale_length=Subquery(
                latest_decision.annotate(n=Length("rationale")).values("n")[:1],
                output_field=IntegerField(),
            ),
            latest_decision_on=Subquery(latest_decision.values("decided_on")[:1]),
            next_review_on=Subquery(
                Plan.objects.agreed()
                .filter(case=OuterRef("pk"))
                .order_by("next_review_date")
                .values("next_review_date")[:1]
            ),
        )
        .annotate(
            **{name: ExpressionWrapper(q, output_field=BooleanField()) for name, q in flags.items()}
        )
        .filter(any_flag)
        .order_by("referral_date", "pk")
    )
    # Any: each row carries the annotations above and the display values set here, which the
    # Case model does not declare.
    rows: list[Any] = list(cases)
    for case in rows:
        case.quiet_since = as_date(case.quiet_since)
        case.days_quiet = (today - case.quiet_since).days if case.quiet_since else None
        case.last_review_risk_display = _risk_label(case.last_review_risk)
        case.last_review_previous_risk_display = _risk_label(case.last_review_previous_risk)
    return AttentionLists(
        quiet=sorted((c for c in rows if c.is_quiet), key=attrgetter("quiet_since", "pk")),
        reviews_overdue=sorted(
            (c for c in rows if c.is_review_overdue), key=attrgetter("next_review_on", "pk")
        ),
        risk_raised=[c for c in rows if c.is_risk_raised],
        decision_missing=[c for c in rows if c.is_decision_missing],
        thin_rationale=[c for c in rows if c.is_rationale_thin],
        quiet_days=quiet_days,
    )
