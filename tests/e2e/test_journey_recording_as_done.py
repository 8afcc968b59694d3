"""Recording the work as it is really done, on a 375 px phone: a plan the family agreed
"last Friday" typed in today; an action marked done between reviews, without revising the
plan; a review whose score moves the goal's "score now"."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from families.models import Case
from plans.models import Action, Plan
from reviews.models import Review
from tests.e2e.helpers import (
    error_summary,
    follow_link,
    press_button,
    screenshot,
    screenshot_if_failing,
    sign_in_as,
)
from tests.plans.plan_helpers import add_action, add_goal, draft_plan, parent

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


def long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def last_friday(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=(today.weekday() - 4) % 7 or 7)


def finish_the_rest_of_the_review(review: Review) -> None:
    """What this journey is not about (outcome areas, risk, the decision), filled in as the
    worker would have on the other pages."""
    for row in review.domain_scores.all():
        row.worker_score, row.family_score = 6, 6
        row.save()
    review.refresh_from_db()
    review.risk_level = "medium"
    review.risk_reason = "Calmer evenings; no missing episodes since the plan started."
    review.decision = Review.Decision.CONTINUE
    review.decision_reason = "The plan is working: keep going."
    review.next_review_date = review.review_date + datetime.timedelta(weeks=6)
    review.save()


def test_a_plan_agreed_last_friday_an_action_done_and_a_review_that_moves_score_now(
    browser, live_server, world
):
    today = timezone.localdate()
    friday = last_friday(today)
    Case.objects.filter(pk=world.case.pk).update(referral_date=friday - datetime.timedelta(days=30))
    world.case.refresh_from_db()
    plan = draft_plan(world)
    Assessment.objects.filter(pk=plan.assessment_id).update(
        signed_off_at=timezone.now() - datetime.timedelta(days=14),
        signed_off_on=timezone.localdate() - datetime.timedelta(days=14),
    )
    goal = add_goal(plan, what_we_want_to_be_different="We want tea together without rows.")
    add_action(goal, what="Mum and Jay cook tea together on Sundays.")
    mum = parent(world.case)

    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, locale="en-GB", is_mobile=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in_as(page, live_server, world.key_worker)
        with screenshot_if_failing(page, "journey-failed-recording-as-done"):
            # 1. The family agreed the plan on Friday; the worker types it in today.
            page.goto(plan.get_absolute_url())
            follow_link(page, "Record the family's agreement")
            page.get_by_label(mum.full_name, exact=False).check()
            page.get_by_label("Date they agreed").fill(friday.isoformat())
            page.get_by_label("What the family said about the plan").fill(
                "We like that Sunday tea is in it."
            )
            press_button(page, "Record the family's agreement")
            assert not error_summary(page), error_summary(page)
            plan.refresh_from_db()
            assert plan.is_agreed
            assert plan.agreed_on == friday
            screenshot(page, "journey-recording-1-agreed-last-friday", full_page=False)

            # 2. Between reviews: the action is done. No revision of the plan.
            follow_link(page, "Record progress")
            page.get_by_label("Done", exact=True).check()
            page.get_by_label("When").fill(today.isoformat())
            page.get_by_label("A short note").fill("They made a curry together.")
            press_button(page, "Record progress")
            assert not error_summary(page), error_summary(page)
            action = Action.objects.get(goal__plan=plan)
            assert action.status == Action.Status.DONE
            assert Plan.objects.filter(case=world.case).count() == 1
            row = page.locator(f"#action-{action.pk}")
            assert "Done" in row.inner_text()
            assert "They made a curry together." in row.inner_text()
            row.scroll_into_view_if_needed()
            screenshot(page, "journey-recording-2-action-done", full_page=False)

            # 3. A review scores the goal 8: the goal's score now moves, with its date.
            page.goto(reverse("reviews:review_start", args=[world.case.pk]))
            page.get_by_label("Date of the review").fill(today.isoformat())
            press_button(page, "Start the review")
            assert not error_summary(page), error_summary(page)
            review = Review.objects.get(case=world.case)
            follow_link(page, "Record progress on the goals")
            assert "Mum and Jay cook tea together on Sundays." in page.content()
            page.get_by_label("Score now (0 to 10)").fill("8")
            page.get_by_label("How it is going").fill("Sunday tea happens most weeks now.")
            press_button(page, "Save")
            assert not error_summary(page), error_summary(page)
            finish_the_rest_of_the_review(review)
            page.goto(review.get_absolute_url())
            press_button(page, "Complete the review")
            assert not error_summary(page), error_summary(page)
            page.goto(plan.get_absolute_url())
            goal_card = page.locator(f"#goal-{goal.pk}")
            assert f"Now 8 (at the review, {long(today)})" in goal_card.inner_text()
            goal_card.scroll_into_view_if_needed()
            screenshot(page, "journey-recording-3-score-now-moved", full_page=False)
    finally:
        context.close()
