"""Builders for review and closure tests. Every name is invented."""

from __future__ import annotations

import datetime

from django.utils import timezone

from families.models import Case
from plans.models import Plan
from reviews import services
from reviews.models import Closure, Review
from tests.plans.plan_helpers import add_action, add_goal, agree, draft_plan, parent


def agreed_plan(world, *, agreed_days_ago: int = 20, goals: int = 1) -> Plan:
    plan = draft_plan(world)
    for n in range(goals):
        goal = add_goal(
            plan,
            what_we_want_to_be_different=f"We want calmer evenings at home {n + 1}.",
            order=n,
        )
        add_action(goal)
    mum = parent(world.case)
    agree(plan, people=[mum], comments="We can do this.", recorded_by=world.key_worker)
    # Agreed a while ago, so reviews can be dated between then and today.
    agreed_on = timezone.localdate() - datetime.timedelta(days=agreed_days_ago)
    Plan.objects.filter(pk=plan.pk).update(
        agreed_on=agreed_on,
        next_review_date=agreed_on + datetime.timedelta(weeks=plan.review_cadence_weeks),
    )
    plan.refresh_from_db()
    world.case.refresh_from_db()
    return plan


def started_review(world, plan=None, *, days_ago: int = 1) -> Review:
    plan = plan or agreed_plan(world)
    return services.review_start(
        case=world.case,
        started_by=world.key_worker,
        review_date=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def fill_review(review: Review, *, risk: str = "high", decision: str = "continue", **extra):
    for n, row in enumerate(review.goal_progress.all()):
        row.score = 5 + n % 3
        row.commentary = "Evenings are calmer most nights."
        row.save()
    for n, row in enumerate(review.domain_scores.all()):
        row.worker_score = 4 + n % 5
        row.family_score = 5
        row.save()
    review.refresh_from_db()
    review.risk_level = risk
    review.risk_reason = "Fewer arguments and no missing episodes."
    review.decision = decision
    review.decision_reason = "Things are moving the right way."
    review.next_review_date = (
        None
        if decision == Review.Decision.PREPARE_CLOSURE
        else review.review_date + datetime.timedelta(weeks=6)
    )
    for key, value in extra.items():
        setattr(review, key, value)
    review.save()
    return review


def completed_review(world, plan=None, **kwargs) -> Review:
    review = fill_review(started_review(world, plan), **kwargs)
    return services.review_complete(review=review, completed_by=world.key_worker)


def started_closure(world, plan=None, **kwargs) -> Closure:
    if plan is None and not world.case.plans.exists():
        plan = agreed_plan(world)
    world.case.refresh_from_db()
    return services.closure_start(
        case=world.case,
        started_by=world.key_worker,
        reason=kwargs.pop("reason", Closure.Reason.GOALS_ACHIEVED),
        closure_date=kwargs.pop("closure_date", timezone.localdate()),
        key_outcome=kwargs.pop("key_outcome", Closure.KeyOutcome.WITH_PARENTS),
    )


def fill_closure(closure: Closure, **extra) -> Closure:
    for row in closure.domain_scores.all():
        row.worker_score = min(10, (row.baseline_worker_score or 3) + 2)
        row.family_score = 7
        row.save()
    for row in closure.goal_outcomes.all():
        row.state = "achieved"
        row.final_score = 8
        row.comment = "We eat together now and nobody storms off."
        row.save()
    closure.refresh_from_db()
    values = {
        "ongoing_needs_assessment": "Mum would like a parents' group; Jay wants to keep boxing.",
        "contact_name": "Priya Marchbank",
        "contact_role": "Family support worker at the Greenway family hub",
        "contact_phone": "0300 555 0177",
        "out_of_hours_cover": "Evenings and weekends, call the duty team on 0300 555 0102.",
        "step_down_who": "Greenway family hub",
        "step_down_what": "A parents' group on Tuesday mornings.",
        "back_up_support": "Nan Rose has Jay for tea on Sundays.",
        "what_helped": "Counting to ten and walking round the block before talking.",
        "family_confidence": 7,
        "family_confidence_words": "We know what to do now when it starts to go wrong.",
    }
    values.update(extra)
    for key, value in values.items():
        setattr(closure, key, value)
    closure.save()
    closure.ongoing_needs_done_with.set(closure.case.family.members.all())
    return closure


def submitted_closure(world, **kwargs) -> Closure:
    closure = fill_closure(started_closure(world, **kwargs))
    return services.closure_submit(closure=closure, by=world.key_worker)


def signed_off_closure(world, **kwargs) -> Closure:
    closure = submitted_closure(world, **kwargs)
    closure = services.closure_sign_off(closure=closure, signed_off_by=world.team_manager)
    world.case.refresh_from_db()
    assert world.case.status == Case.Status.CLOSED
    return closure
