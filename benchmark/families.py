"""Generated families, their people and cases: referral, decision, allocation, agencies and
events, a chunk of families at a time."""

from __future__ import annotations

import datetime

from benchmark import text as T
from benchmark.loading import Tables, at, stamped
from benchmark.organisation import ORGANISATION_NAME
from families.models import (
    AgencyInvolvement,
    Allocation,
    Case,
    CaseEvent,
    Decision,
    Family,
    Person,
)
from managers.models import Notification

# Generated surnames are two invented parts joined (SURNAME_PARTS_A + B); this one is not.
BUSY_FAMILY_NAME = "Halloway-Prentice"
FAMILIES_AT_FULL_SCALE = 5000  # per organisation; scale 10 is ten organisations of 5,000
FAMILIES_PER_CHUNK = 500
COMPANION_CASES = 3
REFERRAL_SOURCES = [
    ("social_care", 45),
    ("school", 15),
    ("police", 12),
    ("health", 8),
    ("youth_justice", 8),
    ("family", 9),
    ("other", 3),
]


class FamiliesAndCases:
    """The part of the builder that makes families and takes each case from referral to the
    decision (the support that follows is `SupportAtHome`)."""

    def build(self, n_families: int, *, benchmark_cases: bool) -> None:
        """`n_families` families of the organisation just built; `benchmark_cases` (Fernshire
        only): the first is the busy case and the next few the benchmark key worker's."""
        self.benchmark_cases = benchmark_cases
        # Teams take cases in proportion to their size; the IFPS teams are the biggest.
        self.team_weights = [len(self.key_workers[t.pk]) for t in self.teams]
        done = 0
        self.busy_case = None
        while done < n_families:
            size = min(FAMILIES_PER_CHUNK, n_families - done)
            self.build_chunk(first=done, size=size)
            done += size
            self.log(f"  {self.org.name}: families {done:>6,}/{n_families:,}")

    def build_chunk(self, *, first: int, size: int) -> None:
        rng = self.rng
        tb = Tables(self.counts)
        self.tb = tb
        for i in range(first, first + size):
            busy = self.benchmark_cases and i == 0
            # The benchmark's key worker also has a few open cases at any scale, so their home
            # page and lists have rows to show on the small data set as on the large one.
            own = self.benchmark_cases and 1 <= i <= COMPANION_CASES
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
        first_alloc = tb.new(
            "allocations",
            Allocation,
            referral + d(days=1),
            case=case,
            worker=worker,
            allocated_by=manager,
            started_at=at(referral + d(days=1), 11),
        )
        self.notify(worker, "allocated", case, referral + d(days=1))
        workers_by_date = [(referral, worker)]
        if realloc_on and realloc_on < today:
            second = rng.choice([w for w in workers if w is not worker])
            first_alloc.ended_at = at(realloc_on, 11)
            tb.new(
                "allocations",
                Allocation,
                realloc_on,
                case=case,
                worker=second,
                allocated_by=manager,
                started_at=at(realloc_on, 11),
                reason="Worker moved team",
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
        tb.new(
            "decisions",
            Decision,
            decision_on,
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
        )
        if rng.random() < 0.6:
            tb.new(
                "agencies",
                AgencyInvolvement,
                referral,
                case=case,
                agency_type="school",
                agency_name=f"{rng.choice(T.TOWNS)} Academy",
                contact_name=f"{rng.choice(T.FIRST_NAMES_F)} {self.surname()}",
                contact_role="Head of year",
                part_in_work="Attendance plan and a named adult in school.",
                started_on=referral,
            )
        if rng.random() < 0.35:
            ev_day = referral + d(days=rng.randint(3, max(4, min(duration, 200))))
            if ev_day < today:
                tb.new(
                    "events",
                    CaseEvent,
                    ev_day,
                    case=case,
                    event_date=ev_day,
                    kind=rng.choice(["missing", "police", "school"]),
                    summary="Reported missing overnight; found safe at a friend's.",
                    source="Police",
                    recorded_by=worker_on(ev_day),
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

        return self.support_at_home(
            tb,
            case,
            members=members,
            fill=fill,
            manager=manager,
            worker_on=worker_on,
            referral=referral,
            close_on=close_on,
            busy=busy,
        )

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
