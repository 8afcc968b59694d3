"""The service outcome report: what a period's work achieved, collated across workers and teams.

Built from a fixed handful of queries (the cases in scope, their young people, their contacts,
closures, closure scores, follow-up checks, later referrals and decisions; they are in
`managers.outcome_facts`), each returning
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
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from edgecare.charts import change_between
from families import models_lists
from families.models import ArrangementKind, Case, Decision, LegalStatus, ListEntry
from families.models_household import AT_HOME_OR_IN_COMMUNITY, IN_CARE
from families.selectors import FIRST_CONTACT_WITHIN_DAYS
from managers.models import CostAssumptions
from managers.outcome_facts import (
    RE_REFERRAL_WINDOW_DAYS,
    CaseFacts,
    ReportFilters,
    load_cases,
)
from reviews.models import Closure, FollowUpCheck

DEFINITIONS = {
    "referrals": "Cases whose referral date falls in the period.",
    "response_hours": (
        "In hours: from the time the referral came in (its recorded time, or when it was typed "
        "in on the day) to the start of the first contact; the 24-hour standard counts those "
        "seen within 24 hours."
    ),
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
        "home or in the community, not in care, at closure: with a parent, with extended family "
        "or friends (kinship care, informal or under a child arrangements or special "
        "guardianship order), or in supported or independent living (16 or over). In care "
        "(foster, residential or another placement, under section 20 or an order), in custody "
        "and 'somewhere else' are not counted. A correction of a closure's key outcome, once a "
        "manager signs it off, counts from then on."
    ),
    "key_outcomes": (
        "Closures signed off in the period by where the young person was living at closure."
    ),
    "legal_status": (
        "Cases by the plans and orders their young people were under: at referral (cases "
        "referred in the period, plans and orders in force on the referral date) and at "
        "closure (closures signed off in the period, in force on the closure date). A case "
        "under more than one is counted under each."
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
        "Young people living at home or in the community at closure, kinship care and "
        "supported living included (closures signed off in the period, counted "
        "as the cost assumptions say) x weeks of care avoided for each x the weekly cost of a "
        "placement. An estimate of gross cost avoided, not a saving: it does not subtract the "
        "cost of the service, and it assumes each young person would otherwise have entered "
        "care for that long."
    ),
}


# Filters --------------------------------------------------------------------------------------


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
    # The 24-hour standard, in hours, over the families whose referral time is known.
    response_hours: list[int]
    median_response_hours: float | None
    within_24_hours: int
    within_24_hours_share: float | None
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
    # (label, closures) per kind of living arrangement at closure, in the list's order.
    key_outcomes: list[tuple[str, int]] = field(default_factory=list)
    entered_care_at_closure: int = 0
    # (label, at referral, at closure) per kind of plan or order.
    legal_status_rows: list[tuple[str, int, int]] = field(default_factory=list)
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
    # The organisation's referral sources, in its list's order (its own entries included).
    sources = models_lists.entries(user.organisation_id, ListEntry.Kind.REFERRAL_SOURCE)
    by_source = Counter(c.referral_source for c in referred)

    response_days = [c.days_to_first_contact for c in referred if c.first_contact_on]
    response_hours = [h for h in (c.hours_to_first_contact for c in referred) if h is not None]
    within_24_hours = sum(1 for h in response_hours if h <= 24)

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
    at_home = [c for c in closed if c.closure["key_outcome"] in AT_HOME_OR_IN_COMMUNITY]
    by_outcome = Counter(c.closure["key_outcome"] for c in closed)
    legal_rows = legal_status_counts(referred, closed)

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
            (source.label, by_source[source.code]) for source in sources if by_source[source.code]
        ],
        response_days=response_days,
        median_response_days=median_days(response_days),
        responded_within_target=sum(1 for d in response_days if d <= FIRST_CONTACT_WITHIN_DAYS),
        response_hours=response_hours,
        median_response_hours=median_days(response_hours),
        within_24_hours=within_24_hours,
        within_24_hours_share=round(100 * within_24_hours / len(response_hours), 1)
        if response_hours
        else None,
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
        key_outcomes=[
            (label, by_outcome[key]) for key, label in ArrangementKind.choices if by_outcome[key]
        ],
        entered_care_at_closure=sum(n for key, n in by_outcome.items() if key in IN_CARE),
        legal_status_rows=legal_rows,
        built_at=timezone.now(),
    )


def legal_status_counts(
    referred: list[CaseFacts], closed: list[CaseFacts]
) -> list[tuple[str, int, int]]:
    """(plan or order, cases under it at referral, cases under it at closure), for the kinds
    any case had; "none recorded" last."""
    at_referral: Counter = Counter()
    at_closure: Counter = Counter()
    for case in referred:
        kinds = case.legal_kinds_on(case.referral_date)
        at_referral.update(kinds or {""})
    for case in closed:
        kinds = case.legal_kinds_on(case.closure["closure_date"])
        at_closure.update(kinds or {""})
    rows = [
        (label, at_referral[key], at_closure[key])
        for key, label in LegalStatus.Kind.choices
        if at_referral[key] or at_closure[key]
    ]
    if at_referral[""] or at_closure[""]:
        rows.append(("No plan or order recorded", at_referral[""], at_closure[""]))
    return rows


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
            # From the rounded means the report shows, as its chart does: one figure.
            setattr(
                domain,
                f"{who}_change",
                change_between(
                    getattr(domain, f"{who}_baseline"), getattr(domain, f"{who}_closure")
                ),
            )
    return sorted(rows.values(), key=lambda d: (d.order, d.name))
