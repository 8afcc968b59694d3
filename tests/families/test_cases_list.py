"""The team's case list and the worker's own: search, filters, pages, and a flat cost."""

import datetime

import pytest
from django.urls import reverse

from tests.assertions import page_query_count
from tests.factories import CaseFactory, ContactFactory, FamilyFactory, PersonFactory
from tests.families.factories import (
    TODAY,
    only_families_panels,  # noqa: F401 - a fixture
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_families_panels")]


def born_aged(years: int, days: int = 40) -> datetime.date:
    return TODAY.replace(year=TODAY.year - years) - datetime.timedelta(days=days)


def listed(client, **params) -> set[int]:
    response = client.get(reverse("families:case_list"), params)
    assert response.status_code == 200
    return {case.pk for case in response.context["cases"]}


def test_the_list_shows_only_cases_in_the_users_scope(signed_in, world):
    assert listed(signed_in(world.key_worker)) == {world.case.pk}
    assert listed(signed_in(world.service_manager)) == {world.case.pk, world.other_team_case.pk}
    assert listed(signed_in(world.administrator)) == set()


def test_open_cases_are_listed_by_default_and_closed_ones_on_request(signed_in, world):
    closed = CaseFactory(team=world.team, status="closed")
    client = signed_in(world.key_worker)
    assert closed.pk not in listed(client)
    assert closed.pk in listed(client, status="closed")


def test_search_finds_a_case_by_family_name_person_name_or_reference(signed_in, world):
    family = FamilyFactory(organisation=world.org, family_name="Marchbanks")
    person = PersonFactory(family=family, first_name="Orla", last_name="Marchbanks")
    other = CaseFactory(team=world.team, family=family, young_people=[person])
    client = signed_in(world.key_worker)
    assert listed(client, q="marchbank") == {other.pk}
    assert listed(client, q="Orla") == {other.pk}
    assert listed(client, q="orla marchbanks") == {other.pk}
    assert listed(client, q=other.reference) == {other.pk}
    assert listed(client, q=other.reference.lower()) == {other.pk}
    assert listed(client, q=world.other_team_case.reference) == set()


def test_filters_by_status_lead_and_team(signed_in, world):
    assessment = CaseFactory(
        team=world.team, status="assessment", lead_professional=world.colleague
    )
    client = signed_in(world.team_manager)
    assert listed(client, status="assessment") == {assessment.pk}
    assert listed(client, lead_professional=world.colleague.pk) == {assessment.pk}
    assert listed(client, team=world.team.pk, status=["active", "assessment"]) == {
        world.case.pk,
        assessment.pk,
    }


def test_lead_professional_choices_are_scoped_to_the_users_team(signed_in, world):
    response = signed_in(world.key_worker).get(reverse("families:case_list"))
    choices = response.context["filter"].filters["lead_professional"].queryset
    assert world.colleague in choices
    assert world.other_team_worker not in choices
    assert world.other_org_worker not in choices


@pytest.mark.parametrize(
    ("band", "age"),
    [("under_11", 9), ("11_13", 12), ("14_15", 15), ("16_17", 16), ("18_plus", 19)],
)
def test_filter_by_the_young_persons_age_band(signed_in, world, band, age):
    family = FamilyFactory(organisation=world.org)
    person = PersonFactory(family=family, date_of_birth=born_aged(age))
    case = CaseFactory(team=world.team, family=family, young_people=[person])
    found = listed(signed_in(world.key_worker), age_band=band)
    assert case.pk in found
    if band not in ("11_13", "14_15"):
        assert world.case.pk not in found  # the world's young person is 13 or 14


def test_age_band_edges_follow_birthdays(signed_in, world):
    family = FamilyFactory(organisation=world.org)
    fourteen_today = PersonFactory(family=family, date_of_birth=born_aged(14, days=0))
    case = CaseFactory(team=world.team, family=family, young_people=[fourteen_today])
    client = signed_in(world.key_worker)
    assert case.pk in listed(client, age_band="14_15")
    assert case.pk not in listed(client, age_band="11_13")


def an_earlier_closed_case(world, *, days_before: int):
    """The world's family was referred before, so the world's case is a re-referral."""
    return CaseFactory(
        team=world.team,
        family=world.case.family,
        status="closed",
        referral_date=world.case.referral_date - datetime.timedelta(days=days_before),
    )


def test_filter_re_referrals(signed_in, world):
    an_earlier_closed_case(world, days_before=200)
    assert listed(signed_in(world.key_worker), re_referral="true") == {world.case.pk}


def test_rows_show_ages_status_lead_and_days_since_contact(signed_in, world):
    ContactFactory(
        case=world.case,
        contact_date=TODAY - datetime.timedelta(days=3),
        recorded_by=world.key_worker,
    )
    body = signed_in(world.key_worker).get(reverse("families:case_list")).content.decode()
    person = world.case.young_people.get()
    assert f"{person.full_name} ({person.age})" in body
    assert world.case.reference in body
    assert "3 days ago" in body
    assert str(world.key_worker) in body


def test_the_list_is_paginated_25_to_a_page_with_govuk_markup(signed_in, world):
    for _ in range(30):
        CaseFactory(team=world.team)
    client = signed_in(world.key_worker)
    first = client.get(reverse("families:case_list"))
    assert len(first.context["cases"]) == 25
    assert "govuk-pagination" in first.content.decode()
    second = client.get(reverse("families:case_list"), {"page": 2, "status": "active"})
    assert len(second.context["cases"]) == 6
    assert "status=active&amp;page=1" in second.content.decode()


def test_a_page_number_that_is_not_a_number_shows_the_first_page(signed_in, world):
    response = signed_in(world.key_worker).get(reverse("families:case_list"), {"page": "x"})
    assert response.status_code == 200


@pytest.mark.parametrize("params", [{}, {"q": "Child", "age_band": "14_15", "re_referral": "true"}])
def test_the_list_costs_the_same_for_5_and_50_rows(signed_in, world, params):
    client = signed_in(world.team_manager)

    def add(n):
        for _ in range(n):
            case = CaseFactory(team=world.team, lead_professional=world.key_worker)
            PersonFactory(family=case.family, relationship="mother", is_focus=False)
            ContactFactory(case=case, recorded_by=world.key_worker)

    add(4)
    small = page_query_count(client, reverse("families:case_list"), params)
    add(45)
    assert page_query_count(client, reverse("families:case_list"), params) == small


def test_the_home_page_shows_my_cases_with_re_referral_and_days_since_contact(signed_in, world):
    an_earlier_closed_case(world, days_before=300)
    ContactFactory(
        case=world.case,
        contact_date=TODAY - datetime.timedelta(days=20),
        recorded_by=world.key_worker,
    )
    body = signed_in(world.key_worker).get(reverse("home")).content.decode()
    assert "Re-referral" in body
    assert "20 days ago" in body
    assert "Gone quiet" in body
