"""Demo reviews, closures and follow-up checks for the fictional borough.

Runs after plans.demo. Cases with an agreed plan get reviews every few weeks, with progress
that mostly improves and the odd setback (one with risk raised and escalated); closing cases
get a closure being written; closed cases get a signed-off closure for every closure reason,
with a sustainability plan in the family's words, and follow-up checks due, overdue and done.
Dates are anchored on each plan's agreement and each case's closure date; everything is
invented and chosen with `rng`, so the same seed gives the same data.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from assessments.models import Assessment
from assessments.selectors import latest_signed_off_assessment
from edgecare.models import User
from families import services as family_services
from families.models import ArrangementKind, Case, LivingArrangement, Person
from families.selectors import current_arrangements
from plans.models import Plan
from reviews import services
from reviews.models import (
    RISK_ORDER,
    CaseReopening,
    Closure,
    ClosureGoalOutcome,
    FollowUpCheck,
    Review,
)

RISKS = [Assessment.RiskLevel.LOW, Assessment.RiskLevel.MEDIUM, Assessment.RiskLevel.HIGH]

GOAL_COMMENTS = [
    "{carer} says the evenings are calmer; two rows this fortnight, both sorted the same night.",
    "{yp} has stuck with it most weeks and is proud of it.",
    "A wobble after a bad week at school, but back on track now.",
    "Slower than we hoped: {yp} finds this one hard. Keeping it in the plan.",
    "Going well. {yp} says: “I don't have to think about it as much now.”",
]
YP_VIEWS = [
    "It's better at home. Mum doesn't shout as much and I don't either.",
    "School is still boring but I'm going. I want to do the college course.",
    "I still get angry but I go to my room now instead of smashing stuff.",
    "I liked the boxing. I want to keep going after this finishes.",
]
FAMILY_VIEWS = [
    "We're talking more. Tea together most nights now.",
    "It's been up and down, but we know what to do when it starts.",
    "I feel less on my own with it. The texts at night helped.",
]
HELPED = [
    "Counting to ten and going out to the garden before we talk. Tea together at the table. "
    "{yp} texting when out, even just a thumbs-up.",
    "The house rules on the fridge. Not having the row at bedtime: we talk in the morning "
    "instead. {carer} ringing Nan when it gets too much.",
    "{yp} going to boxing on Tuesdays and Thursdays. Walking the dog together after school. "
    "Writing down what's bothering us instead of shouting it.",
    "Getting {yp} up with music on, not nagging. School ringing {carer} by ten if {yp} isn't "
    "in. A proper bedtime with phones downstairs.",
]
CONFIDENCE_WORDS = [
    "We know the signs now and what to do. It won't be perfect but we'll be alright.",
    "A bit nervous about the summer holidays, but we've got the numbers.",
    "Much better than when we started. {yp} says we've got this.",
]
BACK_UP = [
    "Nan Rose has {yp} for tea on Sundays and is at the end of the phone.",
    "{carer}'s sister Dee, who lives two streets away.",
    "The youth club on Fenwick Road, open Tuesday and Friday nights.",
]
STEP_DOWN = {
    Closure.Reason.STEP_DOWN_EARLY_HELP: (
        "Millbrook family hub",
        "A family support worker will visit every two weeks until the summer.",
    ),
    Closure.Reason.STEP_DOWN_UNIVERSAL: (
        "School pastoral team and the GP",
        "Weekly check-in for {yp} with the head of year; the GP for {carer}'s appointments.",
    ),
    Closure.Reason.TRANSFERRED: (
        "Fernbridge youth justice team",
        "They take over the work with {yp} from next week.",
    ),
}
CONTACTS = [
    ("Dana Whitcombe", "Family support worker, Millbrook family hub", "0300 555 0144"),
    ("Ravi Okonedo", "Head of Year 10, Fernbridge Academy", "0300 555 0161"),
    ("Lena Marsh", "School nurse", "0300 555 0172"),
]


def _at(day: datetime.date, hour: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _names(case: Case) -> dict[str, str]:
    people = list(Person.objects.filter(family_id=case.family_id))
    young = [p for p in people if p.is_focus] or people
    carers = [p for p in people if p.is_parent_or_carer and not p.has_safety_note] or people
    return {
        "yp": young[0].known_as if young else "the young person",
        "carer": carers[0].known_as if carers else "the family",
    }


def _clip(value: int) -> int:
    return max(0, min(10, value))


def _review_dates(plan: Plan, end: datetime.date, rng, *, overdue: bool) -> list[datetime.date]:
    """Every cadence from the agreement until `end`; an overdue case misses its latest one."""
    step = datetime.timedelta(weeks=plan.review_cadence_weeks)
    dates = []
    day = plan.agreed_on + step + datetime.timedelta(days=rng.randint(-3, 2))
    while day <= end:
        dates.append(day)
        day += step + datetime.timedelta(days=rng.randint(-3, 3))
    if overdue and dates:
        dates.pop()
    return dates[:5]


def _build_reviews(case, plan, worker, rng, *, end, overdue, final, raise_risk):
    names = _names(case)
    assessment = latest_signed_off_assessment(case)
    scores = {
        row.domain_id: row.worker_score if row.worker_score is not None else 4
        for row in assessment.domain_assessments.all()
    }
    goal_scores = {g.pk: g.baseline_score or 3 for g in plan.goals.all()}
    risk = assessment.risk_level or Assessment.RiskLevel.MEDIUM
    dates = _review_dates(plan, end, rng, overdue=overdue)
    raise_at = (1 if len(dates) > 2 else len(dates) - 1) if raise_risk else None
    for n, day in enumerate(dates):
        last = n == len(dates) - 1
        review = services.review_start(
            case=case,
            started_by=worker,
            review_date=day,
            review_type=rng.choice(list(Review.ReviewType.values)),
        )
        people = list(Person.objects.filter(family_id=case.family_id))
        review.attendee_people.set(p for p in people if p.lives_in_household)
        review.attendee_agencies.set(case.agencies.all()[:2])
        for row in review.goal_progress.select_related("goal"):
            goal_scores[row.goal_id] = _clip(
                goal_scores[row.goal_id] + rng.choice([1, 1, 2, 0, -1])
            )
            row.score = goal_scores[row.goal_id]
            row.commentary = rng.choice(GOAL_COMMENTS).format(**names)
            row.save()
        for row in review.domain_scores.all():
            scores[row.domain_id] = _clip(
                scores.get(row.domain_id, 4) + rng.choice([1, 1, 0, 2, -1])
            )
            row.worker_score = scores[row.domain_id]
            row.family_score = _clip(scores[row.domain_id] + rng.choice([-1, 0, 1]))
            row.save()
        review.refresh_from_db()
        review.young_person_views = rng.choice(YP_VIEWS)
        review.family_views = rng.choice(FAMILY_VIEWS)
        review.progress_summary = "Steady progress; see each goal."
        if n == raise_at and risk != Assessment.RiskLevel.VERY_HIGH:
            higher = [r for r in RISK_ORDER if RISK_ORDER[r] == RISK_ORDER.get(risk, 2) + 1]
            risk = higher[0] if higher else Assessment.RiskLevel.VERY_HIGH
            review.risk_reason = (
                f"{names['yp']} was missing overnight twice this month and was found with "
                "older lads the police are worried about."
            )
            review.escalation_action = (
                "Daily contact for two weeks, a missing-from-home plan agreed with the family, "
                "and a meeting with the police exploitation lead."
            )
            review.escalation_told = "Team manager; police missing-person coordinator; school"
            review.manager_notified = True
            review.decision = Review.Decision.ESCALATE
        else:
            if RISK_ORDER.get(risk, 2) > 1 and rng.random() < 0.5:
                risk = RISKS[RISK_ORDER[risk] - 2]
            review.risk_reason = "Fewer incidents since the plan started; the family are using it."
            review.decision = (
                final
                if last and final
                else rng.choice([Review.Decision.CONTINUE] * 3 + [Review.Decision.REVISE])
            )
        review.risk_level = risk
        review.decision_reason = {
            Review.Decision.CONTINUE: "Things are moving the right way; keep going.",
            Review.Decision.REVISE: "School is now the main worry: the plan needs a goal for it.",
            Review.Decision.ESCALATE: "The risk has risen and needs a wider response.",
            Review.Decision.PREPARE_CLOSURE: "Goals mostly met and the family feel ready.",
        }[review.decision]
        review.next_review_date = (
            None
            if review.decision == Review.Decision.PREPARE_CLOSURE
            else day + datetime.timedelta(weeks=plan.review_cadence_weeks)
        )
        review.save()
        services.review_complete(review=review, completed_by=worker)
        Review.objects.filter(pk=review.pk).update(
            created_at=_at(day, 10), completed_at=_at(day, 16)
        )
    return scores, goal_scores


def _fill_closure(closure, case, rng, *, scores, goal_scores, index):
    names = _names(case)
    for row in closure.domain_scores.all():
        base = row.baseline_worker_score if row.baseline_worker_score is not None else 4
        row.worker_score = _clip(scores.get(row.domain_id, base + rng.randint(0, 3)))
        row.family_score = _clip(row.worker_score + rng.choice([-1, 0, 1]))
        row.save()
    for row in closure.goal_outcomes.select_related("goal"):
        score = goal_scores.get(row.goal_id, row.goal.baseline_score or 3)
        target = row.goal.target_score or 7
        row.final_score = score
        if closure.reason in (Closure.Reason.DISENGAGED, Closure.Reason.ENTERED_CARE):
            row.state = ClosureGoalOutcome.State.NOT_ACHIEVED
        elif score >= target:
            row.state = ClosureGoalOutcome.State.ACHIEVED
        else:
            row.state = rng.choice(
                [ClosureGoalOutcome.State.PARTLY, ClosureGoalOutcome.State.ACHIEVED]
            )
        row.comment = rng.choice(
            [
                "We eat together most nights now and nobody storms off.",
                "{yp} has been in school every day since half term.",
                "We still argue, but we stop and come back to it.",
                "{yp} is home when {yp} says, and texts if late.",
            ]
        ).format(**names)
        row.save()
    contact = CONTACTS[index % len(CONTACTS)]
    who, what = STEP_DOWN.get(closure.reason, ("", ""))
    closure.refresh_from_db()
    closure.work_summary = (
        f"Closed: {closure.get_reason_display().lower()}. Scores and goals below; see the "
        "reviews for the detail."
    )
    closure.ongoing_needs_assessment = (
        f"Talked through with {names['carer']} and {names['yp']} at the last visit. "
        f"{names['carer']} would like a parents' group; {names['yp']} wants to keep up "
        "the activity that helped. No need for a social worker now."
    )
    closure.contact_name, closure.contact_role, closure.contact_phone = contact
    closure.out_of_hours_cover = (
        "Evenings, nights and weekends: the council's out-of-hours team on 0300 555 0100."
    )
    closure.step_down_who = who
    closure.step_down_what = what.format(**names)
    closure.back_up_support = rng.choice(BACK_UP).format(**names)
    closure.what_helped = rng.choice(HELPED).format(**names)
    closure.family_confidence = rng.randint(5, 9)
    closure.family_confidence_words = rng.choice(CONFIDENCE_WORDS).format(**names)
    closure.message_to_family = (
        f"It has been a pleasure working with you. {names['yp']}, you should be proud."
    )
    closure.save()
    closure.ongoing_needs_done_with.set(
        Person.objects.filter(family_id=case.family_id, lives_in_household=True)
    )


def _manager_for(case: Case) -> User | None:
    return (
        User.objects.filter(role=User.Role.TEAM_MANAGER, team_id=case.team_id).first()
        or User.objects.filter(role=User.Role.SERVICE_MANAGER, service_id=case.service_id).first()
    )


def _follow_ups(closure, worker, rng, today, *, index):
    for check in closure.follow_up_checks.order_by("months_after"):
        if check.due_date > today:
            continue
        roll = (index + check.months_after) % 7
        if roll == 0:
            continue  # left overdue
        done_on = min(check.due_date + datetime.timedelta(days=rng.randint(0, 10)), today)
        if roll == 1:
            check.record_no_contact(by=worker, done_on=done_on, notes="Three calls and a letter.")
            continue
        entered_care = closure.reason == Closure.Reason.ENTERED_CARE
        re_referred = roll == 2
        check.record_result(
            by=worker,
            done_on=done_on,
            still_living_at_home=(
                FollowUpCheck.AtHome.NO if entered_care else FollowUpCheck.AtHome.YES
            ),
            re_referred=re_referred,
            entered_care=entered_care,
            notes=(
                "School referred again after two missing episodes; family asking for help."
                if re_referred
                else "Spoke to the family: still using what helped, no new worries."
            ),
        )


def build(demo, rng) -> None:
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(family__organisation=demo.organisation, plans__status="agreed")
        .distinct()
        .select_related("family", "team", "service", "lead_professional")
        .order_by("pk")
    )
    used_reasons: list[str] = []
    reopened = False
    closing: list[Closure] = []
    raised = False
    for index, case in enumerate(cases):
        plan = Plan.objects.filter(case=case).agreed().order_by("-version").first()
        worker = case.lead_professional or User.objects.filter(team_id=case.team_id).first()
        if plan is None or worker is None or plan.agreed_on is None:
            continue
        original = case.status
        closed_on = case.closed_on
        if original == Case.Status.CLOSED and _manager_for(case) is None:
            continue
        if original == Case.Status.CLOSED:
            # Built as it happened: the reviews and closure were written while it was open.
            # Not through Case's lifecycle transitions: rewinding a case to build its past, and
            # restoring it after, is no move the case makes (and update() writes no history).
            Case.objects.filter(pk=case.pk).update(status=Case.Status.ACTIVE, closed_on=None)
            case.status = Case.Status.ACTIVE
        end = closed_on - datetime.timedelta(days=7) if closed_on else today
        final = Review.Decision.PREPARE_CLOSURE if original != Case.Status.ACTIVE else None
        raise_risk = not raised
        scores, goal_scores = _build_reviews(
            case,
            plan,
            worker,
            rng,
            end=end,
            overdue=original == Case.Status.ACTIVE and index % 4 == 0,
            final=final,
            raise_risk=raise_risk,
        )
        raised = raised or (raise_risk and case.reviews.filter(risk_raised=True).exists())
        case.refresh_from_db()
        if original == Case.Status.ACTIVE:
            continue
        if original == Case.Status.CLOSING:
            if case.status == Case.Status.ACTIVE:
                # Restored directly to where the case was found (see the rewind above).
                Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSING)
                case.status = Case.Status.CLOSING
            closure = services.closure_start(
                case=case,
                started_by=worker,
                reason=Closure.Reason.GOALS_ACHIEVED,
                closure_date=today,
                key_outcome=Closure.KeyOutcome.WITH_PARENTS,
            )
            _fill_closure(closure, case, rng, scores=scores, goal_scores=goal_scores, index=index)
            if index % 2:
                services.closure_submit(closure=closure, by=worker)
            closing.append(closure)
            continue
        reason = _reason_for(case, used_reasons)
        reopen = not reopened and closed_on + datetime.timedelta(days=45) <= today
        closure = _close(
            case, worker, rng, reason, closed_on, scores, goal_scores, index, today, not reopen
        )
        if reopen and closure is not None:
            # One family came back: re-opened ten days later, then closed again.
            reopened = True
            reopening = services.case_reopen(
                case=case,
                by=_manager_for(case),
                reason="School rang: two missing episodes in a week. The family asked for us back.",
            )
            CaseReopening.objects.filter(pk=reopening.pk).update(
                reopened_at=_at(closed_on + datetime.timedelta(days=10), 12)
            )
            Closure.objects.filter(pk=closure.pk).update(
                reopened_at=_at(closed_on + datetime.timedelta(days=10), 12)
            )
            case.refresh_from_db()
            _close(
                case,
                worker,
                rng,
                _next_reason(used_reasons),
                closed_on + datetime.timedelta(days=40),
                scores,
                goal_scores,
                index + 1,
                today,
                True,
            )
    # Closed cases worked with but never given an agreed plan still get their closure, so
    # every closure reason appears (no goals to end; the baseline still gives the distance).
    for index, case in enumerate(
        Case.objects.filter(
            family__organisation=demo.organisation,
            status=Case.Status.CLOSED,
            closed_on__isnull=False,
            decisions__outcome__in=["support_at_home", "step_down"],
            closures__isnull=True,
        )
        .distinct()
        .select_related("family", "team", "service", "lead_professional")
        .order_by("pk")
    ):
        worker = case.lead_professional or User.objects.filter(team_id=case.team_id).first()
        if worker is None or case.closed_on < case.referral_date or not _manager_for(case):
            continue
        closed_on = case.closed_on
        # Not through Case's lifecycle transitions: rewinding a case to build its past, and
        # restoring it after, is no move the case makes (and update() writes no history).
        Case.objects.filter(pk=case.pk).update(status=Case.Status.ACTIVE, closed_on=None)
        case.status = Case.Status.ACTIVE
        reason = _reason_for(case, used_reasons)
        _close(case, worker, rng, reason, closed_on, {}, {}, index, today, True)
    # Any closure reason not shown yet: a closing case (never the first) is closed today with it.
    for reason in [r for r in Closure.Reason.values if r not in used_reasons]:
        closure = next((c for c in closing[1:] if _manager_for(c.case)), None)
        if closure is None:
            break
        closing.remove(closure)
        Closure.objects.filter(pk=closure.pk).update(reason=reason)
        closure.refresh_from_db()
        if not closure.is_submitted:
            services.closure_submit(closure=closure, by=closure.created_by)
        services.closure_sign_off(closure=closure, signed_off_by=_manager_for(closure.case))


def _next_reason(used: list[str]) -> str:
    """Every closure reason once before any repeats, then in turn."""
    reasons = list(Closure.Reason.values)
    unused = [r for r in reasons if r not in used]
    reason = unused[0] if unused else reasons[len(used) % len(reasons)]
    used.append(reason)
    return reason


def _reason_for(case: Case, used: list[str]) -> str:
    """The closure reason the case's decision points to, else the next one not yet shown."""
    outcomes = set(case.decisions.values_list("outcome", flat=True))
    if "accommodate" in outcomes:
        used.append(Closure.Reason.ENTERED_CARE)
        return Closure.Reason.ENTERED_CARE
    if "step_down" in outcomes and Closure.Reason.STEP_DOWN_EARLY_HELP not in used:
        used.append(Closure.Reason.STEP_DOWN_EARLY_HELP)
        return Closure.Reason.STEP_DOWN_EARLY_HELP
    return _next_reason(used)


def _close(
    case, worker, rng, reason, closed_on, scores, goal_scores, index, today, follow_ups
) -> Closure | None:
    # Where the young person lives, as recorded (families.demo_household), unless they entered
    # care: the closure reads it rather than typing it again.
    lives_now = next(iter(current_arrangements(case).values()), None)
    if reason == Closure.Reason.ENTERED_CARE:
        for person in case.young_people.all():
            family_services.record_move(
                case=case,
                young_person=person,
                recorded_by=worker,
                kind=ArrangementKind.CARE_FOSTER,
                care_basis=LivingArrangement.CareBasis.SECTION_20,
                place="Fernbridge foster carers",
                started_on=closed_on,
                reason="Accommodated with the parents' agreement after the work could not keep "
                "things safe at home.",
            )
    key_outcome = (
        Closure.KeyOutcome.CARE_FOSTER
        if reason == Closure.Reason.ENTERED_CARE
        else lives_now.kind
        if lives_now is not None
        else Closure.KeyOutcome.WITH_PARENTS
    )
    closure = services.closure_start(
        case=case,
        started_by=worker,
        reason=reason,
        closure_date=closed_on,
        key_outcome=key_outcome,
        key_outcome_other="in another borough" if reason == Closure.Reason.MOVED_AWAY else "",
    )
    _fill_closure(closure, case, rng, scores=scores, goal_scores=goal_scores, index=index)
    services.closure_submit(closure=closure, by=worker)
    manager = _manager_for(case)
    if manager is None:
        return None
    services.closure_sign_off(closure=closure, signed_off_by=manager)
    Closure.objects.filter(pk=closure.pk).update(
        created_at=_at(closed_on - datetime.timedelta(days=3), 10),
        submitted_at=_at(closed_on - datetime.timedelta(days=1), 16),
        signed_off_at=_at(closed_on, 11),
        signed_off_on=closed_on,
    )
    closure.refresh_from_db()
    if follow_ups:
        _follow_ups(closure, worker, rng, today, index=index)
    return closure
