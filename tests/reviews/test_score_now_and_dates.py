"""A goal's score now is the latest review's (or the closure's), with its date; dates the
system proposes land on working days; events keep a possible order, whatever day they are
typed in."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from edgecare.dates import is_working_day
from plans import services as plan_services
from plans.models import Goal, Plan
from reviews import services
from reviews.models import Review
from tests.plans.plan_helpers import add_action, add_goal, draft_plan, parent
from tests.reviews.review_helpers import (
    agreed_plan,
    completed_review,
    fill_closure,
    fill_review,
    started_closure,
    started_review,
)

pytestmark = pytest.mark.django_db


def test_completing_a_review_moves_the_goals_score_now_with_its_date(world, signed_in):
    plan = agreed_plan(world)
    goal = plan.goals.get()
    assert goal.score_now == goal.baseline_score == 3
    assert goal.score_now_source == "assessment"
    review = started_review(world, plan, days_ago=2)
    fill_review(review)
    services.review_complete(review=review, completed_by=world.key_worker)
    goal.refresh_from_db()
    assert goal.score_now == 5
    assert goal.score_now_on == review.review_date
    assert goal.score_now_source == "review"
    client = signed_in(world.key_worker)
    page = client.get(plan.get_absolute_url()).content.decode()
    day = review.review_date
    assert f'Now 5 <span class="app-score-source">(at the review, {day.day} {day:%B %Y})' in page
    case_page = client.get(world.case.get_absolute_url()).content.decode()
    assert f"at the review, {day.day} {day:%b %Y}" in case_page


def test_an_older_review_typed_in_late_does_not_overwrite_a_newer_score(world):
    plan = agreed_plan(world)
    goal = plan.goals.get()
    goal.record_score(score=8, on=timezone.localdate(), at="review")
    goal.record_score(score=4, on=timezone.localdate() - datetime.timedelta(days=7), at="review")
    goal.refresh_from_db()
    assert goal.score_now == 8


def test_the_closure_starts_from_the_score_now_and_its_sign_off_becomes_it(world):
    plan = agreed_plan(world)
    completed_review(world, plan)
    closure = fill_closure(started_closure(world, plan))
    outcome = closure.goal_outcomes.get()
    assert Goal.objects.get(pk=outcome.goal_id).latest_score == 5
    services.closure_submit(closure=closure, by=world.key_worker)
    services.closure_sign_off(closure=closure, signed_off_by=world.team_manager)
    goal = Goal.objects.get(pk=outcome.goal_id)
    assert goal.score_now == 8
    assert goal.score_now_source == "closure"
    assert goal.score_now_on == closure.closure_date


def test_a_revision_keeps_the_score_now(world):
    plan = agreed_plan(world)
    completed_review(world, plan)
    new = plan_services.plan_revise(plan=plan, revised_by=world.key_worker, reason="New goal")
    assert new.goals.get().score_now == 5


@pytest.mark.parametrize(
    ("agreed_on", "first_review"),
    [
        # Six weeks after 13 November 2026 is Christmas Day; Boxing Day is a Saturday, so the
        # substitute bank holiday is Monday 28 December: the review moves to Tuesday 29th.
        (datetime.date(2026, 11, 13), datetime.date(2026, 12, 29)),
        # Six weeks after 20 November 2026 is New Year's Day (a Friday): Monday 4 January.
        (datetime.date(2026, 11, 20), datetime.date(2027, 1, 4)),
        # A Saturday moves to the Monday.
        (datetime.date(2026, 10, 24), datetime.date(2026, 12, 7)),
        # A working day stays.
        (datetime.date(2026, 10, 21), datetime.date(2026, 12, 2)),
    ],
)
def test_the_first_review_proposed_is_never_on_a_weekend_or_bank_holiday(
    world, agreed_on, first_review
):
    plan = Plan(review_cadence_weeks=6)
    assert plan.first_review_date(agreed_on) == first_review
    assert is_working_day(first_review)


def test_the_next_review_and_follow_ups_proposed_are_working_days(world):
    plan = agreed_plan(world)
    review = started_review(world, plan)
    Review.objects.filter(pk=review.pk).update(review_date=datetime.date(2026, 11, 13))
    review.refresh_from_db()
    assert services.default_next_review_date(review) == datetime.date(2026, 12, 29)
    closure = fill_closure(started_closure(world, plan))
    services.closure_submit(closure=closure, by=world.key_worker)
    services.closure_sign_off(closure=closure, signed_off_by=world.team_manager)
    checks = list(closure.follow_up_checks.all())
    assert checks
    assert all(is_working_day(check.due_date) for check in checks)


def test_a_plan_agreed_last_friday_can_be_typed_in_today(world, signed_in):
    today = timezone.localdate()
    last_friday = today - datetime.timedelta(days=(today.weekday() - 4) % 7 or 7)
    plan = draft_plan(world)
    add_action(add_goal(plan))
    mum = parent(world.case)
    # Referred and assessed before the family agreed; the plan itself is typed in today.
    world.case.__class__.objects.filter(pk=world.case.pk).update(
        referral_date=last_friday - datetime.timedelta(days=20)
    )
    Assessment.objects.filter(pk=plan.assessment_id).update(
        signed_off_at=timezone.now() - datetime.timedelta(days=10),
        signed_off_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    response = signed_in(world.key_worker).post(
        reverse("plans:agree", args=[world.case.pk, plan.pk]),
        {
            "agreed_by_people": [mum.pk],
            "agreed_on": last_friday.isoformat(),
            "family_comments": "We talked it through at the kitchen table.",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.agreed_on == last_friday
    assert plan.next_review_date == plan.first_review_date(last_friday)


def test_an_agreement_before_the_assessment_was_signed_off_is_refused(world, signed_in):
    plan = draft_plan(world)
    add_action(add_goal(plan))
    mum = parent(world.case)
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = signed_in(world.key_worker).post(
        reverse("plans:agree", args=[world.case.pk, plan.pk]),
        {
            "agreed_by_people": [mum.pk],
            "agreed_on": day.isoformat(),
            "family_comments": "We are happy with it.",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "before its assessment was signed off" in page
    assert "We are happy with it." in page
    plan.refresh_from_db()
    assert plan.is_draft


def test_a_closure_dated_before_the_last_review_is_refused(world):
    plan = agreed_plan(world)
    completed_review(world, plan)
    review_day = Review.objects.get().review_date
    with pytest.raises(ValidationError, match="before the last review"):
        started_closure(world, plan, closure_date=review_day - datetime.timedelta(days=1))


def test_proposed_dates_hold_whatever_day_the_review_is_typed_in():
    # Typed in on a bank holiday itself: the proposal still moves on to a working day.
    with time_machine.travel(datetime.datetime(2026, 12, 28, 12, 0), tick=False):
        plan = Plan(review_cadence_weeks=2)
        assert plan.first_review_date(datetime.date(2026, 12, 11)) == datetime.date(2026, 12, 29)
