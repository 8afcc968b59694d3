"""Demo plans: draft, agreed and revised plans on the demo cases with a signed-off assessment.
Goals are in the families' own words; every name and word is invented for this fictional
borough. Dates are anchored on each assessment's sign-off, never on the day the demo is built
(except to keep them from running into the future)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from assessments.models import Assessment
from edgecare.models import User
from families.models import AgencyInvolvement, Case, Person
from plans import services
from plans.models import Action, Contingency, Plan

# Keyed by a word of the outcome area's name: (what we want to be different, how we'll know).
GOALS = {
    "parenting": [
        (
            "We want three house rules we all agree on, and to stick to them.",
            "The rules are on the fridge and nobody has to shout to get them kept.",
        ),
        (
            "{carer} wants to say no without it turning into a row.",
            "{yp} goes to bed by eleven on school nights most of the week.",
        ),
    ],
    "safety": [
        (
            "We want {yp} home by ten every night, and us to know where {yp} is.",
            "{yp} texts when out and is home by ten at least five nights a week.",
        ),
        (
            "{yp} wants to feel safe going out with friends.",
            "No nights away from home without us knowing where.",
        ),
    ],
    "education": [
        (
            "We want {yp} in school every day and feeling OK there.",
            "School tells us {yp} has been in every day for a whole month.",
        ),
        (
            "{yp} wants to get on the mechanics course at college.",
            "{yp} has been to the open day and filled in the form.",
        ),
    ],
    "relationships": [
        (
            "We want fewer arguments and more good times together.",
            "We eat tea together at least four nights a week without a fight.",
        ),
        (
            "{yp} and {carer} want to talk without it ending in shouting.",
            "We can talk about school for ten minutes and both stay calm.",
        ),
    ],
    "health": [
        (
            "{carer} wants help with feeling low, so there is more energy for the family.",
            "{carer} has seen the doctor and is going to the talking group.",
        ),
        (
            "{yp} wants to sleep better and feel less worried.",
            "{yp} is asleep by midnight most nights.",
        ),
    ],
    "behaviour": [
        (
            "{yp} wants to find ways to calm down without breaking things.",
            "Nothing has been broken at home for a month.",
        ),
        (
            "We want {yp} to stay out of trouble with the police.",
            "No police calls to the house for six weeks.",
        ),
    ],
}
OTHER_GOALS = GOALS["relationships"]

FAMILY_ACTIONS = [
    "Sit down on Sunday evening and plan the week together",
    "Put the house rules on the fridge and go through them with everyone",
    "Text {carer} when leaving a friend's house",
    "Go to the parents' group on Wednesday mornings",
    "Take a ten-minute walk when things get heated, then come back and talk",
    "Cook tea together on Fridays",
]
WORKER_ACTIONS = [
    "Visit on Tuesday and Thursday evenings to help with the bedtime routine",
    "Meet {yp} after school each week to talk about how things are going",
    "Go with {carer} to the first doctor's appointment",
    "Help the family write down what to do when {yp} is late home",
]
AGENCY_ACTIONS = [
    "Meet {yp} at the gate every morning for the first two weeks",
    "Set up a quiet place {yp} can go to in lessons when it gets too much",
    "Ring {carer} every Friday with how the week went",
]
OTHER_OWNERS = ["Nan", "Uncle Dev", "Auntie Rose"]

CONTINGENCIES = [
    (
        "If {yp} is not home by ten and is not answering the phone",
        "{carer} rings {yp}'s friends and the places {yp} usually goes. If there is still "
        "no answer by eleven, {carer} rings the police on 101 and tells them {yp} is missing. "
        "{carer} then rings the out-of-hours team.",
        "{carer}",
    ),
    (
        "If an argument gets out of hand at night and someone might get hurt",
        "Everyone goes to a different room. {yp} can go to Nan's if it is safe to walk there. "
        "If anyone is in danger, ring 999. Ring the out-of-hours team to talk it through.",
        "{carer} and {yp}",
    ),
    (
        "If school sends {yp} home or says {yp} cannot come in",
        "{carer} rings the worker the same day. We ask school for a meeting within a week "
        "to plan how {yp} goes back, and the worker comes too.",
        "{carer} and the worker",
    ),
]

REVISED_GOAL = (
    "We want {yp} to go back to full days at school after half term.",
    "{yp} is in school for full days for two weeks in a row.",
)


def _names(case: Case, people: list[Person]) -> dict:
    young = [p for p in people if p.is_focus] or people
    carers = sorted(
        (p for p in people if p.is_parent_or_carer and not p.has_safety_note),
        key=lambda p: not p.lives_in_household,
    )
    return {
        "yp": young[0].known_as if young else "your child",
        "carer": carers[0].known_as if carers else "Mum",
    }


def _goal_text(domain_name: str, rng) -> tuple[str, str]:
    lowered = domain_name.lower()
    for key, options in GOALS.items():
        if key in lowered or (key == "relationships" and "peer" in lowered):
            return rng.choice(options)
    return rng.choice(OTHER_GOALS)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _backdate(plan: Plan, day: datetime.date) -> None:
    Plan.objects.filter(pk=plan.pk).update(created_at=_at(day))
    plan.refresh_from_db()


def _fill(plan: Plan, rng, *, people, names, worker, agencies) -> None:
    carers = [p for p in people if p.is_parent_or_carer and not p.has_safety_note]
    young = [p for p in people if p.is_focus]
    start = plan.start_date
    for need in plan.assessment.needs.all():
        goal = services.goal_from_need(plan=plan, need=need)
        what, how = _goal_text(goal.domain_name, rng)
        goal.what_we_want_to_be_different = what.format(**names)
        goal.how_we_will_know = how.format(**names)
        baseline = goal.baseline_score or 0
        goal.target_score = min(10, baseline + rng.randint(2, 4))
        goal.save()
        owners = [("family", rng.choice(carers or people)), ("worker", worker)]
        if young and rng.random() < 0.7:
            owners.append(("family", young[0]))
        if agencies and rng.random() < 0.6:
            owners.append(("agency", rng.choice(agencies)))
        elif rng.random() < 0.3:
            owners.append(("other", rng.choice(OTHER_OWNERS)))
        # Each text at most once per goal.
        texts = {
            kind: rng.sample(pool, k=len(pool))
            for kind, pool in (
                ("worker", WORKER_ACTIONS),
                ("agency", AGENCY_ACTIONS),
                ("family", FAMILY_ACTIONS),
            )
        }
        texts["other"] = texts["family"]
        for order, (kind, owner) in enumerate(owners, start=1):
            Action.objects.create(
                goal=goal,
                order=order,
                what=texts[kind].pop().format(**names),
                owner_person=owner if kind == "family" else None,
                owner_worker=owner if kind == "worker" else None,
                owner_agency=owner if kind == "agency" else None,
                owner_name=owner if kind == "other" else "",
                due_date=start + datetime.timedelta(days=7 * rng.randint(1, 6)),
            )
    for order, (if_this, what, who) in enumerate(
        rng.sample(CONTINGENCIES, k=rng.randint(2, 3)), start=1
    ):
        Contingency.objects.create(
            plan=plan,
            order=order,
            if_this_happens=if_this.format(**names),
            what_we_will_do=what.format(**names),
            who_does_it=who.format(**names),
        )


PROGRESS_NOTES = {
    Action.Status.UNDER_WAY: ["Started this week.", "Tried twice so far.", "First session booked."],
    Action.Status.DONE: ["Done, and it helped.", "Sorted at the school meeting.", ""],
    Action.Status.DROPPED: ["The family chose another way to do this."],
}


def _progress(plan: Plan, rng, *, since: datetime.date, until: datetime.date, worker) -> None:
    """How the actions went between the agreement and the first review: some under way,
    some done, one dropped now and then; each step written up that day or soon after (one
    in a while a week later, as happens)."""
    if until <= since:
        return
    span = (until - since).days
    now = timezone.now()
    for action in Action.objects.filter(goal__plan=plan).select_related("goal__plan"):
        roll = rng.random()
        if roll < 0.35:
            continue
        status = (
            Action.Status.UNDER_WAY
            if roll < 0.65
            else Action.Status.DONE
            if roll < 0.95
            else Action.Status.DROPPED
        )
        on = since + datetime.timedelta(days=rng.randint(0, span))
        step = services.action_progress_record(
            action=action,
            status=status,
            on=on,
            note=rng.choice(PROGRESS_NOTES[status]),
            recorded_by=worker,
        )
        typed = _at(on, 17) + datetime.timedelta(days=7 if rng.random() < 0.1 else 0)
        type(step).objects.filter(pk=step.pk).update(created_at=min(typed, now))


def _agree(plan: Plan, day: datetime.date, rng, *, people, worker) -> None:
    # Nobody with a safety note is asked to agree the family's plan in the demo.
    carers = [p for p in people if p.is_parent_or_carer and not p.has_safety_note] or people[:1]
    young = [p for p in people if p.is_focus]
    services.plan_agree(
        plan=plan,
        agreed_by_people=carers + young[:1],
        agreed_on=day,
        comments=rng.choice(
            [
                "We think we can do this if we keep talking.",
                "It's the first time anyone asked us what we want. We'll give it a go.",
                "I'm not sure about the ten o'clock thing but I'll try it.",
                "Good to have it written down so we all know.",
            ]
        ),
        recorded_by=worker,
    )


def build(demo, rng) -> None:
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(
            family__organisation=demo.organisation,
            assessments__status=Assessment.Status.SIGNED_OFF,
        )
        .distinct()
        .select_related("family", "team", "service__organisation", "lead_professional")
        .order_by("pk")
    )
    for index, case in enumerate(cases):
        worker = (
            case.lead_professional
            or User.objects.filter(role=User.Role.KEY_WORKER, team_id=case.team_id).first()
        )
        if worker is None:
            continue
        assessment = (
            case.assessments.signed_off().order_by("-signed_off_at", "-version", "-pk").first()
        )
        signed = assessment.signed_off_day
        start = min(signed + datetime.timedelta(days=rng.randint(1, 4)), today)
        closed_status = case.status if case.status in ("closing", "closed") else None
        if closed_status:
            # The plan was made while the case was open: build it as it happened.
            # Not through Case's lifecycle transitions: rewinding a case to build its past, and
            # restoring it after, is no move the case makes (and update() writes no history).
            Case.objects.filter(pk=case.pk).update(status=Case.Status.ACTIVE)
            case.status = Case.Status.ACTIVE
        people = list(Person.objects.filter(family_id=case.family_id))
        names = _names(case, people)
        agencies = list(AgencyInvolvement.objects.filter(case=case))
        plan = services.plan_create_from_assessment(
            case=case, assessment=assessment, created_by=worker, start_date=start
        )
        _backdate(plan, start)
        _fill(plan, rng, people=people, names=names, worker=worker, agencies=agencies)
        stage = 1 + index % 2 if closed_status else index % 4
        if stage != 0:
            agreed_on = min(start + datetime.timedelta(days=rng.randint(1, 5)), today)
            _agree(plan, agreed_on, rng, people=people, worker=worker)
            # Revised at the first review, or as late as the demo's calendar allows.
            revise_on = min(agreed_on + datetime.timedelta(weeks=plan.review_cadence_weeks), today)
            _progress(plan, rng, since=agreed_on, until=revise_on, worker=worker)
            if stage in (2, 3) and revise_on > agreed_on:
                plan.refresh_from_db()
                plan.case = case
                new = services.plan_revise(
                    plan=plan,
                    revised_by=worker,
                    reason="The review found school is now the biggest worry.",
                )
                _backdate(new, revise_on)
                Plan.objects.filter(pk=new.pk).update(start_date=revise_on)
                new.refresh_from_db()
                # What is still to do gets new dates in the new version; what is done or
                # dropped came across as it was.
                for action in Action.objects.filter(
                    goal__plan=new, status__in=[Action.Status.NOT_STARTED, Action.Status.UNDER_WAY]
                ):
                    action.due_date = revise_on + datetime.timedelta(days=7 * rng.randint(1, 4))
                    action.save()
                first = new.goals.first()
                if first is not None and first.target_score is not None:
                    first.target_score = min(10, first.target_score + 1)
                    first.save()
                goal_text, how = REVISED_GOAL
                domain = assessment.domain_assessments.order_by("domain_order").first()
                goal = new.goals.create(
                    order=new.goals.count() + 1,
                    domain=domain.domain,
                    what_we_want_to_be_different=goal_text.format(**names),
                    how_we_will_know=how.format(**names),
                    baseline_score=domain.worker_score,
                    family_baseline_score=domain.family_score,
                    target_score=min(10, (domain.worker_score or 0) + 3),
                )
                Action.objects.create(
                    goal=goal,
                    what=rng.choice(AGENCY_ACTIONS).format(**names),
                    owner_agency=agencies[0] if agencies else None,
                    owner_name="" if agencies else "School",
                    due_date=revise_on + datetime.timedelta(days=14),
                )
                if stage == 2:
                    _agree(
                        new,
                        min(revise_on + datetime.timedelta(days=2), today),
                        rng,
                        people=people,
                        worker=worker,
                    )
        if closed_status:
            # Restored directly, as it was rewound (see above).
            Case.objects.filter(pk=case.pk).update(status=closed_status)
