"""Demo records on the demo cases: contacts that taper as families cope, events outside our
work, agencies, consent, sharing and a few significant-event analyses.

Runs after families.demo (which creates the cases). Deterministic through `rng`; every name,
school and service here is invented.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from edgecare.dates import add_working_days, working_days_between
from edgecare.models import User
from families.models import (
    AgencyInvolvement,
    Case,
    CaseEvent,
    ConsentRecord,
    Contact,
    InformationShare,
    Person,
    SignificantEvent,
)

# (type, purpose, what happened, next steps). {yp} is the young person, {parent} a parent or
# carer; written for the demo, in the voice of a family support worker.
EARLY_CONTACTS = [
    (
        "home_visit",
        "First evening visit: get to know the family and agree what happens next",
        "Met {parent} and {yp} in the kitchen. {parent} said the last fortnight has been the "
        "hardest yet and had asked for {yp} to go into care after Saturday's row. "
        "{yp} said little at first but talked about football when we went for a walk round "
        "the block. Agreed I would come every evening this week.",
        "Evening visit tomorrow at 6pm. Ring school about the exclusion meeting.",
    ),
    (
        "home_visit",
        "Evening routine: tea, phones and bedtime",
        "Arrived at teatime. {yp} came in at 7.40pm, forty minutes after the agreed time, and "
        "there was shouting on the doorstep. We sat down together and agreed a text-by-7pm rule "
        "instead of a hard curfew. {parent} managed to stay calm when {yp} swore; we talked "
        "afterwards about what helped.",
        "Check tomorrow whether the text-by-7pm rule held.",
    ),
    (
        "phone",
        "Check-in after last night's argument",
        "{parent} rang the out-of-hours phone. {yp} had left after being told to hand over the "
        "phone. Talked {parent} through waiting rather than chasing; {yp} texted at 10.15pm to "
        "say where they were and came home at 10.50pm.",
        "Visit tomorrow evening to talk it through with both of them.",
    ),
    (
        "activity",
        "One-to-one time with {yp}",
        "Took {yp} to the climbing wall. {yp} talked about feeling blamed for everything at "
        "home and said things are better when {parent} is not tired from night shifts, and "
        'wants to stay at home but "not if it\'s like this every night".',
        "Share (with {yp}'s agreement) that they want a say in the house rules.",
    ),
    (
        "school",
        "Meeting at school about the reduced timetable",
        "Met the head of year with {parent}. School agreed a morning check-in with a named "
        "adult and a return to full days over three weeks. {parent} said it was the first "
        "school meeting where they did not feel judged.",
        "Text {parent} each morning this week to check {yp} is up and out.",
    ),
    (
        "text",
        "Morning reminder about school",
        "Texted {parent} at 7.45am. Reply: {yp} up and dressed, left at 8.20am.",
        "",
    ),
    (
        "home_visit",
        "Weekend visit: family meal and planning the week",
        "Saturday visit. The family ate together for the first time in weeks. We wrote the "
        "house rules on the fridge in {yp}'s words. {parent} and {yp} both signed them.",
        "Review the house rules on Wednesday.",
    ),
]

LATER_CONTACTS = [
    (
        "home_visit",
        "Weekly review of the house rules",
        "Both say the week went well: two late evenings, both with a text first. {parent} used "
        "the 'pause and walk away' idea twice. {yp} is back in school full time.",
        "Next visit in a week. Start planning how the family will manage without us.",
    ),
    (
        "phone",
        "Catch-up call",
        "{parent} said things are calmer. One argument about money for the school trip, sorted "
        "without shouting. No missing episodes since the last review.",
        "Weekly visit as planned.",
    ),
    (
        "meeting",
        "Review meeting with school and the family",
        "Attendance up from about half to nine days in ten. {yp} spoke up about what "
        "helps: the morning check-in and knowing the rules at home will not change overnight.",
        "Agree the step-down plan at the next review.",
    ),
    (
        "activity",
        "Time with {yp} before the step-down",
        "Went for food with {yp}, who named what helped: {parent} listening, the climbing "
        "club, and having someone to text when angry. {yp} knows who to call out of hours.",
        "Write the sustainability plan with the family next week.",
    ),
]

AGENCIES = [
    (
        "school",
        "Fernbridge Academy",
        "Ms Rosalind Pike",
        "Head of year 9",
        "0300 555 0311",
        "Morning check-in with a named adult; reduced timetable while attendance recovers.",
    ),
    (
        "school",
        "Millbrook High School (fictional)",
        "Mr Tobias Wren",
        "Pastoral lead",
        "0300 555 0312",
        "Daily attendance updates; joins review meetings.",
    ),
    (
        "camhs",
        "Fernbridge CAMHS",
        "Dr Imogen Hale",
        "Clinical psychologist",
        "0300 555 0321",
        "Assessment for low mood and anger; offers sessions fortnightly.",
    ),
    (
        "police",
        "Fernbridge Neighbourhood Policing Team",
        "PC Marcus Dunlow",
        "Missing-persons coordinator",
        "0300 555 0331",
        "Return-home conversations after missing episodes; shares call-outs with us.",
    ),
    (
        "housing",
        "Fernbridge Homes (fictional)",
        "Priya Castell",
        "Tenancy support officer",
        "0300 555 0341",
        "Working with the family on rent arrears and overcrowding.",
    ),
    (
        "youth_justice",
        "Fernbridge Youth Justice Service",
        "Sam Okonjo",
        "Case manager",
        "0300 555 0351",
        "Supervises a referral order; joint visits once a month.",
    ),
]

EVENTS = [
    (
        "missing",
        "Missing overnight; found by police at a friend's flat at 7am, unharmed.",
        "Police",
    ),
    ("police", "Police called to the house after a row about a phone; no arrests.", "Police"),
    ("school", "Fixed-term exclusion, three days, after a fight in the lunch queue.", "School"),
]

ANALYSES = {
    "missing": "The first night away from home. A friend's flat, not the older group the family "
    "worries about, which is reassuring, but it shows how quickly the young person leaves "
    "when rows escalate. This is why the plan now has a text-by-7pm rule and a named place to "
    "cool off.",
    "police": "A turning point for the parents: afterwards they said they did not want police "
    "at the door again and asked for help with staying calm. It evidences risk of family "
    "breakdown and also their motivation to change.",
    "school": "Exclusion leaves the young person at home all day with nothing to do, which is "
    "when the arguments start. The school meeting that followed is the start of the "
    "attendance goal.",
}


def _recorder(case: Case) -> User | None:
    if case.lead_professional_id:
        return case.lead_professional
    return (
        User.objects.filter(team=case.team, role=User.Role.KEY_WORKER).order_by("pk").first()
        or User.objects.filter(team=case.team).order_by("pk").first()
    )


def _names(case: Case) -> tuple[Person | None, Person | None, list[Person]]:
    members = list(case.family.members.all())
    young = list(case.young_people.all())
    young_person = young[0] if young else None
    parent = next((m for m in members if m.is_parent_or_carer), None)
    return young_person, parent, members


def _fill(text: str, young_person: Person | None, parent: Person | None) -> str:
    return text.format(
        yp=young_person.known_as if young_person else "the young person",
        parent=parent.known_as if parent else "Mum",
    )


def _contact_days(rng, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Daily at first, then a few times a week, then weekly: the intensity tapers."""
    days = []
    day = start
    while day <= end:
        week = (day - start).days // 7
        if week < 2:
            chance = 0.85
        elif week < 5:
            chance = 0.45
        elif week < 8:
            chance = 0.28
        else:
            chance = 0.15
        if rng.random() < chance:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _start_time(rng, day: datetime.date, early: bool) -> datetime.time:
    # Families need us when the trouble happens: evenings and weekends, especially early on.
    if day.weekday() >= 5 or rng.random() < (0.55 if early else 0.3):
        return datetime.time(rng.choice([17, 18, 18, 19, 20]), rng.choice([0, 15, 30, 45]))
    return datetime.time(rng.choice([9, 10, 11, 13, 14, 15, 16]), rng.choice([0, 15, 30]))


def build(demo, rng) -> None:
    cases = list(
        Case.objects.select_related("family", "team", "lead_professional")
        .prefetch_related("young_people", "family__members")
        .order_by("pk")
    )
    if not cases:
        return
    today = getattr(demo, "today", None) or timezone.localdate()
    # Yesterday at the latest: a contact dated today could start later than "now".
    last_day = today - datetime.timedelta(days=1)
    first_phone_call_done = False
    for index, case in enumerate(cases):
        worker = _recorder(case)
        if worker is None:
            continue
        young_person, parent, members = _names(case)
        if case.status == Case.Status.REFERRED:
            if not first_phone_call_done and case.referral_date <= last_day:
                _contact(
                    case,
                    worker,
                    case.referral_date,
                    datetime.time(16, 40),
                    20,
                    "phone",
                    "First call after the referral",
                    f"Rang {parent.known_as if parent else 'the family'} to introduce the "
                    "service and book a first visit. Agreed to visit after the decision.",
                    "Book the first visit once the decision is made.",
                    [parent] if parent else [],
                )
                first_phone_call_done = True
            continue
        end = min(case.closed_on or last_day, last_day)
        start = case.referral_date + datetime.timedelta(days=1)
        days = _contact_days(rng, start, end)
        for n, day in enumerate(days):
            early = (day - start).days < 21
            pool = EARLY_CONTACTS if early else LATER_CONTACTS
            kind, purpose, happened, next_steps = pool[(n + index) % len(pool)]
            seen = [p for p in members if rng.random() < 0.6 or p == young_person]
            if kind in {"text", "phone"}:
                seen = [parent] if parent else seen[:1]
            alone = young_person is not None and kind == "activity"
            if alone:
                seen = [young_person]
            minutes = {"text": 5, "phone": rng.choice([10, 15, 25])}.get(
                kind, rng.choice([45, 60, 75, 90, 120])
            )
            _contact(
                case,
                worker,
                day,
                _start_time(rng, day, early),
                minutes,
                kind,
                _fill(purpose, young_person, parent),
                _fill(happened, young_person, parent),
                _fill(next_steps, young_person, parent),
                seen,
                alone=alone,
                # One evening visit of every fourth case written up a week later: the
                # caseloads' "recorded late" share and "recorded N days later" have something
                # to show.
                typed_up_on=add_working_days(day, 5)
                if index % 4 == 1 and n == len(days) - 3 and add_working_days(day, 5) <= today
                else None,
            )
        _agencies(case, rng, index, end)
        events = _events(case, worker, rng, index, start, end)
        consent = _consent(case, worker, rng, index, parent, young_person, end)
        _shares(case, worker, rng, consent, start, end)
        for event in events[: 1 + index % 2]:
            SignificantEvent.objects.create(
                case=case,
                entry_kind="case_event",
                entry_id=event.pk,
                analysis=ANALYSES[event.kind],
                marked_by=worker,
            )


def _contact(
    case,
    worker,
    day,
    start,
    minutes,
    kind,
    purpose,
    happened,
    steps,
    seen,
    *,
    alone=False,
    typed_up_on: datetime.date | None = None,
):
    contact = Contact.objects.create(
        case=case,
        contact_date=day,
        start_time=start,
        duration_minutes=minutes,
        contact_type=kind,
        young_person_seen_alone=alone,
        purpose=purpose[:300],
        what_happened=happened,
        next_steps=steps,
        recorded_by=worker,
    )
    contact.people_seen.set([p for p in seen if p is not None])
    # Written up when it happened (an hour after it ended), or on the day given.
    ended = datetime.datetime.combine(day, start) + datetime.timedelta(minutes=minutes + 60)
    if typed_up_on is not None:
        ended = datetime.datetime.combine(typed_up_on, datetime.time(9, 30))
    recorded_at = min(timezone.make_aware(ended), timezone.now())
    Contact.objects.filter(pk=contact.pk).update(
        created_at=recorded_at,
        updated_at=recorded_at,
        recorded_after_working_days=working_days_between(day, timezone.localdate(recorded_at)),
    )
    contact.refresh_from_db()
    return contact


def _agencies(case, rng, index, end) -> None:
    school = AGENCIES[index % 2]
    others = rng.sample(AGENCIES[2:], k=1 + index % 3)
    for n, (kind, name, contact, role, phone, part) in enumerate([school, *others]):
        started = case.referral_date - datetime.timedelta(days=rng.choice([0, 30, 120]))
        ended = None
        if (
            n == len(others)
            and index % 4 == 3
            and end > case.referral_date + datetime.timedelta(days=40)
        ):
            ended = case.referral_date + datetime.timedelta(days=35)
        AgencyInvolvement.objects.create(
            case=case,
            agency_type=kind,
            agency_name=name,
            contact_name=contact,
            contact_role=role,
            phone=phone,
            email=f"{contact.split()[-1].lower()}@example.test",
            part_in_work=part,
            started_on=started,
            ended_on=ended,
        )


def _events(case, worker, rng, index, start, end) -> list[CaseEvent]:
    if index % 3 == 2 or end < start:
        return []
    events = []
    span = max((end - start).days, 1)
    for kind, summary, source in EVENTS[: 1 + index % 3]:
        day = start + datetime.timedelta(days=rng.randrange(0, min(span, 30) + 1))
        events.append(
            CaseEvent.objects.create(
                case=case,
                event_date=min(day, end),
                kind=kind,
                summary=summary,
                source=source,
                recorded_by=worker,
            )
        )
    return events


def _consent(case, worker, rng, index, parent, young_person, end) -> ConsentRecord | None:
    given_on = min(case.referral_date + datetime.timedelta(days=rng.choice([1, 2, 3])), end)
    given_on = max(given_on, case.referral_date)
    # Consent only from someone who can give it (Person.can_give_consent_on).
    able = [p for p in (parent, young_person) if p is not None and p.can_give_consent_on(given_on)]
    able += [m for m in case.family.members.all() if m.can_give_consent_on(given_on)]
    if not able:
        return None
    giver = able[0]
    consent = ConsentRecord.objects.create(
        case=case,
        given_by=giver,
        given_on=given_on,
        agencies="School, CAMHS, the police missing-persons coordinator and our family "
        "support team",
        scope="School attendance and behaviour, how things are at home, and any missing "
        "episodes. Not health records without asking first.",
        recorded_by=worker,
    )
    if index % 5 == 4 and end > given_on + datetime.timedelta(days=20):
        consent.withdrawn_on = given_on + datetime.timedelta(days=20)
        consent.save()
    return consent


def _shares(case, worker, rng, consent, start, end) -> None:
    if consent is None or end <= consent.given_on:
        return
    last_covered = (consent.withdrawn_on or end + datetime.timedelta(days=1)) - datetime.timedelta(
        days=1
    )
    day = min(consent.given_on + datetime.timedelta(days=rng.choice([2, 4, 6])), last_covered)
    InformationShare.objects.create(
        case=case,
        shared_on=day,
        shared_with="Fernbridge Academy, head of year",
        what="The house rules the family agreed and the morning check-in plan.",
        why="So school and home say the same thing to the young person.",
        lawful_basis=InformationShare.LawfulBasis.CONSENT,
        consent=consent,
        shared_by=worker,
    )
    if rng.random() < 0.4:
        InformationShare.objects.create(
            case=case,
            shared_on=min(start + datetime.timedelta(days=9), end),
            shared_with="PC Marcus Dunlow, Fernbridge police",
            what="Where the young person was found after the missing episode.",
            why="To close the missing-person report and plan the return-home conversation.",
            lawful_basis=InformationShare.LawfulBasis.SAFEGUARDING,
            shared_by=worker,
        )
