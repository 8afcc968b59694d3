"""Demo data for the managers' pages: the organisation's cost assumptions, a year and a half of
earlier, closed episodes of work (so the outcome report has something to say), and a few
notifications. Deterministic and plainly fictional: every family here is invented."""

from __future__ import annotations

import datetime
import functools

from django.utils import timezone

from assessments.models import Assessment, DomainAssessment
from assessments.services import outcome_framework_for
from edgecare.dates import add_months, years_before
from edgecare.out_of_hours import is_out_of_hours
from families import services as family_services
from families.models import Allocation, Case, Contact, Decision, Person
from managers.models import CostAssumptions, Notification
from plans.models import Plan
from reviews.models import Closure, ClosureDomainScore, FollowUpCheck

# (family name, young person, their age, gender, team key)
HISTORICAL_FAMILIES = [
    ("Applethwaite", "Rory", 14, "male", "north"),
    ("Brambleton", "Tilly", 13, "female", "north"),
    ("Cobbold", "Kai", 15, "male", "south"),
    ("Dunmore-Pike", "Esme", 12, "female", "south"),
    ("Elmsworth", "Jonah", 16, "male", "mst"),
    ("Gorringe", "Maisie", 14, "female", "north"),
    ("Hollowell", "Tariq", 15, "male", "south"),
    ("Inchbald", "Poppy", 11, "female", "fgc"),
    ("Jessop-Kaye", "Alfie", 13, "male", "north"),
    ("Kettleborough", "Nia", 16, "female", "mst"),
    ("Larkspur", "Ezra", 12, "male", "south"),
    ("Merriweather", "Sienna", 15, "female", "north"),
    ("Nettlefold", "Callum", 14, "male", "mst"),
    ("Oakenshaw", "Lily-Rose", 13, "female", "south"),
    ("Pennywhistle", "Reuben", 17, "male", "north"),
    ("Quarrington", "Ava", 14, "female", "fgc"),
    ("Rookwood", "Marcus", 15, "male", "south"),
    ("Saltmarsh", "Freya", 12, "female", "north"),
    ("Thistlewood", "Dion", 16, "male", "mst"),
    ("Underhill", "Isla", 14, "female", "south"),
    ("Vellacott", "Kian", 13, "male", "north"),
    ("Winterbourne", "Zara", 15, "female", "south"),
    ("Yarrowby", "Leon", 11, "male", "fgc"),
    ("Zennor", "Harper", 16, "non_binary", "north"),
]
TEAM_STAFF = {
    "north": ("hana.tm", ["amara.kw", "ben.kw", "chloe.kw"]),
    "south": ("ian.tm", ["dev.kw", "ellie.kw"]),
    "mst": ("jo.tm", ["farid.kw"]),
    "fgc": ("mo.tm", ["gwen.kw"]),
}
SERVICE_OF_TEAM = {"north": "ifs", "south": "ifs", "mst": "mst", "fgc": "fgc"}
# How episodes end, in turn, roughly as an established service's do: most reach their goals
# or step down, a few disengage, and some young people still enter care.
REASONS = [
    Closure.Reason.GOALS_ACHIEVED,
    Closure.Reason.STEP_DOWN_EARLY_HELP,
    Closure.Reason.GOALS_ACHIEVED,
    Closure.Reason.ENTERED_CARE,
    Closure.Reason.STEP_DOWN_UNIVERSAL,
    Closure.Reason.GOALS_ACHIEVED,
    Closure.Reason.DISENGAGED,
    Closure.Reason.STEP_DOWN_EARLY_HELP,
    Closure.Reason.GOALS_ACHIEVED,
    Closure.Reason.MOVED_AWAY,
    Closure.Reason.GOALS_ACHIEVED,
    Closure.Reason.TRANSFERRED,
]
# Change in a domain's score from baseline to closure, by how the work ended.
GAINS = {
    Closure.Reason.GOALS_ACHIEVED: (1, 5),
    Closure.Reason.STEP_DOWN_EARLY_HELP: (1, 4),
    Closure.Reason.STEP_DOWN_UNIVERSAL: (2, 5),
    Closure.Reason.DISENGAGED: (-1, 1),
    Closure.Reason.MOVED_AWAY: (0, 2),
    Closure.Reason.ENTERED_CARE: (-2, 0),
    Closure.Reason.TRANSFERRED: (0, 2),
}
FIRST_CONTACT_DAYS = [0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 5, 8]
RATIONALE = (
    "The young person wants to stay at home and both parents are committed to the work. "
    "The risks (missing episodes, conflict at home) are real but have a clear pattern the "
    "family can learn to break; intensive evening support is the least intrusive safe option."
)


def _clamp(score: int) -> int:
    return max(0, min(10, score))


def _contact_times(rng, count: int) -> list[datetime.time]:
    evening = [datetime.time(17, 30), datetime.time(18, 15), datetime.time(19, 0)]
    daytime = [datetime.time(9, 30), datetime.time(11, 0), datetime.time(14, 30)]
    return [
        rng.choice(evening) if rng.random() < 0.45 else rng.choice(daytime) for _ in range(count)
    ]


def build(demo, rng) -> None:
    today = getattr(demo, "today", None) or timezone.localdate()
    demo.today = today
    first_notification = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
    CostAssumptions.objects.create(
        organisation=demo.organisation,
        weekly_placement_cost=4000,
        weeks_avoided=26,
        counted_cases=CostAssumptions.CountedCases.EDGE_OF_CARE,
        source_note=(
            "Illustrative figure for the demo: a mid-range weekly cost of a residential "
            "placement (typically £1,500 to £6,000)."
        ),
        updated_by=demo.staff["lena.admin"],
    )
    framework = outcome_framework_for(demo.organisation)
    domains = list(framework.domains.filter(is_active=True).order_by("order"))
    for index, spec in enumerate(HISTORICAL_FAMILIES):
        _historical_case(demo, rng, today, domains, index, *spec)
    _tidy_notifications(demo, first_notification)


def _historical_case(demo, rng, today, domains, index, family_name, first, age, gender, team_key):
    manager_name, worker_names = TEAM_STAFF[team_key]
    manager = demo.staff[manager_name]
    worker = demo.staff[worker_names[index % len(worker_names)]]
    team = demo.teams[team_key]
    service = demo.services[SERVICE_OF_TEAM[team_key]]
    # Spread across the last eighteen months, the latest closing a few weeks ago.
    closed_on = today - datetime.timedelta(days=20 + index * 21 + rng.randint(0, 10))
    referred = closed_on - datetime.timedelta(days=rng.randint(100, 190))
    family = family_services.family_create(
        organisation=demo.organisation,
        created_by=manager,
        family_fields={
            "family_name": family_name,
            "address_line_1": f"{rng.randint(2, 98)} Imaginary Lane",
            "town": "Fernbridge",
            "postcode": f"FB{rng.randint(1, 9)} {rng.randint(1, 9)}ZZ",
        },
        focus_young_person={
            "first_name": first,
            "last_name": family_name,
            "gender": gender,
            "date_of_birth": years_before(referred, age)
            - datetime.timedelta(days=rng.randint(20, 300)),
        },
    )
    Person.objects.create(
        family=family,
        first_name=rng.choice(["Dawn", "Marie", "Sandra", "Paul", "Gary", "Leanne"]),
        last_name=family_name,
        relationship=rng.choice([Person.Relationship.MOTHER, Person.Relationship.FATHER]),
        gender=Person.Gender.NOT_KNOWN,
    )
    young_person = family.members.get(is_focus=True)
    # The family's referrals (the first and any re-referral) are its team's, opened by the manager.
    open_case = functools.partial(
        family_services.case_open,
        family=family,
        service=service,
        team=team,
        opened_by=manager,
        young_people=[young_person],
    )
    case = open_case(
        referral_date=referred,
        referral_source=rng.choice(Case.ReferralSource.values),
        presenting_concerns="Fictional demo case: conflict at home and missed school.",
        parent_requested_accommodation=rng.random() < 0.4,
        urgency=rng.choice(Case.Urgency.values),
    )
    family_services.decision_record(
        case=case,
        outcome=Decision.Outcome.SUPPORT_AT_HOME,
        made_by=Decision.MadeBy.PANEL,
        decided_on=referred + datetime.timedelta(days=rng.randint(0, 4)),
        decided_by_name="Edge of care panel",
        risks="Missing overnight twice this month; arguments most evenings.",
        strengths="A parent who wants the young person at home; a trusted teacher.",
        rationale=RATIONALE,
        recorded_by=manager,
    )
    allocation = family_services.case_allocate(
        case=case, worker=worker, allocated_by=manager, reason="First allocation"
    )
    Allocation.objects.filter(pk=allocation.pk).update(
        started_at=timezone.make_aware(datetime.datetime.combine(referred, datetime.time(10)))
    )

    # Contacts: the first within days, then often, tapering towards closure.
    first_contact = referred + datetime.timedelta(days=rng.choice(FIRST_CONTACT_DAYS))
    days, day = [first_contact], first_contact
    while True:
        progress = (day - referred).days / max((closed_on - referred).days, 1)
        day += datetime.timedelta(days=rng.randint(2, 4) if progress < 0.5 else rng.randint(6, 12))
        if day >= closed_on:
            break
        days.append(day)
    Contact.objects.bulk_create(
        [
            _contact(case, worker, on, at)
            for on, at in zip(days, _contact_times(rng, len(days)), strict=True)
        ]
    )

    assessed_on = first_contact + datetime.timedelta(days=rng.randint(7, 14))
    assessment = Assessment.objects.create(
        case=case,
        framework=domains[0].framework,
        assessment_date=assessed_on,
        assessor=worker,
        status=Assessment.Status.SIGNED_OFF,
        submitted_by=worker,
        signed_off_by=manager,
        risk_level=rng.choice(["medium", "high", "high", "very_high"]),
        risk_level_reason="Fictional demo assessment.",
    )
    baselines = {}
    for domain in domains:
        worker_score, family_score = rng.randint(1, 5), rng.randint(2, 6)
        baselines[domain.pk] = (worker_score, family_score)
        DomainAssessment.objects.create(
            assessment=assessment,
            domain=domain,
            worker_score=worker_score,
            family_score=family_score,
        )
    agreed_on = assessed_on + datetime.timedelta(days=rng.randint(3, 8))
    plan = Plan.objects.create(
        case=case,
        assessment=assessment,
        status=Plan.Status.AGREED,
        start_date=agreed_on,
        agreed_on=agreed_on,
        agreed_recorded_by=worker,
        next_review_date=closed_on,
        created_by=worker,
    )

    reason = REASONS[index % len(REASONS)]
    at_home = reason != Closure.Reason.ENTERED_CARE
    closure = Closure.objects.create(
        case=case,
        plan=plan,
        assessment=assessment,
        status=Closure.Status.SIGNED_OFF,
        reason=reason,
        closure_date=closed_on,
        key_outcome=Closure.KeyOutcome.WITH_PARENTS if at_home else Closure.KeyOutcome.CARE_FOSTER,
        created_by=worker,
        submitted_by=worker,
        signed_off_by=manager,
    )
    low, high = GAINS[reason]
    for domain in domains:
        worker_base, family_base = baselines[domain.pk]
        family_answered = rng.random() > 0.1
        ClosureDomainScore.objects.create(
            closure=closure,
            domain=domain,
            baseline_worker_score=worker_base,
            baseline_family_score=family_base,
            worker_score=_clamp(worker_base + rng.randint(low, high)),
            family_score=_clamp(family_base + rng.randint(low, high)) if family_answered else None,
        )
    # Directly, not Case.close(): the demo's closures are built as records, without the sign-off
    # that closes a case in the application, and update() keeps the demo's history quiet.
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_on=closed_on)

    for months in (3, 6, 12):
        due = add_months(closed_on, months)
        check = FollowUpCheck(case=case, closure=closure, months_after=months, due_date=due)
        if due < today - datetime.timedelta(days=7):
            if rng.random() < 0.1:
                check.status = FollowUpCheck.Status.NO_CONTACT
            else:
                still_home = at_home and rng.random() < 0.88
                check.status = FollowUpCheck.Status.DONE
                check.done_on = due + datetime.timedelta(days=rng.randint(0, 6))
                check.done_by = worker
                check.still_living_at_home = "yes" if still_home else "no"
                check.entered_care = not still_home
        check.save()

    # Two families come back within the year: one new referral is still waiting.
    if index in (5, 11):
        again = closed_on + datetime.timedelta(days=rng.randint(40, 120))
        if again <= today:
            open_case(
                referral_date=again,
                referral_source=Case.ReferralSource.FAMILY,
                presenting_concerns="Fictional demo re-referral: arguments have started again.",
            )


def _contact(case, worker, on: datetime.date, at: datetime.time) -> Contact:
    contact = Contact(
        case=case,
        contact_date=on,
        start_time=at,
        duration_minutes=60,
        contact_type=Contact.ContactType.HOME_VISIT,
        purpose="Fictional demo visit",
        what_happened="Worked through the week's plan with the family.",
        recorded_by=worker,
    )
    # bulk_create skips save(), where out-of-hours is worked out.
    contact.out_of_hours = is_out_of_hours(contact.starts_at)
    return contact


def _tidy_notifications(demo, before_pk: int | None) -> None:
    """The historical cases above raised notifications about work long done: remove those,
    and leave each person's five newest others unread, as a real inbox would be."""
    Notification.objects.filter(pk__gt=before_pk or 0).delete()
    now = timezone.now()
    for user in demo.staff.values():
        newest = list(Notification.objects.filter(recipient=user).values_list("pk", flat=True)[:5])
        Notification.objects.filter(recipient=user).exclude(pk__in=newest).update(read_at=now)
