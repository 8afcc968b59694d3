"""A key worker's edge-of-care decision is pending until the manager or panel chair they
named confirms it; a manager who records it is the decider, and it is in force at once."""

import datetime

import pytest
from django.urls import reverse

from families.models import Case, Decision
from tests.factories import UserFactory
from tests.families.factories import TODAY

pytestmark = pytest.mark.django_db

RATIONALE = (
    "The family has asked for a break; with his nan able to take him for weekends the risk "
    "at home is managed without a placement, so we step down to early help."
)


@pytest.fixture
def referred_case(world):
    case = world.case
    case.status = Case.Status.REFERRED
    case.referral_date = TODAY - datetime.timedelta(days=3)
    case.save()
    return case


def step_down(**extra):
    return {
        "outcome": "step_down",
        "made_by": "panel",
        "decided_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "decided_by_name": "Head of service, chairing the panel",
        "risks": "Arguments at home most evenings.",
        "strengths": "Nan nearby; mum wants help.",
        "rationale": RATIONALE,
        **extra,
    }


def test_a_key_workers_decision_that_ends_the_work_waits_for_the_named_manager(
    signed_in, world, referred_case
):
    url = reverse("families:decision_add", args=[referred_case.pk])
    response = signed_in(world.key_worker).post(url, step_down(decider=world.team_manager.pk))
    assert response.status_code == 302
    referred_case.refresh_from_db()
    assert referred_case.status == "referred"
    decision = referred_case.decisions.get()
    assert decision.is_pending
    page = signed_in(world.key_worker).get(referred_case.get_absolute_url()).content.decode()
    assert f"Pending: awaits {world.team_manager}" in page
    assert "Confirm this decision" not in page

    manager = signed_in(world.team_manager)
    assert "Confirm this decision" in manager.get(referred_case.get_absolute_url()).content.decode()
    confirm = reverse("families:decision_confirm", args=[referred_case.pk, decision.pk])
    assert manager.post(confirm).status_code == 302
    decision.refresh_from_db()
    referred_case.refresh_from_db()
    assert decision.is_confirmed
    assert referred_case.status == "closed"
    assert referred_case.closed_on == TODAY - datetime.timedelta(days=1)


def test_nobody_but_the_named_manager_can_confirm_and_nothing_changes(
    signed_in, world, referred_case
):
    signed_in(world.key_worker).post(
        reverse("families:decision_add", args=[referred_case.pk]),
        step_down(decider=world.team_manager.pk),
    )
    decision = referred_case.decisions.get()
    confirm = reverse("families:decision_confirm", args=[referred_case.pk, decision.pk])
    assert signed_in(world.key_worker).post(confirm).status_code == 403
    assert signed_in(world.service_manager).post(confirm).status_code == 403
    decision.refresh_from_db()
    assert decision.is_pending
    referred_case.refresh_from_db()
    assert referred_case.status == "referred"


def test_a_manager_recording_the_decision_is_the_decider_and_it_is_in_force_at_once(
    signed_in, world, referred_case
):
    response = signed_in(world.team_manager).post(
        reverse("families:decision_add", args=[referred_case.pk]), step_down()
    )
    assert response.status_code == 302
    decision = referred_case.decisions.get()
    assert decision.decider == world.team_manager
    assert decision.is_confirmed
    referred_case.refresh_from_db()
    assert referred_case.status == "closed"


def test_a_key_worker_can_only_name_a_manager_over_the_case(signed_in, world, referred_case):
    colleague = UserFactory(organisation=world.org, team=world.team, role="key_worker")
    response = signed_in(world.key_worker).post(
        reverse("families:decision_add", args=[referred_case.pk]),
        step_down(decider=colleague.pk),
    )
    assert response.status_code == 400
    assert "Choose the manager or panel chair from the list" in response.content.decode()
    assert not Decision.objects.filter(case=referred_case).exists()
    # The text typed is kept on the form.
    assert "The family has asked for a break" in response.content.decode()
