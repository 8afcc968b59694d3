"""The edge-of-care decision with its rationale, and who leads the work."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse

from casefile import case_page
from families import case_page as families_case_page
from families.case_parts import CasePanel, NextStep
from families.models import Allocation, Case, Decision
from tests.factories import AllocationFactory, CaseFactory, ContactFactory, DecisionFactory
from tests.families.factories import (
    TODAY,
    only_families_panels,  # noqa: F401 - a fixture
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_families_panels")]

RATIONALE = (
    "Mum and Jay both want him home and have agreed evening curfews; the risk of him going "
    "missing is real but is lower at home with daily visits than in a placement far away."
)


def decision_data(**overrides):
    data = {
        "outcome": "support_at_home",
        "made_by": "panel",
        "decided_on": TODAY.isoformat(),
        "decided_by_name": "Head of service, chairing the edge-of-care panel",
        "attendees": "Social worker, school, key worker, mum",
        "risks": "Went missing twice last month; fights with his step-father.",
        "strengths": "Close to his nan; wants to stay at his school.",
        "rationale": RATIONALE,
    }
    data.update(overrides)
    return data


@pytest.fixture
def referred_case(world):
    case = world.case
    case.status = Case.Status.REFERRED
    case.referral_date = TODAY - datetime.timedelta(days=3)
    case.save()
    return case


def test_support_at_home_records_the_decision_and_starts_the_assessment(
    signed_in, world, referred_case
):
    client = signed_in(world.key_worker)
    response = client.post(
        reverse("families:decision_add", args=[referred_case.pk]),
        decision_data(decider=world.team_manager.pk),
    )
    assert response.status_code == 302
    referred_case.refresh_from_db()
    assert referred_case.status == "assessment"
    decision = referred_case.decisions.get()
    assert decision.rationale == RATIONALE
    assert decision.recorded_by == world.key_worker
    assert decision.decider == world.team_manager
    assert decision.is_pending
    page = client.get(referred_case.get_absolute_url()).content.decode()
    assert "Mum and Jay both want him home" in page
    assert "Decision: awaiting rationale" not in page


@pytest.mark.parametrize("outcome", ["accommodate", "step_down", "nfa"])
def test_any_other_decision_closes_the_episode_on_the_decision_date(
    signed_in, world, referred_case, outcome
):
    decided = TODAY - datetime.timedelta(days=1)
    signed_in(world.team_manager).post(
        reverse("families:decision_add", args=[referred_case.pk]),
        decision_data(outcome=outcome, decided_on=decided.isoformat()),
    )
    referred_case.refresh_from_db()
    assert referred_case.status == "closed"
    assert referred_case.closed_on == decided


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rationale": ""}, "Write why this decision was made"),
        ({"rationale": "Agreed at panel."}, "Write why this decision was made"),
        ({"rationale": " " * 50}, "Write why this decision was made"),
        ({"decided_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "today or in the past"),
        (
            {"decided_on": (TODAY - datetime.timedelta(days=30)).isoformat()},
            "cannot be before the referral date",
        ),
        ({"outcome": ""}, "Choose the decision"),
        ({"risks": ""}, "Enter the risks that were weighed"),
        ({"strengths": ""}, "Enter the strengths that were weighed"),
        ({"decided_by_name": ""}, "Enter who made the decision"),
        ({"decider": ""}, "Choose the manager or panel chair who will confirm the decision"),
    ],
)
def test_a_decision_without_its_reasoning_is_refused_and_nothing_changes(
    signed_in, world, referred_case, overrides, message
):
    response = signed_in(world.key_worker).post(
        reverse("families:decision_add", args=[referred_case.pk]),
        decision_data(**{"decider": world.team_manager.pk, **overrides}),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    referred_case.refresh_from_db()
    assert referred_case.status == "referred"
    assert not Decision.objects.filter(case=referred_case).exists()


def test_a_case_with_no_decision_says_so_as_a_next_step(signed_in, world, referred_case):
    page = signed_in(world.key_worker).get(referred_case.get_absolute_url()).content.decode()
    assert "Decision: awaiting rationale" in page


def test_a_manager_allocates_and_reallocates_keeping_the_history(signed_in, world):
    case = world.case
    first = AllocationFactory(case=case, worker=world.key_worker, allocated_by=world.team_manager)
    client = signed_in(world.team_manager)
    response = client.post(
        reverse("families:case_allocate", args=[case.pk]),
        {"worker": world.colleague.pk, "reason": "Amara starts maternity leave"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.lead_professional == world.colleague
    first.refresh_from_db()
    assert first.ended_at is not None
    current = case.allocations.get(ended_at__isnull=True)
    assert current.worker == world.colleague
    assert current.allocated_by == world.team_manager
    assert current.reason == "Amara starts maternity leave"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Amara starts maternity leave" in page
    assert str(world.key_worker) in page


def test_only_the_cases_team_practitioners_can_be_chosen(signed_in, world):
    client = signed_in(world.service_manager)
    url = reverse("families:case_allocate", args=[world.case.pk])
    choices = client.get(url).context["form"].fields["worker"].queryset
    assert world.colleague in choices
    assert world.team_manager in choices
    assert world.other_team_worker not in choices
    assert world.service_manager not in choices
    response = client.post(url, {"worker": world.other_team_worker.pk, "reason": "Cover"})
    assert response.status_code == 400
    assert "worker" in response.context["form"].errors
    assert not Allocation.objects.filter(worker=world.other_team_worker).exists()


def test_an_inactive_worker_cannot_be_allocated(signed_in, world):
    world.colleague.is_active = False
    world.colleague.save()
    response = signed_in(world.team_manager).post(
        reverse("families:case_allocate", args=[world.case.pk]),
        {"worker": world.colleague.pk, "reason": "Cover"},
    )
    assert response.status_code == 400
    assert not Allocation.objects.exists()


def test_allocating_the_current_lead_again_is_refused_clearly(signed_in, world):
    response = signed_in(world.team_manager).post(
        reverse("families:case_allocate", args=[world.case.pk]),
        {"worker": world.key_worker.pk, "reason": "No change"},
    )
    assert "already the lead professional" in response.content.decode()


def test_a_key_worker_cannot_allocate(signed_in, world):
    response = signed_in(world.key_worker).post(
        reverse("families:case_allocate", args=[world.case.pk]),
        {"worker": world.colleague.pk, "reason": "I would like a break"},
    )
    assert response.status_code == 403
    world.case.refresh_from_db()
    assert world.case.lead_professional == world.key_worker


def test_an_unallocated_case_asks_a_manager_to_allocate(signed_in, world):
    case = CaseFactory(team=world.team, lead_professional=None)
    page = signed_in(world.team_manager).get(case.get_absolute_url()).content.decode()
    assert "Allocate a lead professional" in page
    assert reverse("families:case_allocate", args=[case.pk]) in page


def test_the_case_page_measures_time_to_first_contact(signed_in, world):
    case = world.case
    client = signed_in(world.key_worker)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "No contact yet — 30 days since referral" in page
    ContactFactory(
        case=case,
        contact_date=case.referral_date + datetime.timedelta(days=2),
        recorded_by=world.key_worker,
    )
    page = client.get(case.get_absolute_url()).content.decode()
    assert "First contact 2 days after the referral" in page


def test_the_case_page_shows_young_people_with_ages_and_plans(signed_in, world):
    person = world.case.young_people.get()
    person.statutory_plan = "cp"
    person.save()
    page = signed_in(world.key_worker).get(world.case.get_absolute_url()).content.decode()
    assert f"{person.full_name}, {person.age}" in page
    assert "Child protection plan" in page


def test_listed_panels_and_next_steps_appear_on_the_case_page(signed_in, world, monkeypatch):
    from families.matching import PossibleDuplicates

    # Any template will do as a panel: this one shows what its context says.
    panel = CasePanel(
        "families/includes/duplicates.html",
        lambda request, case: {"duplicates": PossibleDuplicates(elsewhere=True)},
    )
    monkeypatch.setattr(case_page, "PANELS", [*case_page.PANELS, panel])
    steps = lambda case: [  # noqa: E731
        NextStep("Review is overdue", overdue=True),
        NextStep("Agree the plan with the family"),
    ]
    monkeypatch.setattr(case_page, "NEXT_STEPS", [*case_page.NEXT_STEPS, steps])
    page = signed_in(world.key_worker).get(world.case.get_absolute_url()).content.decode()
    assert "A possible match exists in another team" in page
    assert "Agree the plan with the family" in page
    overdue_at = page.index("Review is overdue")
    assert "govuk-warning-text" in page[overdue_at - 400 : overdue_at]


def test_the_case_page_costs_the_same_with_more_decisions_and_allocations(signed_in, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(world.team_manager)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(world.case.get_absolute_url()).status_code == 200
        return len(queries)

    DecisionFactory(case=world.case, recorded_by=world.key_worker)
    AllocationFactory(case=world.case, worker=world.key_worker, allocated_by=world.team_manager)
    small = count()
    for _ in range(5):
        DecisionFactory(case=world.case, recorded_by=world.key_worker)
        AllocationFactory(case=world.case, worker=world.colleague, allocated_by=world.team_manager)
    assert count() == small


def test_the_decision_and_allocation_fall_due_on_working_days_not_over_christmas(world):
    # Referred on Christmas Eve 2026: Christmas Day, the weekend, the substitute Boxing Day
    # (Monday 28th) and New Year's Day are not working days.
    case = CaseFactory(
        team=world.team, status=Case.Status.REFERRED, referral_date=datetime.date(2026, 12, 24)
    )
    request = RequestFactory().get("/")
    request.user = world.team_manager
    steps = {
        step.text: step
        for step in families_case_page.referral_next_steps(
            request, case, decisions=[], today=datetime.date(2026, 12, 30)
        )
    }
    allocation = steps["Allocate a lead professional"]
    assert allocation.due == datetime.date(2026, 12, 30)
    assert not allocation.overdue
    decision = steps["Decision: awaiting rationale"]
    assert decision.due == datetime.date(2027, 1, 5)
    assert not decision.overdue
    late = families_case_page.referral_next_steps(
        request, case, decisions=[], today=datetime.date(2026, 12, 31)
    )
    assert [step.overdue for step in late] == [False, True]
