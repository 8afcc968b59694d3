"""Needs attention: quiet cases, overdue reviews, risk raised, decisions without a rationale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from families.models import Case
from tests.factories import CaseFactory, DecisionFactory
from tests.managers.helpers import (
    agreed_plan,
    completed_review,
    contact,
    days_ago,
)

pytestmark = pytest.mark.django_db

URL = reverse("managers:attention")


def lists(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.context["lists"]


def pks(cases):
    return {c.pk for c in cases}


def test_quiet_cases_follow_the_setting(signed_in, world, settings):
    settings.QUIET_CASE_DAYS = 10
    DecisionFactory(case=world.case, rationale="x" * 200)
    contact(world.case, days_ago(11))
    recent = CaseFactory(team=world.team, referral_date=days_ago(3))
    DecisionFactory(case=recent, rationale="x" * 200)
    client = signed_in(world.team_manager)
    assert pks(lists(client).quiet) == {world.case.pk}
    assert lists(client).quiet[0].days_quiet == 11
    settings.QUIET_CASE_DAYS = 12
    assert pks(lists(client).quiet) == set()


def test_reviews_overdue_and_risk_raised(signed_in, world):
    plan = agreed_plan(world.case, next_review_date=days_ago(2))
    completed_review(world.case, plan, on=days_ago(40), risk_level="medium", previous="low")
    completed_review(
        world.case, plan, on=days_ago(10), risk_level="very_high", previous="medium", raised=True
    )
    calmer = CaseFactory(team=world.team)
    calmer_plan = agreed_plan(calmer)
    completed_review(calmer, calmer_plan, on=days_ago(60), raised=True)
    completed_review(calmer, calmer_plan, on=days_ago(5), raised=False)
    found = lists(signed_in(world.team_manager))
    assert pks(found.reviews_overdue) == {world.case.pk}
    assert pks(found.risk_raised) == {world.case.pk}  # only the last review counts
    assert found.risk_raised[0].last_review_risk_display == "very high"


def test_decisions_missing_or_thin(signed_in, world):
    # world.case: referred 30 days ago, no decision at all.
    new = CaseFactory(team=world.team, referral_date=days_ago(4), status=Case.Status.REFERRED)
    thin = CaseFactory(team=world.team)
    DecisionFactory(case=thin, rationale="Agreed at panel; support at home for now.")
    full = CaseFactory(team=world.team)
    DecisionFactory(case=full, rationale="Strengths weighed against risks. " * 6)
    found = lists(signed_in(world.team_manager))
    assert pks(found.decision_missing) == {world.case.pk}
    assert new.pk not in pks(found.decision_missing)  # not yet five days
    assert pks(found.thin_rationale) == {thin.pk}


def test_closed_and_out_of_scope_cases_are_left_out(signed_in, world):
    CaseFactory(team=world.team, status=Case.Status.CLOSED, referral_date=days_ago(90))
    found = lists(signed_in(world.team_manager))
    assert pks(found.decision_missing) == {world.case.pk}
    assert world.other_team_case.pk not in pks(found.decision_missing)


def test_the_attention_list_costs_a_fixed_number_of_queries(signed_in, world):
    client = signed_in(world.service_manager)

    def build(n):
        for i in range(n):
            c = CaseFactory(team=world.team, referral_date=days_ago(20 + i))
            contact(c, days_ago(15))
            plan = agreed_plan(c, next_review_date=days_ago(1))
            completed_review(c, plan, on=days_ago(3), raised=bool(i % 2))
            DecisionFactory(case=c, rationale="Short rationale for this decision, really.")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    build(5)
    few = count()
    build(45)
    assert count() == few
