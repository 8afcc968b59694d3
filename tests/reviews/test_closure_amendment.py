"""Correcting a signed-off closure's key outcome: with a reason and a manager's sign-off through
the one sign-off workflow, the case staying closed, the closure's history kept, nothing else
typed again."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from edgecare.models import AccessLog
from families.models import ArrangementKind, Case
from reviews.models import ClosureAmendment
from tests.assertions import assert_refused_with, assert_shows
from tests.reviews.review_helpers import signed_off_closure

pytestmark = pytest.mark.django_db

K = ArrangementKind


@pytest.fixture
def closed(world):
    closure = signed_off_closure(world)
    # As a closure recorded before the arrangement kinds existed would read.
    closure.key_outcome = K.OTHER
    closure.key_outcome_other = "Living with her grandparents, not in care"
    closure.save()
    return closure


def _amend_url(closure):
    return reverse("reviews:closure_amend", args=[closure.case_id, closure.pk])


def test_a_worker_proposes_a_correction_and_a_manager_signs_it_off(signed_in, world, closed):
    worker = signed_in(world.key_worker)
    page = worker.get(_amend_url(closed))
    assert_shows(page, "Living with her grandparents, not in care", "Correct the closure")

    response = worker.post(
        _amend_url(closed),
        {
            "key_outcome": K.KINSHIP_ORDER,
            "key_outcome_other": "",
            "reason": "Ellie lives with her grandparents under a child arrangements order.",
        },
    )
    amendment = ClosureAmendment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == amendment.get_absolute_url()
    assert amendment.is_submitted
    closed.refresh_from_db()
    assert closed.key_outcome == K.OTHER  # nothing changes before the sign-off

    # The worker who asked cannot sign it off.
    sign_off = reverse("reviews:closure_amendment_sign_off", args=[world.case.pk, amendment.pk])
    assert worker.post(sign_off).status_code == 403

    manager = signed_in(world.team_manager)
    assert_shows(manager.get(amendment.get_absolute_url()), "Check the correction and sign it off")
    # The one check-answers page of the sign-off workflow: before and after, and why.
    check = reverse("reviews:closure_amendment_check_answers", args=[world.case.pk, amendment.pk])
    assert_shows(
        manager.get(check),
        "The closure said",
        "It should say",
        "With extended family or friends under an order",
        "Sign off the correction",
    )
    assert manager.post(sign_off, {"comments": "Agreed."}).status_code == 302
    amendment.refresh_from_db()
    closed.refresh_from_db()
    world.case.refresh_from_db()
    assert amendment.is_signed_off
    assert closed.key_outcome == K.KINSHIP_ORDER
    assert closed.stayed_at_home
    assert world.case.status == Case.Status.CLOSED
    # The closure's history keeps what it said before; the amendment says both.
    assert closed.history.filter(key_outcome=K.OTHER).exists()
    assert amendment.previous_key_outcome == K.OTHER
    assert amendment.previous_key_outcome_other == "Living with her grandparents, not in care"
    assert closed.amendments.count() == 1
    # Everything else of the closure is as it was: nothing re-typed.
    assert closed.what_helped
    assert closed.contact_name
    assert AccessLog.objects.filter(
        record_type=AccessLog.RecordType.CLOSURE_AMENDMENT, record_id=amendment.pk
    ).exists()


def test_a_correction_without_a_reason_is_refused_with_the_choice_kept(signed_in, world, closed):
    response = signed_in(world.key_worker).post(
        _amend_url(closed), {"key_outcome": K.KINSHIP_INFORMAL, "reason": "  "}
    )
    text = assert_refused_with(response, "Say why the closure needs correcting")
    chosen = re.search(r'<input[^>]*value="kinship_informal"[^>]*>', text).group(0)
    assert "checked" in chosen
    assert not ClosureAmendment.objects.exists()


def test_a_correction_that_changes_nothing_is_refused(signed_in, world, closed):
    response = signed_in(world.key_worker).post(
        _amend_url(closed),
        {
            "key_outcome": K.OTHER,
            "key_outcome_other": "Living with her grandparents, not in care",
            "reason": "Just checking.",
        },
    )
    assert_refused_with(response, "The closure already records this")
    assert not ClosureAmendment.objects.exists()


def test_a_returned_correction_is_changed_and_sent_again(signed_in, world, closed):
    worker = signed_in(world.key_worker)
    worker.post(
        _amend_url(closed),
        {"key_outcome": K.KINSHIP_INFORMAL, "reason": "She lives with her grandparents."},
    )
    amendment = ClosureAmendment.objects.get()
    manager = signed_in(world.team_manager)
    back = reverse("reviews:closure_amendment_return", args=[world.case.pk, amendment.pk])
    assert_refused_with(manager.post(back, {"text": ""}), "Say what needs to change")
    manager.post(back, {"text": "There is a child arrangements order: say so."})
    amendment.refresh_from_db()
    assert amendment.is_returned

    edit = reverse("reviews:closure_amendment_edit", args=[world.case.pk, amendment.pk])
    response = worker.post(
        edit,
        {
            "key_outcome": K.KINSHIP_ORDER,
            "key_outcome_other": "",
            "reason": "Under a child arrangements order.",
            "row_version": amendment.row_version,
        },
    )
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.is_submitted
    assert amendment.key_outcome == K.KINSHIP_ORDER


def test_only_one_correction_waits_at_a_time(signed_in, world, closed):
    worker = signed_in(world.key_worker)
    data = {"key_outcome": K.KINSHIP_INFORMAL, "reason": "Kinship care."}
    worker.post(_amend_url(closed), data)
    response = worker.get(_amend_url(closed))
    assert response.status_code == 302
    assert response["Location"] == ClosureAmendment.objects.get().get_absolute_url()


def test_an_open_case_closure_cannot_be_amended(signed_in, world):
    from tests.reviews.review_helpers import submitted_closure

    closure = submitted_closure(world)
    response = signed_in(world.key_worker).get(_amend_url(closure))
    assert response.status_code == 403


def test_another_team_cannot_see_or_amend_the_closure(signed_in, world, closed):
    response = signed_in(world.other_team_worker).get(_amend_url(closed))
    assert response.status_code == 404
