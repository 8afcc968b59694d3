"""The service outcome report: what a period's work achieved, collated across workers and teams.

Built from a fixed handful of queries (the cases in scope, their young people, their contacts,
closures, closure scores, follow-up checks, later referrals and decisions), each returning
plain values; everything else is worked out here in Python, so the cost does not grow with the
number of cases shown and the figures can be checked by hand. Every figure's definition is in
`DEFINITIONS`, printed with the report.

What counts, and when:
- a case belongs to the report if it was in the manager's scope and matches the filters; the
  young person a case is "about", for age band and gender, is the eldest of the young people
  named on the referral, aged at the referral date;
- referrals and response times follow the referral date; out-of-hours share follows the
  contact date; closures, living at home at closure, distance travelled, re-referrals and cost
  avoided follow the closure date; follow-up checks follow their due date.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils import timezone

from edgecare.dates import age_on, years_before
from edgecare.models import Service, Team, User
from families.filters import AGE_BANDS
from families.models import Case, Contact, Decision, Person
from families.selectors import FIRST_CONTACT_WITHIN_DAYS, cases_for_user
from managers.models import CostAssumptions
from reviews.models import Closure, ClosureDomainScore, FollowUpCheck

RE_REFERRAL_WINDOW_DAYS = 365

DEFINITIONS = {
    "referrals": "Cases whose referral date falls in the period.",
    "response": (
        "Days from the referral date to the date of the first recorded contact, for cases "
        "referred in the period that have had a contact. The median is the middle value: half "
        "the families were seen sooner, half later."
    ),
    "out_of_hours": (
        "Contacts dated in the period that started in the evening, at night, at the weekend "
        "or on a bank holiday, as a share of all contacts dated in the period."
    ),
    "closures": (
        "Cases closed in the period: closures signed off by a manager (not since re-opened), "
        "by their recorded reason, and cases closed at the edge-of-care decision (accommodate, "
        "step down or no further action) without a period of work."
    ),
    "at_home": (
        "Of the closures signed off in the period, those where the young person was living at "
        "home or in the community at closure."
    ),
    "follow_ups": (
        "Follow-up checks due in the period that were done: the share where the young person "
        "was still living at home. Checks where the family could not be contacted or the "
        "answer is not known are counted separately, not as failures."
    ),
    "re_referrals": (
        "Of the closures signed off in the period, those whose family was referred to any of "
        "the organisation's services again within 12 months of the closure date, or whose "
        "follow-up check recorded a re-referral. Closures less than 12 months ago may still "
        "add to this."
    ),
    "distance": (
        "For each outcome domain, over closures signed off in the period that have both "
        "scores: the mean score at the baseline (the signed-off assessment) and at closure, "
        "and the mean change (closure minus baseline; positive is better). Worker's and "
        "family's own scores are kept apart."
    ),
    "cost": (
        "Young people living at home at closure (closures signed off in the period, counted "
        "as the cost assumptions say) x weeks of care avoided for each x the weekly cost of a "
        "placement. An estimate of gross cost avoided, not a saving: it does not subtract the "
        "cost of the service, and it assumes each young person would otherwise have entered "
        "care for that long."
    ),
}


# Filters --------------------------------------------------------------------------------------


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
    contacts: int = 0
    out_of_hours_contacts: int = 0
    contacts_in_period: int = 0
    out_of_hours_in_period: int = 0
    latest_decision: str = ""
    closure: dict | None = None
    scores: list[dict] = field(default_factory=list)
    follow_ups: list[dict] = field(default_factory=list)
    re_referred_within_12_months: bool = False

    @property
    def age_band(self) -> str:
        return age_band_of(self.age_at_referral)

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
    """Every case the report needs, with its facts, in eight queries."""
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
        )
        for row in base.values(
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


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def median_days(values: list[int]) -> float | None:
    return round(float(statistics.median(values)), 1) if values else None


@dataclass
class DomainDistance:
    domain_id: int
    name: str
    order: int
    worker_n: int = 0
    worker_baseline: float | None = None
    worker_closure: float | None = None
    worker_change: float | None = None
    family_n: int = 0
    family_baseline: float | None = None
    family_closure: float | None = None
    family_change: float | None = None


@dataclass
class CostEstimate:
    assumptions: CostAssumptions
    young_people: int
    cases: int
    weeks: int
    weekly_cost: Decimal
    total: Decimal


@dataclass
class OutcomeReport:
    filters: ReportFilters
    cases: list[CaseFacts]
    referrals: int
    referrals_by_month: list[tuple[str, int]]
    referrals_by_source: list[tuple[str, int]]
    response_days: list[int]
    median_response_days: float | None
    responded_within_target: int
    awaiting_first_contact: int
    contacts: int
    out_of_hours_contacts: int
    out_of_hours_share: float | None
    closures_by_reason: list[tuple[str, int]]
    closures_signed_off: int
    at_home_at_closure: int
    at_home_share: float | None
    follow_ups: list[dict]
    re_referrals: int
    re_referral_share: float | None
    closures_within_window: int
    distance: list[DomainDistance]
    cost: CostEstimate
    definitions: dict = field(default_factory=lambda: DEFINITIONS)
    # When the figures were worked out: the page says so, as a cached report may be minutes old.
    built_at: datetime.datetime | None = None
    # Set when the report is cached: its rendered figures are cached under the same key.
    cache_key: str = ""

    @property
    def response_bands(self) -> list[tuple[str, int]]:
        bands = Counter()
        for days in self.response_days:
            if days == 0:
                bands["Same day"] += 1
            elif days == 1:
                bands["Next day"] += 1
            elif days <= 7:
                bands["2 to 7 days"] += 1
            else:
                bands["More than 7 days"] += 1
        return [
            (label, bands[label])
            for label in ("Same day", "Next day", "2 to 7 days", "More than 7 days")
        ]

    @property
    def at_home_rows(self) -> list[tuple[str, float | None, int, int]]:
        """(label, % at home, at home, answered) at closure and at each follow-up."""
        rows = [
            ("At closure", self.at_home_share, self.at_home_at_closure, self.closures_signed_off)
        ]
        for check in self.follow_ups:
            rows.append(
                (f"{check['months']} months after", check["share"], check["yes"], check["answered"])
            )
        return rows


def _month_label(day: datetime.date) -> str:
    return f"{day:%b %Y}"


def _months(date_from: datetime.date, date_to: datetime.date) -> list[datetime.date]:
    months, day = [], date_from.replace(day=1)
    while day <= date_to:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def counts_for_cost(case: CaseFacts, rule: str) -> bool:
    if rule == CostAssumptions.CountedCases.ALL:
        return True
    if rule == CostAssumptions.CountedCases.PARENT_ASKED:
        return case.parent_requested_accommodation
    return (
        case.parent_requested_accommodation
        or case.latest_decision == Decision.Outcome.SUPPORT_AT_HOME
    )


def build_report(
    user, filters: ReportFilters, *, assumptions: CostAssumptions | None = None
) -> OutcomeReport:
    cases = load_cases(user, filters)
    if assumptions is None:
        assumptions = CostAssumptions.for_organisation(user.organisation_id)

    referred = [c for c in cases if filters.in_period(c.referral_date)]
    by_month = Counter((c.referral_date.year, c.referral_date.month) for c in referred)
    months = _months(filters.date_from, filters.date_to)
    source_labels = dict(Case.ReferralSource.choices)
    by_source = Counter(c.referral_source for c in referred)

    response_days = [c.days_to_first_contact for c in referred if c.first_contact_on]

    contacts = sum(c.contacts_in_period for c in cases)
    ooh = sum(c.out_of_hours_in_period for c in cases)

    closed = [c for c in cases if c.closure and filters.in_period(c.closure["closure_date"])]
    reason_labels = dict(Closure.Reason.choices)
    by_reason = Counter(reason_labels[c.closure["reason"]] for c in closed)
    decision_labels = dict(Decision.Outcome.choices)
    for case in cases:
        if (
            case.closure is None
            and case.status == Case.Status.CLOSED
            and filters.in_period(case.closed_on)
            and case.latest_decision
            and case.latest_decision != Decision.Outcome.SUPPORT_AT_HOME
        ):
            by_reason[f"Closed at the decision: {decision_labels[case.latest_decision]}"] += 1
    at_home = [c for c in closed if c.closure["key_outcome"] == Closure.KeyOutcome.AT_HOME]

    follow_ups = []
    months_after = sorted(
        {f["months_after"] for c in cases for f in c.follow_ups}
        | {int(m) for m in getattr(settings, "FOLLOW_UP_MONTHS", [3, 6, 12])}
    )
    for months_n in months_after:
        checks = [
            f
            for c in cases
            for f in c.follow_ups
            if f["months_after"] == months_n and filters.in_period(f["due_date"])
        ]
        done = [f for f in checks if f["status"] == FollowUpCheck.Status.DONE]
        answered = [f for f in done if f["still_living_at_home"] in ("yes", "no")]
        yes = sum(1 for f in answered if f["still_living_at_home"] == "yes")
        follow_ups.append(
            {
                "months": months_n,
                "due": len(checks),
                "done": len(done),
                "answered": len(answered),
                "yes": yes,
                "share": percent(yes, len(answered)),
                "not_known": len(done) - len(answered),
                "no_contact": sum(1 for f in checks if f["status"] == "no_contact"),
                "outstanding": sum(1 for f in checks if f["status"] == "due"),
                "entered_care": sum(1 for f in done if f["entered_care"]),
            }
        )

    today = timezone.localdate()
    re_referred = sum(1 for c in closed if c.re_referred_within_12_months)
    within_window = sum(
        1 for c in closed if (today - c.closure["closure_date"]).days < RE_REFERRAL_WINDOW_DAYS
    )

    distance = domain_distances(closed)

    counted = [c for c in at_home if counts_for_cost(c, assumptions.counted_cases)]
    young_people = sum(max(c.young_people, 1) for c in counted)
    weekly = Decimal(assumptions.weekly_placement_cost)
    cost = CostEstimate(
        assumptions=assumptions,
        young_people=young_people,
        cases=len(counted),
        weeks=assumptions.weeks_avoided,
        weekly_cost=weekly,
        total=weekly * assumptions.weeks_avoided * young_people,
    )

    return OutcomeReport(
        filters=filters,
        cases=cases,
        referrals=len(referred),
        referrals_by_month=[(_month_label(m), by_month[(m.year, m.month)]) for m in months],
        referrals_by_source=[
            (source_labels[key], by_source[key])
            for key, _label in Case.ReferralSource.choices
            if by_source[key]
        ],
        response_days=response_days,
        median_response_days=median_days(response_days),
        responded_within_target=sum(1 for d in response_days if d <= FIRST_CONTACT_WITHIN_DAYS),
        awaiting_first_contact=sum(
            1 for c in referred if c.first_contact_on is None and c.status != Case.Status.CLOSED
        ),
        contacts=contacts,
        out_of_hours_contacts=ooh,
        out_of_hours_share=percent(ooh, contacts),
        closures_by_reason=sorted(by_reason.items(), key=lambda item: (-item[1], item[0])),
        closures_signed_off=len(closed),
        at_home_at_closure=len(at_home),
        at_home_share=percent(len(at_home), len(closed)),
        follow_ups=follow_ups,
        re_referrals=re_referred,
        re_referral_share=percent(re_referred, len(closed)),
        closures_within_window=within_window,
        distance=distance,
        cost=cost,
        built_at=timezone.now(),
    )


# A cached report is thrown away, not misread, when a release changes what a report holds.
_REPORT_SHAPE = hashlib.sha256(
    repr(
        [(cls.__name__, [f.name for f in fields(cls)]) for cls in (OutcomeReport, CaseFacts)]
    ).encode()
).hexdigest()[:12]


def report_cache_key(user, filters: ReportFilters, assumptions: CostAssumptions) -> str:
    """What decides a report's figures: the scope (organisation, role, team, service: exactly
    what `case_scope_q` reads, so colleagues with the same scope share one report), the filters,
    today (re-referral windows and "awaiting" counts move with it) and the cost assumptions."""
    parts = [
        _REPORT_SHAPE,
        user.organisation_id,
        user.role,
        user.team_id,
        user.service_id,
        filters.date_from.isoformat(),
        filters.date_to.isoformat(),
        filters.team.pk if filters.team else "",
        filters.worker.pk if filters.worker else "",
        filters.intervention_model,
        filters.age_band,
        filters.gender,
        timezone.localdate().isoformat(),
        assumptions.pk or "",
        assumptions.updated_at.isoformat() if assumptions.updated_at else "",
    ]
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return f"outcome-report:{digest}"


def report_for(user, filters: ReportFilters, *, with_cases: bool = False) -> OutcomeReport:
    """The report, worked out at most once every OUTCOME_REPORT_CACHE_SECONDS for the same scope
    and filters: the page, its CSVs and its PDF then agree, and month-end reporting by several
    managers costs one build. The cache is shared by every application server (the database
    cache by default) and holds identifiers, codes, dates and numbers only, never notes.

    The figures and the per-case facts behind them are kept apart: only the anonymised case
    rows need the facts (`with_cases`), and reading them back is most of a cached page's cost."""
    seconds = settings.OUTCOME_REPORT_CACHE_SECONDS
    if seconds <= 0:
        return build_report(user, filters)
    assumptions = CostAssumptions.for_organisation(user.organisation_id)
    key = report_cache_key(user, filters, assumptions)
    figures = cache.get(key)
    if isinstance(figures, OutcomeReport):
        if not with_cases:
            return figures
        cases = cache.get(f"{key}:cases")
        if isinstance(cases, list):
            return replace(figures, cases=cases)
    report = replace(build_report(user, filters, assumptions=assumptions), cache_key=key)
    cache.set_many({key: replace(report, cases=[]), f"{key}:cases": report.cases}, seconds)
    return report


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def domain_distances(closed: list[CaseFacts]) -> list[DomainDistance]:
    rows: dict[int, DomainDistance] = {}
    pairs: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for case in closed:
        for score in case.scores:
            domain = rows.setdefault(
                score["domain_id"],
                DomainDistance(
                    domain_id=score["domain_id"],
                    name=score["domain__name"],
                    order=score["domain__order"],
                ),
            )
            for who in ("worker", "family"):
                baseline, now = score[f"baseline_{who}_score"], score[f"{who}_score"]
                if baseline is not None and now is not None:
                    pairs[domain.domain_id][who].append((baseline, now))
    for domain in rows.values():
        for who in ("worker", "family"):
            got = pairs[domain.domain_id][who]
            baselines = [b for b, _ in got]
            closures = [n for _, n in got]
            setattr(domain, f"{who}_n", len(got))
            setattr(domain, f"{who}_baseline", _mean(baselines))
            setattr(domain, f"{who}_closure", _mean(closures))
            setattr(domain, f"{who}_change", _mean([n - b for b, n in got]))
    return sorted(rows.values(), key=lambda d: (d.order, d.name))


# Case-level rows for export ---------------------------------------------------------------------


def pseudonym(pk: int) -> str:
    """A row id that is the same in every export but cannot be turned back into a case
    reference without the deployment's secret key."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"outcome-row:{pk}".encode(), hashlib.sha256
    ).hexdigest()
    return "R" + digest[:12].upper()


def case_rows(report: OutcomeReport) -> tuple[list[str], list[list]]:
    """The anonymised case-level rows: codes, months and numbers, never a name, an address
    or anything a worker wrote. Cases referred or closed in the period."""
    filters = report.filters
    domains = [(d.domain_id, d.name) for d in report.distance]
    months = [f["months"] for f in report.follow_ups]
    header = [
        "row_id",
        "team",
        "intervention_model",
        "age_band_at_referral",
        "gender",
        "referral_month",
        "referral_source",
        "parent_asked_for_accommodation",
        "decision",
        "days_to_first_contact",
        "contacts",
        "out_of_hours_share_percent",
        "closure_month",
        "closure_reason",
        "key_outcome",
        "re_referred_within_12_months",
    ]
    for _pk, name in domains:
        for who in ("worker", "family"):
            header += [f"{name}: baseline ({who})", f"{name}: closure ({who})"]
    for n in months:
        header += [
            f"follow_up_{n}m_status",
            f"follow_up_{n}m_living_at_home",
            f"follow_up_{n}m_re_referred",
            f"follow_up_{n}m_entered_care",
        ]
    rows = []
    for case in report.cases:
        closure = case.closure
        closed_in = closure is not None and filters.in_period(closure["closure_date"])
        if not (filters.in_period(case.referral_date) or closed_in):
            continue
        row = [
            pseudonym(case.pk),
            case.team,
            case.intervention_model,
            case.age_band,
            case.gender,
            f"{case.referral_date:%Y-%m}",
            case.referral_source,
            "yes" if case.parent_requested_accommodation else "no",
            case.latest_decision,
            case.days_to_first_contact if case.days_to_first_contact is not None else "",
            case.contacts,
            percent(case.out_of_hours_contacts, case.contacts) if case.contacts else "",
            f"{closure['closure_date']:%Y-%m}" if closure else "",
            closure["reason"] if closure else "",
            closure["key_outcome"] if closure else "",
            ("yes" if case.re_referred_within_12_months else "no") if closure else "",
        ]
        scores = {s["domain_id"]: s for s in case.scores}
        for pk, _name in domains:
            score = scores.get(pk, {})
            for who in ("worker", "family"):
                row += [
                    _blank(score.get(f"baseline_{who}_score")),
                    _blank(score.get(f"{who}_score")),
                ]
        checks = {
            f["months_after"]: f
            for f in case.follow_ups
            if closure is None or f["closure_id"] == closure["pk"]
        }
        for n in months:
            check = checks.get(n)
            if check is None:
                row += ["", "", "", ""]
            else:
                done = check["status"] == FollowUpCheck.Status.DONE
                row += [
                    check["status"],
                    check["still_living_at_home"] if done else "",
                    ("yes" if check["re_referred"] else "no") if done else "",
                    ("yes" if check["entered_care"] else "no") if done else "",
                ]
        rows.append(row)
    return header, rows


def _blank(value):
    return "" if value is None else value


def figure_rows(report: OutcomeReport) -> list[list]:
    """The report's figures, one per row: section, measure, value, out of, definition."""
    d = report.definitions
    rows = [
        ["Referrals", "Referrals received", report.referrals, "", d["referrals"]],
        *[["Referrals", f"Referred in {m}", n, "", ""] for m, n in report.referrals_by_month],
        *[
            ["Referrals", f"Source: {s}", n, report.referrals, ""]
            for s, n in report.referrals_by_source
        ],
        [
            "Response",
            "Median days from referral to first contact",
            _blank(report.median_response_days),
            len(report.response_days),
            d["response"],
        ],
        [
            "Response",
            f"First contact within {FIRST_CONTACT_WITHIN_DAYS} day",
            report.responded_within_target,
            len(report.response_days),
            "",
        ],
        ["Response", "Still awaiting a first contact", report.awaiting_first_contact, "", ""],
        [
            "Contacts",
            "Out-of-hours share of contacts (%)",
            _blank(report.out_of_hours_share),
            report.contacts,
            d["out_of_hours"],
        ],
        ["Contacts", "Out-of-hours contacts", report.out_of_hours_contacts, report.contacts, ""],
        *[
            ["Closures", f"Closed: {reason}", n, "", d["closures"]]
            for reason, n in report.closures_by_reason
        ],
        [
            "Outcomes",
            "Living at home at closure (%)",
            _blank(report.at_home_share),
            report.closures_signed_off,
            d["at_home"],
        ],
        [
            "Outcomes",
            "Living at home at closure",
            report.at_home_at_closure,
            report.closures_signed_off,
            "",
        ],
    ]
    for check in report.follow_ups:
        rows.append(
            [
                "Outcomes",
                f"Still living at home {check['months']} months after closure (%)",
                _blank(check["share"]),
                check["answered"],
                d["follow_ups"],
            ]
        )
    rows.append(
        [
            "Outcomes",
            "Re-referred within 12 months of closure (%)",
            _blank(report.re_referral_share),
            report.closures_signed_off,
            d["re_referrals"],
        ]
    )
    for domain in report.distance:
        for who in ("worker", "family"):
            rows.append(
                [
                    "Distance travelled",
                    f"{domain.name} ({who}'s score): baseline, closure, change",
                    f"{_blank(getattr(domain, f'{who}_baseline'))}, "
                    f"{_blank(getattr(domain, f'{who}_closure'))}, "
                    f"{_blank(getattr(domain, f'{who}_change'))}",
                    getattr(domain, f"{who}_n"),
                    d["distance"],
                ]
            )
    cost = report.cost
    rows += [
        [
            "Cost avoided",
            "Estimated cost of care avoided (GBP)",
            cost.total,
            cost.young_people,
            d["cost"],
        ],
        ["Cost avoided", "Assumption: weekly placement cost (GBP)", cost.weekly_cost, "", ""],
        ["Cost avoided", "Assumption: weeks of care avoided per young person", cost.weeks, "", ""],
        [
            "Cost avoided",
            "Assumption: who counts",
            cost.assumptions.get_counted_cases_display(),
            "",
            "",
        ],
    ]
    return rows
