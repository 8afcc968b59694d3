import pytest
from django.urls import reverse

from edgecare.models import AccessLog
from reviews import services
from reviews.models import Review
from tests.reviews.review_helpers import (
    agreed_plan,
    fill_closure,
    signed_off_closure,
    started_closure,
    started_review,
    submitted_closure,
)

pytestmark = pytest.mark.django_db

ALLOWED = ("key_worker", "team_manager", "service_manager")
NOT_FOUND = ("administrator", "other_team_worker", "other_service_manager", "other_org_worker")

REVIEW_PAGES = [
    "review_detail",
    "review_edit",
    "review_goals",
    "review_scores",
    "review_indicators",
    "review_risk",
    "review_decision",
]
CLOSURE_PAGES = [
    "closure_detail",
    "closure_edit",
    "closure_scores",
    "closure_goals",
    "closure_needs",
    "closure_sustainability",
    "closure_letter",
    "closure_letter_pdf",
]
CASE_PAGES = ["review_list", "review_start", "closure_start"]


@pytest.fixture
def records(world):
    plan = agreed_plan(world)
    review = started_review(world, plan)
    closure = started_closure(world, plan)
    return review, closure


def all_urls(review, closure):
    case_pk = review.case_id
    urls = [reverse(f"reviews:{name}", args=[case_pk]) for name in CASE_PAGES]
    urls += [reverse(f"reviews:{name}", args=[case_pk, review.pk]) for name in REVIEW_PAGES]
    urls += [reverse(f"reviews:{name}", args=[case_pk, closure.pk]) for name in CLOSURE_PAGES]
    return urls


def test_every_page_asks_an_anonymous_visitor_to_sign_in(client, records):
    for url in all_urls(*records):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("role", ALLOWED)
def test_the_team_and_its_managers_can_open_every_page(world, signed_in, records, role):
    client = signed_in(world.users_by_role()[role])
    for url in all_urls(*records):
        # Starting a review or closure that already exists redirects to it.
        assert client.get(url).status_code in (200, 302), url


@pytest.mark.parametrize("role", NOT_FOUND)
def test_anyone_else_gets_a_404_and_the_refusal_is_logged(world, signed_in, records, role):
    user = world.users_by_role()[role]
    client = signed_in(user)
    for url in all_urls(*records):
        before = AccessLog.objects.filter(user=user, action=AccessLog.Action.REFUSED).count()
        assert client.get(url).status_code == 404, url
        after = AccessLog.objects.filter(user=user, action=AccessLog.Action.REFUSED).count()
        assert after == before + 1, url


def test_another_cases_review_under_this_cases_address_is_a_404(world, signed_in, records):
    review, _closure = records
    other_url = reverse("reviews:review_detail", args=[world.other_team_case.pk, review.pk])
    assert signed_in(world.other_team_manager).get(other_url).status_code == 404


def test_viewing_a_review_is_logged(world, signed_in, records):
    review, _closure = records
    signed_in(world.key_worker).get(review.get_absolute_url())
    assert AccessLog.objects.filter(
        user=world.key_worker,
        action="view",
        record_type=AccessLog.RecordType.REVIEW,
        record_id=review.pk,
    ).exists()


def test_a_key_worker_cannot_sign_off_a_closure(world, signed_in):
    closure = submitted_closure(world)
    client = signed_in(world.colleague)
    args = [closure.case_id, closure.pk]
    assert client.post(reverse("reviews:closure_sign_off", args=args)).status_code == 403
    assert (
        client.post(reverse("reviews:closure_return", args=args), {"text": "x"}).status_code == 403
    )
    closure.refresh_from_db()
    assert closure.is_submitted


def test_the_submitter_cannot_sign_off_their_own_closure_even_as_a_manager(world, signed_in):
    closure = started_closure(world)
    fill_closure(closure)
    services.closure_submit(closure=closure, by=world.team_manager)
    response = signed_in(world.team_manager).post(
        reverse("reviews:closure_sign_off", args=[closure.case_id, closure.pk])
    )
    assert response.status_code == 403
    closure.refresh_from_db()
    assert closure.is_submitted


def test_the_service_manager_can_sign_off(world, signed_in):
    closure = submitted_closure(world)
    response = signed_in(world.service_manager).post(
        reverse("reviews:closure_sign_off", args=[closure.case_id, closure.pk])
    )
    assert response.status_code == 302
    closure.refresh_from_db()
    assert closure.is_signed_off


@pytest.mark.parametrize("method", ["get", "post"])
def test_follow_up_and_reopen_pages_are_scoped(world, signed_in, method):
    closure = signed_off_closure(world)
    check = closure.follow_up_checks.first()
    follow_up = reverse("reviews:follow_up", args=[world.case.pk, check.pk])
    reopen = reverse("reviews:case_reopen", args=[world.case.pk])
    for role in NOT_FOUND:
        client = signed_in(world.users_by_role()[role])
        assert getattr(client, method)(follow_up).status_code == 404, role
        assert getattr(client, method)(reopen).status_code == 404, role
    for role in ALLOWED:
        client = signed_in(world.users_by_role()[role])
        if method == "get":
            assert client.get(follow_up).status_code == 200, role
    assert signed_in(world.key_worker).get(reopen).status_code == 403
    assert signed_in(world.team_manager).get(reopen).status_code == 200


def test_wrong_methods_are_refused(world, signed_in, records):
    review, closure = records
    client = signed_in(world.key_worker)
    complete = reverse("reviews:review_complete", args=[review.case_id, review.pk])
    submit = reverse("reviews:closure_submit", args=[closure.case_id, closure.pk])
    assert client.get(complete).status_code == 405
    assert client.get(submit).status_code == 405
    assert Review.objects.get(pk=review.pk).is_editable
