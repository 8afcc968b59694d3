"""Living at home or in the community at closure, counted honestly: kinship care (informal or
under an order), supported living and living with a parent count; in care does not. Checked
against figures worked out by hand, with a closure amendment that moves the figures, and the
plans and orders counted at referral and at closure."""

from __future__ import annotations

import pytest
from django.urls import reverse

from families import services as family_services
from families.models import ArrangementKind, Decision, LegalStatus
from managers.models import CostAssumptions
from reviews import services as review_services
from tests.factories import CaseFactory, DecisionFactory, FamilyFactory, PersonFactory
from tests.managers.helpers import TODAY, closure, days_ago

pytestmark = pytest.mark.django_db

URL = reverse("managers:outcomes")
PERIOD = {"date_from": days_ago(300).isoformat(), "date_to": TODAY.isoformat()}
K = ArrangementKind


def _case(world, name: str, *, referred_days_ago: int, age: int = 15):
    referred = days_ago(referred_days_ago)
    family = FamilyFactory(organisation=world.org, family_name=name)
    person = PersonFactory(family=family, date_of_birth=referred.replace(year=referred.year - age))
    case = CaseFactory(
        team=world.team,
        family=family,
        referral_date=referred,
        lead_professional=world.key_worker,
        young_people=[person],
    )
    # Edge of care: every case here would have been counted for cost avoided.
    DecisionFactory(case=case, outcome=Decision.Outcome.SUPPORT_AT_HOME, decided_on=referred)
    return case


@pytest.fixture
def seven_closures(world):
    """Seven closures signed off in the period, one of each way a young person can be living:

    parent: with a parent               -> at home
    aunt: kinship, informal             -> at home
    grandparents: kinship, under an order -> at home
    flat: supported living (17)         -> at home
    foster: in care                     -> not at home (entered care)
    custody: in custody                 -> not at home, not in care
    other: "Other: living with her grandparents" (recorded before the kinds existed)
                                        -> not at home until amended

    At home: 4 of 7 (57.1%). Cost avoided: 4 young people x 26 weeks x 4,000.
    """
    made = {}
    for n, (name, kind, other) in enumerate(
        [
            ("parent", K.WITH_PARENTS, ""),
            ("aunt", K.KINSHIP_INFORMAL, ""),
            ("grandparents", K.KINSHIP_ORDER, ""),
            ("flat", K.SUPPORTED_LIVING, ""),
            ("foster", K.CARE_FOSTER, ""),
            ("custody", K.CUSTODY, ""),
            ("other", K.OTHER, "Living with her grandparents, not in care"),
        ]
    ):
        case = _case(world, f"Hartwell-{name}", referred_days_ago=200 + n, age=17)
        row = closure(case, on=days_ago(30 + n), key_outcome=kind, created_by=world.key_worker)
        if other:
            row.key_outcome_other = other
            row.save()
        made[name] = (case, row)
    return made


def report_for(client):
    response = client.get(URL, PERIOD)
    assert response.status_code == 200
    return response.context["report"]


def test_kinship_care_and_supported_living_count_as_living_at_home(
    signed_in, world, seven_closures
):
    report = report_for(signed_in(world.team_manager))
    assert report.closures_signed_off == 7
    assert report.at_home_at_closure == 4
    assert report.at_home_share == 57.1
    assert report.entered_care_at_closure == 1
    assert dict(report.key_outcomes) == {
        "With a parent or parents": 1,
        "With extended family or friends (informal)": 1,
        "With extended family or friends under an order": 1,
        "Supported or independent living (16 or over)": 1,
        "In custody": 1,
        "In care: foster care": 1,
        "Somewhere else": 1,
    }
    assert report.cost.young_people == 4
    assert report.cost.total == 4 * 26 * CostAssumptions.DEFAULT_WEEKLY_COST


def test_the_reports_definitions_say_what_counts_as_living_at_home(
    signed_in, world, seven_closures
):
    response = signed_in(world.team_manager).get(URL, PERIOD)
    text = response.content.decode()
    assert "kinship care" in text
    assert "supported or independent living" in text
    assert "Where young people were living at closure" in text


def test_a_signed_off_amendment_of_a_closure_changes_the_report(signed_in, world, seven_closures):
    case, row = seven_closures["other"]
    amendment = review_services.closure_amendment_propose(
        closure=row,
        proposed_by=world.key_worker,
        reason="She lives with her grandparents under a child arrangements order.",
        key_outcome=K.KINSHIP_ORDER,
        key_outcome_other="",
    )
    manager = signed_in(world.team_manager)
    # Waiting for sign-off: the closure, and the report, still say what they said.
    assert report_for(manager).at_home_at_closure == 4

    response = manager.post(
        reverse("reviews:closure_amendment_sign_off", args=[case.pk, amendment.pk])
    )
    assert response.status_code == 302
    report = report_for(manager)
    assert report.at_home_at_closure == 5
    assert report.at_home_share == 71.4
    assert report.cost.young_people == 5
    assert dict(report.key_outcomes)["With extended family or friends under an order"] == 2
    assert "Somewhere else" not in dict(report.key_outcomes)


def test_cases_are_counted_by_plan_or_order_at_referral_and_at_closure(signed_in, world):
    # a: a child protection plan at referral that ended during the work, closed on a child in
    #    need plan; b: a child in need plan throughout; c: nothing recorded.
    a = _case(world, "Hartwell-a", referred_days_ago=200)
    b = _case(world, "Hartwell-b", referred_days_ago=150)
    c = _case(world, "Hartwell-c", referred_days_ago=100)
    a_person, b_person = a.young_people.get(), b.young_people.get()
    for kind, person, case, start, end, extra in [
        ("cp", a_person, a, days_ago(210), days_ago(120), {"protection_category": "neglect"}),
        ("cin", a_person, a, days_ago(119), None, {}),
        ("cin", b_person, b, days_ago(160), None, {}),
    ]:
        family_services.record_legal_status(
            case=case,
            young_person=person,
            recorded_by=world.key_worker,
            kind=kind,
            started_on=start,
            ended_on=end,
            **extra,
        )
    closure(a, on=days_ago(20), created_by=world.key_worker)
    closure(b, on=days_ago(10), created_by=world.key_worker)
    closure(c, on=days_ago(5), created_by=world.key_worker)
    report = report_for(signed_in(world.team_manager))
    rows = {
        label: (at_referral, at_closure)
        for label, at_referral, at_closure in report.legal_status_rows
    }
    assert rows[LegalStatus.Kind.CHILD_PROTECTION.label] == (1, 0)
    assert rows[LegalStatus.Kind.CHILD_IN_NEED.label] == (1, 2)
    # c, and the world's own case (referred in the period, not closed).
    assert rows["No plan or order recorded"] == (2, 1)


def test_the_report_query_count_does_not_grow_with_plans_and_orders(signed_in, world):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n: int) -> int:
        for i in range(n):
            case = _case(world, f"Hartwell-q{n}-{i}", referred_days_ago=60 + i)
            family_services.record_legal_status(
                case=case,
                young_person=case.young_people.get(),
                recorded_by=world.key_worker,
                kind="cin",
                started_on=days_ago(61 + i),
            )
        cache.clear()
        client = signed_in(world.team_manager)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, PERIOD).status_code == 200
        return len(queries)

    assert count(5) == count(50)


def test_the_dates_of_a_period_follow_the_closure_not_the_amendment(signed_in, world):
    # A closure before the period corrected today stays out of the period's figures.
    case = _case(world, "Hartwell-old", referred_days_ago=500)
    row = closure(case, on=days_ago(400), key_outcome=K.OTHER, created_by=world.key_worker)
    row.key_outcome_other = "With her aunt"
    row.save()
    amendment = review_services.closure_amendment_propose(
        closure=row,
        proposed_by=world.key_worker,
        reason="Kinship care with her aunt.",
        key_outcome=K.KINSHIP_INFORMAL,
        key_outcome_other="",
    )
    amendment.sign_off(by=world.team_manager, effects=review_services.amendment_sign_off_effects)
    row.refresh_from_db()
    assert row.key_outcome == K.KINSHIP_INFORMAL
    report = report_for(signed_in(world.team_manager))
    assert report.closures_signed_off == 0
    assert report.at_home_at_closure == 0
