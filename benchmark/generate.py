"""A large authority's five years of case records, generated fast for the benchmark.

`build(scale=1.0, seed=..., today=...)` fills the configured database with one fictional
organisation ("Greater Fernshire County Council (fictional)"): 3 services, 12 teams, 120 staff,
5,000 families (x scale) with their cases from referral to closure and follow-up.

How it stays fast:
- rows are built in memory a chunk of families at a time and written with `bulk_create`
  (batches of 5,000), parents before children, so each chunk is a handful of INSERTs per table;
- `bulk_create` sends no signals, so django-simple-history writes **no historical rows** for
  generated data (and the managers' notification signals do not fire); generated records
  therefore have no "who changed what" history, which no page measured here reads in bulk;
- `auto_now` / `auto_now_add` are switched off while loading so `created_at` / `updated_at`
  carry the record's own historical date instead of the moment of the load.

Deterministic: the same seed and the same `today` anchor give the same rows (ids included, on a
fresh database). Everything is plainly fictional.
"""

from __future__ import annotations

import contextlib
import datetime
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction

from assessments.models import (
    Assessment,
    CarerView,
    DomainAssessment,
    IdentifiedNeed,
    IndicatorSet,
    OutcomeDomain,
    YoungPersonView,
)
from assessments.services import outcome_framework_for
from benchmark import text as T
from edgecare.dates import add_months
from edgecare.models import Organisation, Service, Team, User
from edgecare.out_of_hours import is_out_of_hours
from families.models import (
    AgencyInvolvement,
    Allocation,
    Case,
    CaseEvent,
    Contact,
    Decision,
    Family,
    Person,
    SignificantEvent,
)
from managers.models import Notification
from plans.models import Action, Contingency, Goal, Plan, PlanContact
from reviews.models import (
    Closure,
    ClosureDomainScore,
    ClosureGoalOutcome,
    FollowUpCheck,
    Review,
    ReviewDomainScore,
    ReviewGoalProgress,
)

ORGANISATION_NAME = "Greater Fernshire County Council (fictional)"
BENCH_PASSWORD = "bench-password-not-for-real-use"  # noqa: S105 - fictional, benchmark only
BENCH_WORKER = "bench.worker"
# Generated surnames are two invented parts joined (SURNAME_PARTS_A + B); this one is not.
BUSY_FAMILY_NAME = "Halloway-Prentice"
BENCH_TEAM_MANAGER = "bench.tm"
BENCH_SERVICE_MANAGER = "bench.sm"
BATCH = 5000
LONDON = ZoneInfo("Europe/London")
YEARS = 5
FAMILIES_AT_FULL_SCALE = 5000
FAMILIES_PER_CHUNK = 500
COMPANION_CASES = 3

# (name, intervention model, team names)
SERVICES = [
    (
        "Intensive Family Support",
        Service.InterventionModel.IFPS,
        [
            "Edge of Care North",
            "Edge of Care South",
            "Edge of Care East",
            "Edge of Care West",
            "Edge of Care Central",
            "Edge of Care Coast",
        ],
    ),
    (
        "Multisystemic Therapy",
        Service.InterventionModel.MST,
        ["MST North", "MST South", "MST East"],
    ),
    (
        "Family Group Conferencing",
        Service.InterventionModel.FGC,
        ["FGC North", "FGC South", "FGC Rural"],
    ),
]
KEY_WORKERS_PER_TEAM = 8
EXTRA_KEY_WORKERS = 7  # to teams 0..6: 108 + 7 + 3 service managers + 2 administrators = 120

CONTACT_TYPES = [
    ("home_visit", 40),
    ("phone", 25),
    ("text", 10),
    ("school", 8),
    ("activity", 8),
    ("meeting", 6),
    ("office", 2),
    ("fgc", 1),
]
CONTACT_TYPE_NAMES = [t for t, _ in CONTACT_TYPES]
CONTACT_TYPE_WEIGHTS = [w for _, w in CONTACT_TYPES]
REFERRAL_SOURCES = [
    ("social_care", 45),
    ("school", 15),
    ("police", 12),
    ("health", 8),
    ("youth_justice", 8),
    ("family", 9),
    ("other", 3),
]
RISK_LEVELS = ["low", "medium", "high", "very_high"]


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, n: int) -> None:
        self.rows[label] = self.rows.get(label, 0) + n


@dataclass
class Result:
    organisation: Organisation
    busy_case_id: int
    counts: dict[str, int]
    seconds: float


@contextlib.contextmanager
def historical_timestamps() -> Iterator[None]:
    """Let generated rows carry their own created/updated dates (auto_now off while loading)."""
    switched = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                switched.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in switched:
            f.auto_now, f.auto_now_add = now, now_add


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def stamped(obj, day: datetime.date, hour: int = 10):
    """Set created_at / updated_at (case-record models) to the record's own date."""
    moment = at(day, hour)
    if hasattr(obj, "created_at"):
        obj.created_at = moment
    if hasattr(obj, "updated_at"):
        obj.updated_at = moment
    return obj


def clamp(score: int) -> int:
    return max(0, min(10, score))


class Tables:
    """Rows waiting to be written, by model, in the order they must be inserted."""

    def __init__(self, counts: Counts):
        self.rows: dict[str, list] = {}
        self.order: list[tuple[str, type]] = []
        self.counts = counts
        self.later: list[Callable[[], None]] = []

    def add(self, key: str, model: type, obj) -> object:
        if key not in self.rows:
            self.rows[key] = []
            self.order.append((key, model))
        self.rows[key].append(obj)
        return obj

    def flush(self, keys: list[str]) -> None:
        for key, model in self.order:
            if key not in keys:
                continue
            objs = self.rows.get(key) or []
            if objs:
                model._default_manager.bulk_create(objs, batch_size=BATCH)
                self.counts.add(key, len(objs))
            self.rows[key] = []


class Builder:
    def __init__(
        self,
        *,
        scale: float,
        seed: int,
        today: datetime.date,
        busy_contacts: int,
        log: Callable[[str], None],
    ):
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 - fictional data, not secrets
        self.today = today
        self.busy_contacts = busy_contacts
        self.log = log
        self.counts = Counts()
        self.start = today - datetime.timedelta(days=365 * YEARS)

    # Organisation and staff ---------------------------------------------------------------

    def build_organisation(self) -> None:
        self.org = Organisation.objects.create(
            name=ORGANISATION_NAME, out_of_hours_phone="0300 555 0300"
        )
        self.services: list[Service] = []
        self.teams: list[Team] = []
        for name, model, team_names in SERVICES:
            service = Service.objects.create(
                organisation=self.org, name=name, intervention_model=model
            )
            self.services.append(service)
            for n, team_name in enumerate(team_names):
                self.teams.append(
                    Team(
                        service=service,
                        name=team_name,
                        phone=f"0300 555 {1000 + len(self.teams) * 10:04d}",
                        out_of_hours_arrangement=(
                            "Evenings and weekends, call the out-of-hours line on "
                            f"0300 555 {1005 + len(self.teams) * 10 + n:04d}. "
                            "In an emergency, call 999."
                        ),
                    )
                )
        Team.objects.bulk_create(self.teams)
        self.counts.add("services", len(self.services))
        self.counts.add("teams", len(self.teams))

        password = make_password(BENCH_PASSWORD)
        rng = self.rng
        staff: list[User] = []
        self.key_workers: dict[int, list[User]] = {t.pk: [] for t in self.teams}
        self.team_managers: dict[int, User] = {}
        self.service_managers: dict[int, User] = {}

        def person(username: str, role: str, title: str, team=None, service=None) -> User:
            female = rng.random() < 0.7
            first = rng.choice(T.FIRST_NAMES_F if female else T.FIRST_NAMES_M)
            user = User(
                username=username,
                password=password,
                first_name=first,
                last_name=self.surname(),
                email=f"{username}@fernshire.invalid",
                organisation=self.org,
                role=role,
                team=team,
                service=service,
                job_title=title,
                date_joined=at(self.start),
            )
            staff.append(user)
            return user

        for t_index, team in enumerate(self.teams):
            slug = team.name.lower().replace(" ", "-")
            tm_name = BENCH_TEAM_MANAGER if t_index == 0 else f"tm.{slug}"
            self.team_managers[team.pk] = person(tm_name, "team_manager", "Team manager", team)
            n_workers = KEY_WORKERS_PER_TEAM + (1 if t_index < EXTRA_KEY_WORKERS else 0)
            for k in range(n_workers):
                name = BENCH_WORKER if (t_index == 0 and k == 0) else f"kw.{slug}.{k + 1}"
                worker = person(name, "key_worker", rng.choice(T.STAFF_JOB_TITLES), team)
                self.key_workers[team.pk].append(worker)
        for s_index, service in enumerate(self.services):
            name = BENCH_SERVICE_MANAGER if s_index == 0 else f"sm.{s_index + 1}"
            self.service_managers[service.pk] = person(
                name, "service_manager", "Service manager", service=service
            )
        for n in range(2):
            person(f"admin.{n + 1}", "administrator", "Systems administrator")
        User.objects.bulk_create(staff, batch_size=BATCH)
        self.counts.add("staff", len(staff))
        self.bench_worker = self.key_workers[self.teams[0].pk][0]

        self.framework = outcome_framework_for(self.org)
        self.domains = list(OutcomeDomain.objects.active_for(self.org).order_by("order", "id"))

    def surname(self) -> str:
        return self.rng.choice(T.SURNAME_PARTS_A) + self.rng.choice(T.SURNAME_PARTS_B)

    # Families and cases -------------------------------------------------------------------

    def build(self) -> None:
        n_families = max(10, round(FAMILIES_AT_FULL_SCALE * self.scale))
        # Teams take cases in proportion to their size; the IFPS teams are the biggest.
        self.team_weights = [len(self.key_workers[t.pk]) for t in self.teams]
        done = 0
        self.busy_case = None
        while done < n_families:
            size = min(FAMILIES_PER_CHUNK, n_families - done)
            self.build_chunk(first=done, size=size)
            done += size
            self.log(f"  families {done:>6,}/{n_families:,}")

    def mark_busy_case_significant(self) -> None:
        case_id = busy_case_id()
        if case_id is None:
            return
        case = Case.objects.get(pk=case_id)
        marks = SignificantEvent.objects.bulk_create(_busy_case_marks(case, self.bench_worker))
        self.counts.add("significant-event marks", len(marks))

    def build_chunk(self, *, first: int, size: int) -> None:
        rng = self.rng
        tb = Tables(self.counts)
        self.tb = tb
        for i in range(first, first + size):
            busy = i == 0
            # The benchmark's key worker also has a few open cases at any scale, so their home
            # page and lists have rows to show on the small data set as on the large one.
            own = 1 <= i <= COMPANION_CASES
            family = self.new_family(tb)
            if busy:
                family.family_name = BUSY_FAMILY_NAME
            members = self.new_members(tb, family)
            team = self.teams[0] if busy or own else rng.choices(self.teams, self.team_weights)[0]
            days = (self.today - self.start).days
            if busy:
                referral = self.today - datetime.timedelta(
                    days=430 if self.busy_contacts >= 200 else 220
                )
            elif own:
                referral = self.today - datetime.timedelta(days=rng.randint(15, 100))
            else:
                referral = self.start + datetime.timedelta(days=rng.randrange(days - 1))
            close = self.new_case(tb, family, members, team, referral, busy=busy, own=own)
            # About one family in eight is referred again after an earlier episode closed.
            if close is not None and not busy and rng.random() < 0.12:
                again = close + datetime.timedelta(days=rng.randint(60, 500))
                if again < self.today - datetime.timedelta(days=1):
                    team2 = rng.choices(self.teams, self.team_weights)[0]
                    self.new_case(tb, family, members, team2, again, busy=False)
        # Parents before children; self-references (versions, copies) in a second pass.
        tb.flush(["families", "people"])
        tb.flush(["cases"])
        tb.flush(["case_young_people", "decisions", "allocations", "agencies", "events"])
        tb.flush(["contacts"])
        tb.flush(["contact_people_seen"])
        tb.flush(["assessments"])
        tb.flush(
            ["domain_assessments", "needs", "young_person_views", "carer_views", "indicator_sets"]
        )
        tb.flush(["plans"])
        tb.flush(["plans_revised", "plan_agreed_by"])
        tb.flush(["goals", "contingencies", "plan_contacts"])
        tb.flush(["goals_revised"])
        tb.flush(["actions"])
        tb.flush(["reviews"])
        tb.flush(["review_goal_progress", "review_domain_scores", "review_attendees"])
        tb.flush(["closures"])
        tb.flush(["closure_domain_scores", "closure_goal_outcomes", "follow_up_checks"])
        for later in tb.later:
            later()
        tb.flush(["notifications"])

    def new_family(self, tb: Tables) -> Family:
        rng = self.rng
        name = self.surname()
        if rng.random() < 0.15:
            name = f"{name}-{self.surname()}"
        family = Family(
            organisation=self.org,
            family_name=name,
            address_line_1=f"{rng.randint(1, 180)} {rng.choice(T.STREETS)}",
            town=rng.choice(T.TOWNS),
            postcode=f"FN{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}"
            f"{rng.choice('LNPQRSTU')}",
            phone=f"07700 9{rng.randint(0, 99999):05d}",
            main_language="English" if rng.random() < 0.88 else rng.choice(["Polish", "Urdu"]),
        )
        return tb.add("families", Family, stamped(family, self.start))

    def new_members(self, tb: Tables, family: Family) -> dict[str, list[Person]]:
        rng = self.rng
        last = family.family_name
        members: dict[str, list[Person]] = {"young": [], "carers": [], "others": []}

        def add(kind: str, relationship: str, age: int, gender: str, focus: bool = False):
            first = rng.choice(T.FIRST_NAMES_F if gender == "female" else T.FIRST_NAMES_M)
            born = self.today - datetime.timedelta(days=age * 365 + rng.randrange(365))
            p = Person(
                family=family,
                first_name=first,
                last_name=last,
                date_of_birth=born,
                gender=gender,
                relationship=relationship,
                is_focus=focus,
                statutory_plan=rng.choices(["none", "cin", "cp"], [70, 22, 8])[0]
                if focus
                else "none",
            )
            members[kind].append(tb.add("people", Person, stamped(p, self.start)))

        for _ in range(2 if rng.random() < 0.3 else 1):
            gender = "female" if rng.random() < 0.45 else "male"
            add("young", "young_person", rng.randint(14, 20), gender, focus=True)
        if rng.random() < 0.9:
            add("carers", "mother", rng.randint(34, 52), "female")
        if rng.random() < 0.55:
            rel = rng.choice(["father", "step_father", "male_carer"])
            add("carers", rel, rng.randint(35, 55), "male")
        if rng.random() < 0.3:
            add("others", "sibling", rng.randint(6, 12), rng.choice(["female", "male"]))
        if not members["carers"]:
            add("carers", "grandparent", rng.randint(58, 70), "female")
        return members

    def new_case(self, tb, family, members, team, referral, *, busy: bool, own: bool = False):
        """One episode, referral to follow-up, as far as `today` has got. Returns the closure
        date if the case is closed by today, else None."""
        rng, today = self.rng, self.today
        d = datetime.timedelta
        yp = members["young"]
        carer = members["carers"][0]
        fill = {"yp": yp[0].known_as, "parent": carer.known_as}
        service = team.service
        workers = self.key_workers[team.pk]
        manager = self.team_managers[team.pk]
        worker = self.bench_worker if busy or own else rng.choice(workers)
        decision_on = referral + d(days=rng.randint(1, 6))
        support = busy or own or rng.random() < 0.86
        if support:
            duration = 360 if busy and self.busy_contacts >= 200 else rng.randint(110, 330)
            if busy and self.busy_contacts < 200:
                duration = 150
        else:
            duration = (decision_on - referral).days + rng.randint(3, 10)
        close_on = referral + d(days=duration)

        case = Case(
            family=family,
            service=service,
            team=team,
            status="referred",
            referral_date=referral,
            referral_source=rng.choices(*zip(*REFERRAL_SOURCES, strict=True))[0],
            referrer_name="Duty social worker",
            presenting_concerns=rng.choice(T.CONCERNS).format(**fill),
            parent_requested_accommodation=rng.random() < 0.3,
            urgency=rng.choices(["routine", "urgent", "crisis"], [60, 30, 10])[0],
            lead_professional=worker,
            created_by=manager,
        )
        tb.add("cases", Case, stamped(case, referral, 9))
        through = Case.young_people.through
        for p in yp:
            tb.add("case_young_people", through, through(case=case, person=p))

        # Allocation, with one case in seven handed to another worker part-way.
        realloc_on = None
        if not (busy or own) and rng.random() < 0.15 and duration > 60 and len(workers) > 1:
            realloc_on = referral + d(days=rng.randint(30, duration - 20))
        first_alloc = tb.add(
            "allocations",
            Allocation,
            stamped(
                Allocation(
                    case=case,
                    worker=worker,
                    allocated_by=manager,
                    started_at=at(referral + d(days=1), 11),
                ),
                referral + d(days=1),
            ),
        )
        self.notify(worker, "allocated", case, referral + d(days=1))
        workers_by_date = [(referral, worker)]
        if realloc_on and realloc_on < today:
            second = rng.choice([w for w in workers if w is not worker])
            first_alloc.ended_at = at(realloc_on, 11)
            tb.add(
                "allocations",
                Allocation,
                stamped(
                    Allocation(
                        case=case,
                        worker=second,
                        allocated_by=manager,
                        started_at=at(realloc_on, 11),
                        reason="Worker moved team",
                    ),
                    realloc_on,
                ),
            )
            self.notify(second, "allocated", case, realloc_on)
            workers_by_date.append((realloc_on, second))
            case.lead_professional = second

        def worker_on(day):
            current = workers_by_date[0][1]
            for start, w in workers_by_date:
                if day >= start:
                    current = w
            return current

        if today <= decision_on:
            return None
        outcome = "support_at_home" if support else rng.choice(["accommodate", "step_down", "nfa"])
        tb.add(
            "decisions",
            Decision,
            stamped(
                Decision(
                    case=case,
                    outcome=outcome,
                    made_by=rng.choice(["panel", "panel", "manager"]),
                    decided_on=decision_on,
                    decided_by_name="Edge-of-care panel (chair: service manager)",
                    attendees="Key worker, team manager, social worker, school, police",
                    risks="Conflict at home; going missing; a parent asked for accommodation.",
                    strengths="A loving parent; the young person wants to stay at home.",
                    rationale=T.DECISION_RATIONALE.format(**fill),
                    recorded_by=manager,
                ),
                decision_on,
            ),
        )
        if rng.random() < 0.6:
            tb.add(
                "agencies",
                AgencyInvolvement,
                stamped(
                    AgencyInvolvement(
                        case=case,
                        agency_type="school",
                        agency_name=f"{rng.choice(T.TOWNS)} Academy",
                        contact_name=f"{rng.choice(T.FIRST_NAMES_F)} {self.surname()}",
                        contact_role="Head of year",
                        part_in_work="Attendance plan and a named adult in school.",
                        started_on=referral,
                    ),
                    referral,
                ),
            )
        if rng.random() < 0.35:
            ev_day = referral + d(days=rng.randint(3, max(4, min(duration, 200))))
            if ev_day < today:
                tb.add(
                    "events",
                    CaseEvent,
                    stamped(
                        CaseEvent(
                            case=case,
                            event_date=ev_day,
                            kind=rng.choice(["missing", "police", "school"]),
                            summary="Reported missing overnight; found safe at a friend's.",
                            source="Police",
                            recorded_by=worker_on(ev_day),
                        ),
                        ev_day,
                    ),
                )

        last_day = min(close_on, today - d(days=1))
        self.new_contacts(tb, case, members, referral, last_day, worker_on, fill, busy=busy)

        if not support:
            if today > close_on:
                self.close_case(
                    tb,
                    case,
                    close_on,
                    manager,
                    worker_on(close_on),
                    fill,
                    reason={
                        "accommodate": "entered_care",
                        "step_down": "step_down_early_help",
                        "nfa": "step_down_universal",
                    }[outcome],
                    assessment=None,
                    plan=None,
                    domain_rows=None,
                )
                return close_on
            return None

        # Assessment ------------------------------------------------------------------------
        assessed_on = referral + d(days=rng.randint(10, 22))
        signed_on = assessed_on + d(days=rng.randint(3, 9))
        if today <= assessed_on:
            return None
        case.status = "assessment"
        assessor = worker_on(assessed_on)
        status = (
            "signed_off" if today > signed_on else ("submitted" if rng.random() < 0.5 else "draft")
        )
        assessment = Assessment(
            case=case,
            framework=self.framework,
            assessment_date=assessed_on,
            assessor=assessor,
            status=status,
            worries=T.WORRIES.format(**fill),
            working_well=T.WORKING_WELL.format(**fill),
            needs_to_happen=T.NEEDS_TO_HAPPEN.format(**fill),
            analysis="The strengths outweigh the risks if the evening support is in place.",
            risk_level=rng.choices(RISK_LEVELS, [10, 35, 40, 15])[0],
            risk_level_reason="Recent missing episodes and violence at home.",
        )
        if status in ("submitted", "signed_off"):
            assessment.submitted_at = at(assessed_on + d(days=1), 16)
            assessment.submitted_by = assessor
            self.notify(manager, "awaiting_sign_off", case, assessed_on + d(days=1))
        if status == "signed_off":
            assessment.signed_off_at = at(signed_on, 15)
            assessment.signed_off_by = manager
        tb.add("assessments", Assessment, stamped(assessment, assessed_on))
        domain_rows = []
        for domain in self.domains:
            worker_score = rng.randint(1, 6)
            row = DomainAssessment(
                assessment=assessment,
                domain=domain,
                domain_name=domain.name,
                domain_order=domain.order,
                strengths="The family want things to change and have support nearby.",
                narrative="What the family told us about this part of their life.",
                worker_score=worker_score,
                family_score=clamp(worker_score + rng.randint(-1, 2)),
            )
            domain_rows.append(
                tb.add("domain_assessments", DomainAssessment, stamped(row, assessed_on))
            )
        need_domains = sorted(domain_rows, key=lambda r: (r.worker_score, r.domain_order))[:3]
        needs = []
        for priority, row in enumerate(need_domains, start=1):
            needs.append(
                tb.add(
                    "needs",
                    IdentifiedNeed,
                    stamped(
                        IdentifiedNeed(
                            assessment=assessment,
                            domain=row.domain,
                            domain_name=row.domain_name,
                            priority=priority,
                            description=rng.choice(T.NEED_TEXT).format(**fill),
                        ),
                        assessed_on,
                    ),
                )
            )
        for p in yp:
            tb.add(
                "young_person_views",
                YoungPersonView,
                stamped(
                    YoungPersonView(
                        assessment=assessment,
                        person=p,
                        seen_alone=rng.random() < 0.7,
                        seen_on=assessed_on,
                        views="I want to stay at home but not with the shouting.",
                    ),
                    assessed_on,
                ),
            )
        tb.add(
            "carer_views",
            CarerView,
            stamped(
                CarerView(
                    assessment=assessment,
                    person=carer,
                    seen_on=assessed_on,
                    views="I love them but I can't keep going like this every night.",
                ),
                assessed_on,
            ),
        )
        indicators = IndicatorSet(
            case=case,
            assessment=assessment,
            occasion="assessment",
            recorded_on=assessed_on,
            period_weeks=12,
            school_attendance_percent=rng.randint(30, 85),
            exclusions=rng.randint(0, 3),
            missing_episodes=rng.randint(0, 5),
            offences=rng.randint(0, 2),
            police_callouts=rng.randint(0, 4),
            tool_informant="parent",
            tool_score=rng.randint(12, 30),
            recorded_by=assessor,
        )
        indicators.tool_band = indicators.compute_tool_band()
        tb.add("indicator_sets", IndicatorSet, stamped(indicators, assessed_on))
        if status != "signed_off":
            return None

        # Plan --------------------------------------------------------------------------------
        case.status = "active"
        agreed_on = signed_on + d(days=rng.randint(3, 10))
        cadence = rng.choice([4, 6, 6, 6, 8])
        plan_status = "agreed" if today > agreed_on else "draft"
        plan = Plan(
            case=case,
            assessment=assessment,
            version=1,
            status=plan_status,
            start_date=agreed_on,
            review_cadence_weeks=cadence,
            created_by=worker_on(signed_on),
        )
        if plan_status == "agreed":
            plan.agreed_on = agreed_on
            plan.family_comments = "We want it to be calmer at home and we'll give it a go."
            plan.agreed_recorded_by = worker_on(agreed_on)
            plan.agreed_recorded_at = at(agreed_on, 18)
            plan.next_review_date = agreed_on + d(weeks=cadence)
            self.notify(manager, "plan_agreed", case, agreed_on)
        tb.add("plans", Plan, stamped(plan, signed_on + d(days=1)))
        agreed_through = Plan.agreed_by_people.through
        if plan_status == "agreed":
            for p in [*yp, carer]:
                tb.add("plan_agreed_by", agreed_through, agreed_through(plan=plan, person=p))
        baselines = {r.domain.pk: r.worker_score for r in domain_rows}
        goals = self.new_plan_items(tb, plan, needs, members, fill, agreed_on, worker_on, baselines)
        if plan_status != "agreed":
            return None

        # Reviews, with one plan in five revised at a review ------------------------------------
        review_days = []
        day = agreed_on + d(weeks=cadence)
        end = min(close_on - d(days=7), today)
        while day <= end and len(review_days) < 40:
            review_days.append(day)
            day += d(weeks=cadence)
        is_open = today < close_on
        if is_open and review_days and rng.random() < 0.12:
            review_days.pop()  # an overdue review: the open case's next review has passed
        revise_at = (
            rng.randrange(len(review_days))
            if (review_days and (busy or rng.random() < 0.2))
            else None
        )
        risk = assessment.risk_level
        current_plan, current_goals = plan, goals
        n_reviews = len(review_days)
        for k, rday in enumerate(review_days):
            progress = (k + 1) / (n_reviews + 1)
            draft = is_open and k == n_reviews - 1 and rng.random() < 0.1
            previous_risk = risk
            risk = RISK_LEVELS[max(0, RISK_LEVELS.index(risk) - (1 if rng.random() < 0.3 else 0))]
            decision = "continue"
            if k == revise_at:
                decision = "revise"
            if not is_open and k == n_reviews - 1:
                decision = "prepare_closure"
            reviewer = worker_on(rday)
            review = Review(
                case=case,
                plan=current_plan,
                review_date=rday,
                review_type=rng.choices(["planned", "early", "multi_agency"], [75, 10, 15])[0],
                status="draft" if draft else "completed",
                attendees_others="School's head of year",
                progress_summary=T.REVIEW_PROGRESS.format(**fill),
                young_person_views=T.REVIEW_VIEWS_YP.format(**fill),
                family_views=T.REVIEW_VIEWS_FAMILY.format(**fill),
                risk_level=risk,
                risk_reason="Fewer incidents since the plan started.",
                previous_risk_level=previous_risk,
                decision="" if draft else decision,
                decision_reason="" if draft else "Progress is steady; keep going.",
                next_review_date=None if decision == "prepare_closure" else rday + d(weeks=cadence),
                created_by=reviewer,
                completed_by=None if draft else reviewer,
                completed_at=None if draft else at(rday, 17),
            )
            tb.add("reviews", Review, stamped(review, rday))
            for g in current_goals:
                tb.add(
                    "review_goal_progress",
                    ReviewGoalProgress,
                    stamped(
                        ReviewGoalProgress(
                            review=review,
                            goal=g,
                            score=clamp(
                                g.baseline_score
                                + round((g.target_score - g.baseline_score) * progress)
                                + rng.randint(-1, 1)
                            ),
                            commentary="Better most weeks; a wobble after half-term.",
                        ),
                        rday,
                    ),
                )
            for row in domain_rows:
                score = clamp(row.worker_score + round(3 * progress) + rng.randint(-1, 1))
                tb.add(
                    "review_domain_scores",
                    ReviewDomainScore,
                    stamped(
                        ReviewDomainScore(
                            review=review,
                            domain=row.domain,
                            domain_name=row.domain_name,
                            domain_order=row.domain_order,
                            worker_score=score,
                            family_score=clamp(score + rng.randint(-1, 1)),
                        ),
                        rday,
                    ),
                )
            attendee = Review.attendee_people.through
            tb.add("review_attendees", attendee, attendee(review=review, person=carer))
            if not draft:
                current_plan.next_review_date = review.next_review_date
            if k == revise_at and not draft:
                revised_on = rday + d(days=rng.randint(2, 7))
                if revised_on < today:
                    current_plan, current_goals = self.revise_plan(
                        tb, current_plan, current_goals, revised_on, worker_on(revised_on)
                    )
        if is_open:
            if close_on - today <= d(days=10):
                case.status = "closing"
                self.close_case(
                    tb,
                    case,
                    today - d(days=1),
                    manager,
                    worker_on(today),
                    fill,
                    reason="goals_achieved",
                    assessment=assessment,
                    plan=current_plan,
                    domain_rows=domain_rows,
                    goals=current_goals,
                    signed=False,
                )
            return None
        self.close_case(
            tb,
            case,
            close_on,
            manager,
            worker_on(close_on),
            fill,
            reason=rng.choices(
                [
                    "goals_achieved",
                    "step_down_early_help",
                    "step_down_universal",
                    "disengaged",
                    "moved_away",
                    "entered_care",
                ],
                [45, 25, 12, 8, 5, 5],
            )[0],
            assessment=assessment,
            plan=current_plan,
            domain_rows=domain_rows,
            goals=current_goals,
        )
        current_plan.next_review_date = None
        return close_on

    def new_contacts(self, tb, case, members, first, last, worker_on, fill, *, busy):
        """Contacts that taper as the family copes: most in the first six weeks."""
        rng = self.rng
        span = (last - first).days + 1
        if span <= 0:
            return
        # Tapering intensity; weekends see about half a weekday's contacts.
        first_weekday = first.weekday()
        weights = [
            (1.0 if n < 42 else 0.6 if n < 112 else 0.28)
            * (0.5 if (first_weekday + n) % 7 >= 5 else 1.0)
            for n in range(span)
        ]
        if busy:
            n = self.busy_contacts
        else:
            expected = sum(weights) * (2.8 / 7)
            n = int(expected) + (1 if rng.random() < expected % 1 else 0)
        offsets = sorted(rng.choices(range(span), weights, k=n))
        people = [*members["young"], *members["carers"]]
        through = Contact.people_seen.through
        d = datetime.timedelta
        for offset in offsets:
            day = first + d(days=offset)
            weekend = day.weekday() >= 5
            if weekend:
                hour = rng.randint(10, 19)
            elif rng.random() < 0.75:
                hour = rng.randint(9, 16)
            else:
                hour = rng.choice([7, 8, 17, 18, 19, 20])
            start = datetime.time(hour, rng.choice((0, 15, 30, 45)))
            kind = rng.choices(CONTACT_TYPE_NAMES, CONTACT_TYPE_WEIGHTS)[0]
            what = " ".join(rng.sample(T.CONTACT_SENTENCES, 3)).format(**fill)
            by = worker_on(day)
            contact = Contact(
                case=case,
                contact_date=day,
                start_time=start,
                duration_minutes=rng.choice((15, 30, 45, 60, 90, 120)),
                contact_type=kind,
                young_person_seen_alone=rng.random() < 0.3,
                purpose=rng.choice(T.CONTACT_PURPOSES).format(**fill),
                what_happened=what,
                next_steps=rng.choice(T.NEXT_STEPS),
                # The app's own rule (weekends, bank holidays, before 9am / from 5pm).
                out_of_hours=is_out_of_hours(datetime.datetime.combine(day, start)),
                recorded_by=by,
            )
            tb.add("contacts", Contact, stamped(contact, day, min(hour + 1, 23)))
            for p in rng.sample(people, min(len(people), rng.choice((1, 1, 2)))):
                tb.add("contact_people_seen", through, through(contact=contact, person=p))

    def new_plan_items(
        self, tb, plan, needs, members, fill, day, worker_on, baselines: dict[int, int]
    ) -> list[Goal]:
        rng = self.rng
        goals = []
        for order, need in enumerate(needs, start=1):
            baseline = baselines[need.domain_id]
            goal = Goal(
                plan=plan,
                order=order,
                domain=need.domain,
                domain_name=need.domain_name,
                need=need,
                what_we_want_to_be_different=need.description,
                how_we_will_know=T.GOAL_KNOW,
                baseline_score=baseline,
                family_baseline_score=clamp(baseline + rng.randint(-1, 1)),
                target_score=clamp(baseline + rng.randint(3, 5)),
            )
            goals.append(tb.add("goals", Goal, stamped(goal, day)))
            for a in range(2):
                owner_person = (
                    rng.choice([*members["young"], *members["carers"]]) if a == 0 else None
                )
                tb.add(
                    "actions",
                    Action,
                    stamped(
                        Action(
                            goal=goal,
                            order=a + 1,
                            what=rng.choice(T.ACTION_TEXT).format(**fill),
                            owner_person=owner_person,
                            owner_worker=None if owner_person else worker_on(day),
                            due_date=day + datetime.timedelta(weeks=rng.randint(2, 10)),
                            status=rng.choice(["not_started", "under_way", "done"]),
                        ),
                        day,
                    ),
                )
        for order, (if_this, we_do) in enumerate(T.CONTINGENCY, start=1):
            tb.add(
                "contingencies",
                Contingency,
                stamped(
                    Contingency(
                        plan=plan,
                        order=order,
                        if_this_happens=if_this.format(**fill),
                        what_we_will_do=we_do.format(**fill),
                        who_does_it=fill["parent"],
                    ),
                    day,
                ),
            )
        tb.add(
            "plan_contacts",
            PlanContact,
            stamped(
                PlanContact(
                    plan=plan,
                    order=1,
                    name="Key worker",
                    role="Family support worker",
                    phone="0300 555 0141",
                    when_to_call="Weekdays 9am to 5pm",
                ),
                day,
            ),
        )
        tb.add(
            "plan_contacts",
            PlanContact,
            stamped(
                PlanContact(
                    plan=plan,
                    order=2,
                    name="Out-of-hours line",
                    role="Edge of care team",
                    phone="0300 555 0142",
                    when_to_call="Evenings and weekends",
                    is_out_of_hours=True,
                ),
                day,
            ),
        )
        return goals

    def revise_plan(self, tb, plan, goals, day, by):
        plan.status = "superseded"
        plan.superseded_at = at(day, 17)
        revised = Plan(
            case=plan.case,
            assessment=plan.assessment,
            version=plan.version + 1,
            previous_version=plan,
            revision_reason="The review agreed new evening rules.",
            status="agreed",
            start_date=day,
            review_cadence_weeks=plan.review_cadence_weeks,
            agreed_on=day,
            family_comments="The new rules are fairer.",
            agreed_recorded_by=by,
            agreed_recorded_at=at(day, 17),
            next_review_date=plan.next_review_date,
            created_by=by,
        )
        tb.add("plans_revised", Plan, stamped(revised, day))
        new_goals = []
        for g in goals:
            copy = Goal(
                plan=revised,
                order=g.order,
                copied_from=g,
                domain=g.domain,
                domain_name=g.domain_name,
                need=g.need,
                what_we_want_to_be_different=g.what_we_want_to_be_different,
                how_we_will_know=g.how_we_will_know,
                baseline_score=g.baseline_score,
                family_baseline_score=g.family_baseline_score,
                target_score=g.target_score,
            )
            new_goals.append(tb.add("goals_revised", Goal, stamped(copy, day)))
        return revised, new_goals

    def close_case(
        self,
        tb,
        case,
        day,
        manager,
        worker,
        fill,
        *,
        reason,
        assessment,
        plan,
        domain_rows,
        goals=(),
        signed=True,
    ):
        rng = self.rng
        d = datetime.timedelta
        entered_care = reason == "entered_care"
        closure = Closure(
            case=case,
            plan=plan,
            assessment=assessment,
            status="signed_off" if signed else "submitted",
            reason=reason,
            closure_date=day,
            key_outcome="entered_care"
            if entered_care
            else ("at_home" if rng.random() < 0.95 else "other"),
            key_outcome_other="",
            work_summary=T.CLOSURE_SUMMARY.format(**fill),
            ongoing_needs_assessment="Early help family worker for three months; school mentor.",
            contact_name="Early help duty worker",
            contact_role="Early help",
            contact_phone="0300 555 0190",
            out_of_hours_cover="Out-of-hours children's services: 0300 555 0199.",
            step_down_who="Early help team",
            step_down_what="Fortnightly visits for 3 months.",
            back_up_support="Grandparent nearby; the youth club on Fridays.",
            what_helped=T.WHAT_HELPED,
            family_confidence=rng.randint(5, 9),
            family_confidence_words="We know what to do now when it kicks off.",
            created_by=worker,
            submitted_by=worker,
            submitted_at=at(day, 16),
        )
        if signed:
            closure.signed_off_by = manager
            closure.signed_off_at = at(day + d(days=2), 11)
            case.status = "closed"
            case.closed_on = day
        case.updated_at = at(day, 17)
        tb.add("closures", Closure, stamped(closure, day))
        for row in domain_rows or []:
            score = clamp(
                row.worker_score + rng.choices([-1, 0, 1, 2, 3, 4], [3, 7, 20, 30, 25, 15])[0]
            )
            tb.add(
                "closure_domain_scores",
                ClosureDomainScore,
                stamped(
                    ClosureDomainScore(
                        closure=closure,
                        domain=row.domain,
                        domain_name=row.domain_name,
                        domain_order=row.domain_order,
                        baseline_worker_score=row.worker_score,
                        baseline_family_score=row.family_score,
                        worker_score=score,
                        family_score=clamp(score + rng.randint(-1, 1)),
                    ),
                    day,
                ),
            )
        for g in goals:
            state = rng.choices(["achieved", "partly", "not_achieved"], [55, 35, 10])[0]
            tb.add(
                "closure_goal_outcomes",
                ClosureGoalOutcome,
                stamped(
                    ClosureGoalOutcome(
                        closure=closure,
                        goal=g,
                        state=state,
                        final_score=g.target_score if state == "achieved" else g.baseline_score + 1,
                        comment="Rows are rarer and shorter; we talk it through the next day.",
                    ),
                    day,
                ),
            )
        if not signed:
            return
        for months in (3, 6, 12):
            due = add_months(day, months)
            check = FollowUpCheck(case=case, closure=closure, months_after=months, due_date=due)
            if due < self.today:
                contacted = rng.random() < 0.9
                check.status = "done" if contacted else "no_contact"
                check.done_on = due + d(days=rng.randint(0, 10))
                check.done_by = manager
                if contacted:
                    at_home = not entered_care and rng.random() < 0.9
                    check.still_living_at_home = "yes" if at_home else "no"
                    check.entered_care = not at_home and rng.random() < 0.6
                    check.re_referred = rng.random() < 0.08
                else:
                    check.still_living_at_home = "unknown"
            tb.add("follow_up_checks", FollowUpCheck, stamped(check, min(due, self.today)))

    def notify(self, recipient, kind, case, day):
        def make():
            read = day < self.today - datetime.timedelta(days=14)
            self.tb.add(
                "notifications",
                Notification,
                Notification(
                    recipient=recipient,
                    kind=kind,
                    text=f"{case.reference}: {kind.replace('_', ' ')}",
                    url=case.get_absolute_url(),
                    created_at=at(day, 12),
                    read_at=at(day, 15) if read else None,
                ),
            )

        self.tb.later.append(make)


# What a worker writes when they mark an entry of the busy case as significant (fictional).
SIGNIFICANT_ANALYSES = (
    "The first visit where everyone stayed in the room to the end: a sign the family can use "
    "the calm-down plan together.",
    "Another missing episode after an argument about the phone: the pattern the plan targets.",
    "School reported a full week's attendance for the first time this term.",
    "The young person talked about what frightens them at home without walking out.",
    "A setback: the family said they could not cope, and asked about care again.",
)


def _mark_every(items: list, count: int) -> list:
    if count <= 0 or not items:
        return []
    step = max(len(items) // count, 1)
    return items[step - 1 :: step][:count]


def _busy_case_marks(case: Case, worker) -> list[SignificantEvent]:
    """About one contact in twenty-five, and every event, marked as significant, as a worker
    keeping a significant-events chronology would."""
    contacts = list(Contact.objects.filter(case=case).order_by("contact_date", "start_time", "pk"))
    events = list(CaseEvent.objects.filter(case=case).order_by("event_date", "pk"))
    every_25th = _mark_every(contacts, max(len(contacts) // 25, 1))
    chosen = [("contact", c, c.contact_date) for c in every_25th]
    chosen += [("case_event", e, e.event_date) for e in events]
    return [
        stamped(
            SignificantEvent(
                case=case,
                entry_kind=kind,
                entry_id=obj.pk,
                analysis=SIGNIFICANT_ANALYSES[n % len(SIGNIFICANT_ANALYSES)],
                marked_by=worker,
            ),
            day,
        )
        for n, (kind, obj, day) in enumerate(chosen)
    ]


def busy_case_id() -> int | None:
    """The "busy" case the benchmark measures (500 contacts at full scale): the one case of
    the family with the name no generated family can have."""
    return (
        Case.objects.filter(
            family__organisation__name=ORGANISATION_NAME, family__family_name=BUSY_FAMILY_NAME
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def build(
    *,
    scale: float = 1.0,
    seed: int = 20261123,
    today: datetime.date,
    busy_contacts: int = 500,
    log: Callable[[str], None] = print,
) -> Result:
    started = time.monotonic()
    builder = Builder(scale=scale, seed=seed, today=today, busy_contacts=busy_contacts, log=log)
    with transaction.atomic():
        builder.build_organisation()
        with historical_timestamps():
            builder.build()
            builder.mark_busy_case_significant()
    counts = dict(builder.counts.rows)
    return Result(builder.org, busy_case_id(), counts, time.monotonic() - started)
