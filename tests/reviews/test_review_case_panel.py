import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan
from reviews.models import Review, ReviewDomainScore
from tests.assertions import assert_shows
from tests.reviews.review_helpers import agreed_plan, completed_review

pytestmark = pytest.mark.django_db


def _reviews(world, plan, n):
    """`n` completed reviews, made directly: the point is the page's cost, not the workflow."""
    domains = list(plan.assessment.domain_assessments.all())
    for i in range(n):
        review = Review.objects.create(
            case=world.case,
            plan=plan,
            review_date=plan.agreed_on + datetime.timedelta(days=i % 15),
            status=Review.Status.COMPLETED,
            decision=Review.Decision.CONTINUE,
            risk_level="medium",
            created_by=world.key_worker,
            completed_by=world.key_worker,
            completed_at=timezone.now(),
        )
        ReviewDomainScore.objects.bulk_create(
            ReviewDomainScore(
                review=review,
                domain=row.domain,
                domain_name=row.domain_name,
                domain_order=row.domain_order,
                worker_score=(i + j) % 11,
            )
            for j, row in enumerate(domains)
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["reviews:review_list", "families:case_detail"])
def test_the_reviews_list_and_case_panel_cost_the_same_with_5_or_50_reviews(world, signed_in, page):
    plan = agreed_plan(world)
    client = signed_in(world.key_worker)
    url = reverse(page, args=[world.case.pk])
    _reviews(world, plan, 5)
    few = _queries(client, url)
    _reviews(world, plan, 45)
    many = _queries(client, url)
    assert many == few


def test_the_case_panel_shows_the_progress_chart_and_its_numbers(world, signed_in):
    plan = agreed_plan(world)
    completed_review(world, plan)
    assert_shows(
        signed_in(world.key_worker).get(world.case.get_absolute_url()),
        "Reviews and closure",
        "<svg",
        "Baseline",
        "Review 1",
    )


def test_an_overdue_review_is_flagged_on_the_case_page(world, signed_in):
    plan = agreed_plan(world)
    Plan.objects.filter(pk=plan.pk).update(
        next_review_date=timezone.localdate() - datetime.timedelta(days=4)
    )
    body = signed_in(world.key_worker).get(world.case.get_absolute_url()).content.decode()
    assert "Review overdue by 4 days" in body
    assert "The review is overdue by 4 days" in body


def test_a_review_due_is_a_next_step(world, signed_in):
    plan = agreed_plan(world)
    body = signed_in(world.key_worker).get(world.case.get_absolute_url()).content.decode()
    assert f"Review due on {plan.next_review_date:%-d %B %Y}" in body


def test_a_decision_to_revise_the_plan_becomes_a_next_step(world, signed_in):
    completed_review(world, decision=Review.Decision.REVISE)
    body = signed_in(world.key_worker).get(world.case.get_absolute_url()).content.decode()
    assert "decided to revise the plan" in body


def test_completed_reviews_are_on_the_chronology(world, signed_in):
    completed_review(world)
    body = (
        signed_in(world.key_worker)
        .get(reverse("families:case_chronology", args=[world.case.pk]))
        .content.decode()
    )
    assert "Planned review completed: Continue with the plan" in body
