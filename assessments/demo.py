"""Demo assessments: the shipped outcome frameworks, and assessments at every state on the
demo cases. All content is invented for this fictional borough."""

from __future__ import annotations

import datetime
from datetime import time

from django.utils import timezone

from assessments import services
from assessments.models import (
    AgencyContribution,
    Assessment,
    CarerView,
    IdentifiedNeed,
    IndicatorSet,
    RiskFactor,
    YoungPersonView,
)
from edgecare.models import User
from families.models import Case

WORRIES = [
    "We are worried that {yp} and {carer} argue most evenings and it has ended in things "
    "being thrown. If this carries on, {yp} may get hurt or may leave home in anger.",
    "We are worried that {yp} has gone missing three times since the summer and nobody knows "
    "where they stay. Older young people may be drawing {yp} into selling drugs.",
    "We are worried that {yp} has hardly been in school this term and is falling behind. "
    "Without school, {yp} spends long days alone and feels low.",
    "We are worried that {carer} is so tired and stressed that rules at home have stopped "
    "working, and {yp} is out late without anyone knowing where.",
]
WORKING_WELL = [
    "{carer} wants {yp} to stay at home and has kept every appointment with us. {yp}'s "
    "grandmother lives nearby and {yp} goes to her when things get heated.",
    "{yp} loves football and still goes to training on Saturdays. The coach is someone {yp} "
    "trusts. {carer} has started a parenting group and says it helps.",
    "The family talk about good times together and want them back. {yp} is kind to younger "
    "brothers and sisters and helps get them ready for school.",
]
NEEDS_TO_HAPPEN = [
    "Everyone at home agrees three house rules and what happens when they are broken. {yp} "
    "is back in school for full days by half term. {carer} gets help with low mood.",
    "A safety plan for when {yp} goes missing, known by the family, school and police. {yp} "
    "spends time with people who are good for them.",
]
YOUNG_PERSON_VOICE = [
    "It's alright at home sometimes but when mum shouts I just go out. I don't want to go into "
    "care. I want my own room back and for people to stop going on about school.",
    "School is boring and the teachers pick on me. I'd go more if I could do the mechanics "
    "course. I like it when it's just me and dad watching the match.",
    "I go out because it's better than being in. My mates look out for me. I know some of them "
    "are trouble. I'd like it if we could all just sit and eat together like we used to.",
    "I feel like nobody listens. When I'm angry I break stuff and then I feel bad after. I want "
    "to learn how to calm down and I want my mum to not be so tired all the time.",
]
FATHER_VOICE = [
    "I don't live with them but I want to be part of this. I see him on Sundays and he's fine "
    "with me. I could have him more if his mum agreed. Nobody has asked me before.",
    "I work nights so I'm not there when it kicks off. I'll do what it takes. I'm strict but I "
    "think we need to be on the same page about what time he's home.",
]
MOTHER_VOICE = [
    "I love her but I'm at the end of my rope. I asked for her to go into care because I didn't "
    "know what else to do. I want help, not for her to leave.",
    "Things were fine until last year. I need someone to help me set rules that stick. I'm "
    "scared of what happens when he goes out at night.",
]
SCHOOL_VOICE = [
    "Attendance has dropped since September. When present, engaged in practical subjects and "
    "polite to staff. Two suspensions for walking out of lessons. We can offer a mentor.",
    "A bright pupil who struggles with unstructured times. The head of year sees him weekly. "
    "We would support a reduced timetable for four weeks with a plan to build up.",
]
ANALYSIS = [
    "The risks are real: the arguments are getting worse and the missing episodes put {yp} in "
    "danger. But the strengths are strong too: {carer} wants to keep {yp} at home and is "
    "willing to change, and {yp} has people who care. With intensive support in the evenings "
    "when conflict peaks, we think {yp} can stay safely at home.",
    "School non-attendance is the main worry, and behind it low mood and a lack of routine at "
    "home. The family have good relationships underneath the conflict. If routines return and "
    "school offers a fresh start, the risk of family breakdown should fall.",
]
NEED_TEXTS = [
    ("Parenting and boundaries", "We want clear house rules that everyone sticks to."),
    ("Safety and wellbeing", "We want {yp} to be safe and home by ten every night."),
    ("Education", "We want {yp} going to school every day and feeling OK there."),
    ("Family and peer relationships", "We want fewer arguments and more good times together."),
    ("Mental and physical health", "We want {carer} to get help for feeling low."),
    ("Behaviour", "We want {yp} to find ways to calm down without breaking things."),
]


def _pick(rng, items, **names) -> str:
    return rng.choice(items).format(**names)


def _manager_for(case: Case) -> User | None:
    return (
        User.objects.filter(role=User.Role.TEAM_MANAGER, team_id=case.team_id).first()
        or User.objects.filter(role=User.Role.SERVICE_MANAGER, service_id=case.service_id).first()
    )


def _assessor_for(case: Case) -> User | None:
    return (
        case.lead_professional
        or User.objects.filter(role=User.Role.KEY_WORKER, team_id=case.team_id).first()
    )


def _fill(assessment: Assessment, rng) -> None:
    case = assessment.case
    young_people = list(case.young_people.all())
    members = list(case.family.members.all())
    carers = [m for m in members if m.is_parent_or_carer and not m.has_safety_note]
    yp = young_people[0].known_as if young_people else "the young person"
    carer = carers[0].known_as if carers else "the family"
    names = {"yp": yp, "carer": carer}
    assessment.worries = _pick(rng, WORRIES, **names)
    assessment.working_well = _pick(rng, WORKING_WELL, **names)
    assessment.needs_to_happen = _pick(rng, NEEDS_TO_HAPPEN, **names)
    assessment.analysis = _pick(rng, ANALYSIS, **names)
    assessment.risk_level = rng.choice(["medium", "high", "high", "very_high"])
    assessment.risk_level_reason = (
        "Serious worries about safety, balanced by a family that wants to work with us."
    )
    assessment.save()

    factors = list(RiskFactor.objects.filter(organisation_id=case.family.organisation_id))
    rows = list(assessment.domain_assessments.select_related("domain"))
    for row in rows:
        row.worker_score = rng.randint(1, 6)
        row.family_score = min(10, max(0, row.worker_score + rng.choice([-1, 0, 1, 2])))
        row.narrative = f"What we saw and heard about {row.domain_name.lower()} during the visits."
        row.strengths = "Some good days; the family can name what helped on them."
        row.save()
        if factors:
            row.risk_factors.set(rng.sample(factors, k=min(2, len(factors))))

    for person in young_people:
        YoungPersonView.objects.create(
            assessment=assessment,
            person=person,
            views=rng.choice(YOUNG_PERSON_VOICE),
            seen_alone=rng.random() < 0.8,
            seen_on=assessment.assessment_date,
        )
    for person in carers:
        if person.has_safety_note:
            continue  # the page warns before anyone asks for their views
        if person.is_male_carer and rng.random() < 0.3:
            continue  # left for the worker to follow up: the page prompts for him
        CarerView.objects.create(
            assessment=assessment,
            person=person,
            views=rng.choice(FATHER_VOICE if person.is_male_carer else MOTHER_VOICE),
            seen_on=assessment.assessment_date,
        )
    AgencyContribution.objects.create(
        assessment=assessment,
        agency_name="Fernbridge Academy (fictional)",
        contributor="Ms R. Quill, head of year",
        contribution=rng.choice(SCHOOL_VOICE),
        received_on=assessment.assessment_date,
    )
    by_name = {row.domain_name: row.domain for row in rows}
    for priority, (domain_name, text) in enumerate(rng.sample(NEED_TEXTS, k=3), start=1):
        domain = by_name.get(domain_name) or rows[0].domain
        IdentifiedNeed.objects.create(
            assessment=assessment,
            domain=domain,
            description=text.format(**names),
            priority=priority,
        )
    IndicatorSet.objects.create(
        case=case,
        assessment=assessment,
        occasion=IndicatorSet.Occasion.ASSESSMENT,
        recorded_on=assessment.assessment_date,
        recorded_by=assessment.assessor,
        period_weeks=12,
        school_attendance_percent=rng.choice([41.5, 58.0, 66.2, 73.9, 82.4]),
        exclusions=rng.randint(0, 3),
        missing_episodes=rng.randint(0, 4),
        offences=rng.randint(0, 2),
        police_callouts=rng.randint(0, 5),
        tool_informant="parent",
        tool_score=rng.randint(12, 28),
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time(hour, 0)))


def build(demo, rng) -> None:
    services.outcome_frameworks_load(organisation=demo.organisation)
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(
            family__organisation=demo.organisation,
            status__in=["assessment", "active", "closing", "closed"],
        )
        .select_related("family", "team", "service", "lead_professional")
        .order_by("pk")
    )
    # Closed cases are read-only in the application (the sign-off workflow refuses them); the
    # demo builds their history as it would have happened while they were open, so they are
    # open while it does and closed again afterwards. Not through Case's lifecycle
    # transitions: this rewind and its restore are no moves the case makes.
    closed = [case.pk for case in cases if case.is_closed]
    Case.objects.filter(pk__in=closed).update(status=Case.Status.ACTIVE)
    _build_assessments(cases, rng, today)
    Case.objects.filter(pk__in=closed).update(status=Case.Status.CLOSED)


def _build_assessments(cases, rng, today) -> None:
    for index, case in enumerate(cases):
        assessor, manager = _assessor_for(case), _manager_for(case)
        if assessor is None:
            continue
        case.status = Case.Status.ACTIVE if case.is_closed else case.status
        day = min(case.referral_date + datetime.timedelta(days=rng.randint(5, 15)), today)
        assessment = services.assessment_start(
            case=case, assessor=assessor, type=Assessment.Type.INITIAL, assessment_date=day
        )
        _fill(assessment, rng)
        stage = index % 3
        if case.status == Case.Status.ASSESSMENT:
            if stage == 0:
                continue  # a draft in progress
            services.assessment_submit(assessment=assessment, by=assessor)
            if stage == 2 and manager is not None:
                services.assessment_return(
                    assessment=assessment,
                    by=manager,
                    comments="Please add the father's views and say how the school sees it.",
                )
            continue
        if manager is None:
            continue
        services.assessment_submit(assessment=assessment, by=assessor)
        services.assessment_sign_off(assessment=assessment, by=manager, comments="Agreed.")
        Assessment.objects.filter(pk=assessment.pk).update(
            submitted_at=_at(day, 16),
            signed_off_at=_at(min(day + datetime.timedelta(days=2), today), 11),
            signed_off_on=min(day + datetime.timedelta(days=2), today),
        )
        if index % 4 == 1:
            assessment.refresh_from_db()
            assessment.case = case
            corrected = services.assessment_correct(
                assessment=assessment,
                by=assessor,
                reason="The school attendance figure was for the wrong term.",
            )
            if index % 8 == 1:
                services.assessment_submit(assessment=corrected, by=assessor)
                services.assessment_sign_off(assessment=corrected, by=manager)
