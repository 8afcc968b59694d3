"""Who may see and use every plan page, and who may not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edgecare.models import AccessLog
from families.models import Case
from plans.models import Plan
from tests.assertions import assert_not_found_and_refusal_logged
from tests.factories import CaseFactory
from tests.plans.plan_helpers import add_action, add_contact, add_contingency, add_goal, draft_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world) -> Plan:
    plan = draft_plan(world)
    add_action(add_goal(plan))
    add_contingency(plan)
    return plan


def _pages(plan: Plan) -> list[str]:
    """Every page of a draft plan that answers a GET."""
    case_pk, pk = plan.case_id, plan.pk
    args = [case_pk, pk]
    goal = plan.goals.get()
    action = goal.actions.get()
    return [
        reverse("plans:start", args=[case_pk]),
        reverse("plans:versions", args=[case_pk]),
        reverse("plans:detail", args=args),
        reverse("plans:edit_plan", args=args),
        reverse("plans:needs", args=args),
        reverse("plans:add_goal", args=args),
        reverse("plans:edit_goal", args=[*args, goal.pk]),
        reverse("plans:add_action", args=[*args, goal.pk]),
        reverse("plans:edit_action", args=[*args, goal.pk, action.pk]),
        reverse("plans:add_contingency", args=args),
        reverse("plans:edit_contingency", args=[*args, plan.contingencies.get().pk]),
        reverse("plans:add_contact", args=args),
        reverse("plans:edit_contact", args=[*args, plan.contacts.first().pk]),
        reverse("plans:agree", args=args),
        reverse("plans:changes", args=args),
        reverse("plans:family_plan", args=args),
        reverse("plans:family_plan_pdf", args=args),
    ]


def _posts(plan: Plan) -> list[str]:
    args = [plan.case_id, plan.pk]
    goal = plan.goals.get()
    return [
        reverse("plans:start", args=[plan.case_id]),
        reverse("plans:goal_from_need", args=[*args, plan.assessment.needs.first().pk]),
        reverse("plans:remove_item", args=[*args, "goals", goal.pk]),
        reverse("plans:agree", args=args),
        reverse("plans:revise", args=args),
        reverse("plans:add_goal", args=args),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, plan):
    for url in _pages(plan) + _posts(plan):
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("role", ["key_worker", "colleague", "team_manager", "service_manager"])
def test_the_case_team_and_its_managers_may_open_every_page(world, signed_in, plan, role):
    client = signed_in(getattr(world, role))
    for url in _pages(plan):
        response = client.get(url)
        if url.endswith("/start/") or url.endswith("/changes/"):
            # The plan exists (start shows it) and has no earlier version (nothing to compare).
            assert response.status_code == 302, url
        else:
            assert response.status_code == 200, url


@pytest.mark.parametrize(
    "role", ["administrator", "other_team_worker", "other_service_manager", "other_org_worker"]
)
def test_everyone_else_gets_not_found_and_the_refusal_is_logged(world, signed_in, plan, role):
    client = signed_in(getattr(world, role))
    assert_not_found_and_refusal_logged(client, _pages(plan))
    for url in _posts(plan):
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    assert Plan.objects.count() == 1
    assert plan.goals.count() == 1


def test_another_cases_plan_under_this_cases_address_is_not_found(world, signed_in, plan):
    second_case = CaseFactory(team=world.team)
    url = reverse("plans:detail", args=[second_case.pk, plan.pk])
    assert signed_in(world.key_worker).get(url).status_code == 404
    assert AccessLog.objects.filter(
        action="refused", record_type=AccessLog.RecordType.PLAN
    ).exists()


def test_a_closed_cases_plan_can_be_read_but_not_changed(world, signed_in, plan):
    world.case.move_to(Case.Status.CLOSED)
    client = signed_in(world.key_worker)
    assert client.get(reverse("plans:detail", args=[world.case.pk, plan.pk])).status_code == 200
    response = client.get(reverse("plans:add_goal", args=[world.case.pk, plan.pk]))
    assert response.status_code == 403


def test_only_administrators_keep_the_glossary(world, signed_in):
    for role in ("key_worker", "team_manager", "service_manager"):
        client = signed_in(getattr(world, role))
        assert client.get(reverse("plans:glossary")).status_code == 403, role
        assert client.post(reverse("plans:glossary_seed")).status_code == 403, role
    assert signed_in(world.administrator).get(reverse("plans:glossary")).status_code == 200


def test_a_contact_is_an_item_of_this_plan_only(world, signed_in, plan):
    other_plan_contact = add_contact(draft_plan_for_other_case(world))
    url = reverse("plans:edit_contact", args=[world.case.pk, plan.pk, other_plan_contact.pk])
    assert signed_in(world.key_worker).get(url).status_code == 404


def draft_plan_for_other_case(world):
    from plans import services
    from tests.assessments.assessment_helpers import signed_off

    case = CaseFactory(team=world.team, lead_professional=world.key_worker)
    assessment = signed_off(case, world.key_worker, world.team_manager)
    return services.plan_create_from_assessment(
        case=case, assessment=assessment, created_by=world.key_worker
    )
