import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import IndicatorSet
from families.models import Case
from reviews.models import Review
from tests.assertions import assert_refused_with, assert_shows
from tests.reviews.review_helpers import agreed_plan, completed_review, fill_review, started_review

pytestmark = pytest.mark.django_db


def url(name, review, *args):
    return reverse(f"reviews:{name}", args=[review.case_id, review.pk, *args])


def test_a_review_is_refused_with_a_clear_message_when_there_is_no_agreed_plan(world, signed_in):
    client = signed_in(world.key_worker)
    response = client.get(reverse("reviews:review_start", args=[world.case.pk]), follow=True)
    assert "There is no agreed plan to review" in response.content.decode()
    response = client.post(
        reverse("reviews:review_start", args=[world.case.pk]),
        {"review_date": timezone.localdate().isoformat(), "review_type": "planned"},
        follow=True,
    )
    assert "There is no agreed plan to review" in response.content.decode()
    assert not Review.objects.exists()


def test_starting_a_review_makes_a_row_for_every_goal_and_outcome_area(world, signed_in):
    plan = agreed_plan(world, goals=2)
    client = signed_in(world.key_worker)
    response = client.post(
        reverse("reviews:review_start", args=[world.case.pk]),
        {"review_date": timezone.localdate().isoformat(), "review_type": "multi_agency"},
    )
    review = Review.objects.get()
    assert response.status_code == 302
    assert review.plan == plan
    assert review.goal_progress.count() == 2
    assert review.domain_scores.count() == plan.assessment.domain_assessments.count()
    page = client.get(review.get_absolute_url())
    assert_shows(page, "Complete the review")


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-1, "cannot be in the future"),
        (25, "cannot be before the plan was agreed"),
    ],
)
def test_a_review_date_outside_the_plan_is_refused_and_nothing_saved(
    world, signed_in, days, message
):
    agreed_plan(world)
    client = signed_in(world.key_worker)
    day = timezone.localdate() - datetime.timedelta(days=days)
    response = client.post(
        reverse("reviews:review_start", args=[world.case.pk]),
        {"review_date": day.isoformat(), "review_type": "planned"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Review.objects.exists()


def test_scores_outside_0_to_10_are_refused_with_a_clear_message_and_nothing_saved(
    world, signed_in
):
    review = started_review(world)
    rows = list(review.domain_scores.all())
    data = {
        "form-TOTAL_FORMS": len(rows),
        "form-INITIAL_FORMS": len(rows),
    }
    for n, row in enumerate(rows):
        data[f"form-{n}-id"] = row.pk
        data[f"form-{n}-row_version"] = row.row_version
        data[f"form-{n}-worker_score"] = 5
        data[f"form-{n}-family_score"] = ""
    data["form-0-worker_score"] = 11
    response = signed_in(world.key_worker).post(url("review_scores", review), data)
    assert_refused_with(response, "must be a whole number from 0 to 10")
    assert not review.domain_scores.filter(worker_score__isnull=False).exists()


def test_goal_progress_is_saved_for_every_goal_together(world, signed_in):
    review = started_review(world, agreed_plan(world, goals=2))
    rows = list(review.goal_progress.all())
    data = {"form-TOTAL_FORMS": 2, "form-INITIAL_FORMS": 2}
    for n, row in enumerate(rows):
        data[f"form-{n}-id"] = row.pk
        data[f"form-{n}-row_version"] = row.row_version
        data[f"form-{n}-score"] = 6 + n
        data[f"form-{n}-commentary"] = "Better most evenings."
    response = signed_in(world.key_worker).post(url("review_goals", review), data)
    assert response.status_code == 302
    assert [r.score for r in review.goal_progress.all()] == [6, 7]


def test_completing_is_refused_while_a_goal_has_no_progress(world, signed_in):
    review = fill_review(started_review(world, agreed_plan(world, goals=2)))
    row = review.goal_progress.last()
    row.score = None
    row.save()
    client = signed_in(world.key_worker)
    response = client.post(url("review_complete", review), follow=True)
    assert "Give a score and say how it is going for goal 2." in response.content.decode()
    review.refresh_from_db()
    assert review.is_editable


def test_completing_a_review_moves_the_plans_next_review_date(world, signed_in):
    plan = agreed_plan(world)
    review = fill_review(started_review(world, plan))
    response = signed_in(world.key_worker).post(url("review_complete", review))
    assert response.status_code == 302
    review.refresh_from_db()
    plan.refresh_from_db()
    assert review.is_completed
    assert review.completed_by == world.key_worker
    assert plan.next_review_date == review.next_review_date


def test_a_decision_to_prepare_for_closure_moves_the_case_to_closing(world):
    completed_review(world, decision=Review.Decision.PREPARE_CLOSURE)
    world.case.refresh_from_db()
    assert world.case.status == Case.Status.CLOSING


def test_risk_raised_without_an_escalation_note_is_refused_and_nothing_saved(world, signed_in):
    review = started_review(world)  # the assessment's risk was high
    client = signed_in(world.key_worker)
    response = client.post(
        url("review_risk", review),
        {
            "risk_level": "very_high",
            "risk_reason": "Two missing episodes this week.",
            "row_version": review.row_version,
        },
    )
    assert_refused_with(response, "say what is being done", "The team manager must be told")
    review.refresh_from_db()
    assert review.risk_level == ""


def test_risk_raised_with_escalation_is_recorded_as_raised_on_completion(world, signed_in):
    review = started_review(world)
    client = signed_in(world.key_worker)
    response = client.post(
        url("review_risk", review),
        {
            "risk_level": "very_high",
            "risk_reason": "Two missing episodes this week.",
            "escalation_action": "Strategy discussion booked; daily check-ins.",
            "escalation_told": "Sam Patel, team manager",
            "manager_notified": "on",
            "row_version": review.row_version,
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    fill_review(review, risk="very_high")
    client.post(url("review_complete", review))
    review.refresh_from_db()
    assert review.is_completed
    assert review.risk_raised
    assert review.previous_risk_level == "high"


def test_completing_with_a_raised_risk_and_no_escalation_is_refused(world, signed_in):
    review = fill_review(started_review(world), risk="very_high")
    response = signed_in(world.key_worker).post(url("review_complete", review), follow=True)
    assert "The risk has gone up since it was last assessed" in response.content.decode()
    review.refresh_from_db()
    assert review.is_editable


def test_the_next_review_date_is_required_unless_preparing_for_closure(world, signed_in):
    review = started_review(world)
    client = signed_in(world.key_worker)
    response = client.post(
        url("review_decision", review),
        {
            "decision": "continue",
            "decision_reason": "Going well.",
            "next_review_date": "",
            "row_version": review.row_version,
        },
    )
    assert_refused_with(response, "Enter the date of the next review.")
    response = client.post(
        url("review_decision", review),
        {
            "decision": "prepare_closure",
            "decision_reason": "Goals met.",
            "next_review_date": "",
            "row_version": review.row_version,
        },
    )
    assert response.status_code == 302


def test_indicators_recorded_at_a_review_are_linked_to_it(world, signed_in):
    review = started_review(world)
    response = signed_in(world.key_worker).post(
        url("review_indicators", review),
        {
            "recorded_on": review.review_date.isoformat(),
            "school_attendance_percent": "88.5",
            "missing_episodes": "0",
            "tool_name": "SDQ total difficulties",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.indicators.occasion == IndicatorSet.Occasion.REVIEW
    assert review.indicators.case == world.case


def test_a_completed_review_can_no_longer_be_changed(world, signed_in):
    review = completed_review(world)
    client = signed_in(world.key_worker)
    response = client.post(
        url("review_edit", review),
        {
            "review_date": review.review_date.isoformat(),
            "review_type": "planned",
            "row_version": review.row_version,
        },
        follow=True,
    )
    assert "can no longer be changed" in response.content.decode()


def test_a_stale_save_of_a_review_is_refused_and_the_text_kept(world, signed_in):
    review = started_review(world)
    stale_version = review.row_version
    review.family_views = "Someone else typed this."
    review.save()
    response = signed_in(world.key_worker).post(
        url("review_edit", review),
        {
            "review_date": review.review_date.isoformat(),
            "review_type": "planned",
            "family_views": "Mum says the evenings are calmer.",
            "row_version": stale_version,
        },
    )
    assert_refused_with(response, "Someone else saved changes", "Mum says the evenings are calmer.")
