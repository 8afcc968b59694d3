"""A double-clicked submit never records twice: the contact form and the forms that change a
record's state (a follow-up check, re-opening a case, revising a plan, correcting an assessment)
carry the one-time submission token, and the second POST is sent where the first went."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment
from edgecare.submission import SUBMISSION_TOKEN_FIELD
from families.models import Case, Contact
from plans.models import Plan
from reviews.models import CaseReopening, FollowUpCheck
from tests.assessments.assessment_helpers import signed_off
from tests.reviews.review_helpers import agreed_plan, signed_off_closure
from tests.security.test_form_integrity import filled, problems, rows_now

pytestmark = pytest.mark.django_db


def sent_twice(client, url: str, data: dict):
    assert data.get(SUBMISSION_TOKEN_FIELD), f"{url}: the form carries no submission token"
    first = client.post(url, data)
    assert first.status_code == 302, f"{url}: not saved ({first.status_code}): {problems(first)}"
    after_first = rows_now()
    second = client.post(url, data)
    assert rows_now() == after_first, "the second POST saved again"
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert "This was already saved" in client.get(second["Location"]).content.decode()
    return first


def test_a_contact_sent_twice_is_recorded_once(world, signed_in):
    client = signed_in(world.key_worker)
    url = reverse("families:contact_add", args=[world.case.pk])
    sent_twice(client, url, filled(client.get(url), editing=False))
    assert Contact.objects.filter(case=world.case).count() == 1


def test_a_follow_up_check_sent_twice_is_recorded_once(world, signed_in):
    closure = signed_off_closure(world)
    check = FollowUpCheck.objects.filter(closure=closure).order_by("due_date").first()
    client = signed_in(world.key_worker)
    url = reverse("reviews:follow_up", args=[world.case.pk, check.pk])
    sent_twice(client, url, filled(client.get(url), editing=False))
    check.refresh_from_db()
    assert check.done_on is not None


def test_re_opening_a_case_sent_twice_re_opens_it_once(world, signed_in):
    signed_off_closure(world)
    client = signed_in(world.team_manager)  # a closed case is re-opened by its manager
    url = reverse("reviews:case_reopen", args=[world.case.pk])
    sent_twice(client, url, filled(client.get(url), editing=False))
    assert CaseReopening.objects.filter(closure__case=world.case).count() == 1
    world.case.refresh_from_db()
    assert world.case.status != Case.Status.CLOSED


def test_a_plan_revision_sent_twice_makes_one_new_version(world, signed_in):
    plan = agreed_plan(world)
    client = signed_in(world.key_worker)
    url = reverse("plans:revise", args=[world.case.pk, plan.pk])
    sent_twice(client, url, filled(client.get(url), editing=True))
    assert Plan.objects.filter(case=world.case).count() == 2


def test_an_assessment_correction_sent_twice_opens_one_corrected_version(world, signed_in):
    assessment = signed_off(world.case, world.key_worker, world.team_manager)
    client = signed_in(world.key_worker)
    url = reverse("assessments:correct", args=[world.case.pk, assessment.pk])
    sent_twice(client, url, filled(client.get(url), editing=True))
    assert Assessment.objects.filter(case=world.case).count() == 2
