"""The signed-in worker's home page, and the headers every page carries."""

import pytest
from django.urls import reverse

from tests.assertions import page_query_count
from tests.factories import CaseFactory, ContactFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_workers_own_open_cases_only(signed_in, world):
    colleagues_case = CaseFactory(team=world.team, lead_professional=world.colleague)
    closed = CaseFactory(team=world.team, lead_professional=world.key_worker, status="closed")
    response = signed_in(world.key_worker).get(reverse("home"))
    assert list(response.context["cases"]) == [world.case]
    assert colleagues_case not in response.context["cases"]
    assert closed not in response.context["cases"]


def test_home_explains_an_empty_caseload(signed_in, world):
    response = signed_in(world.colleague).get(reverse("home"))
    assert b"You have no open cases" in response.content


def test_home_flags_a_case_with_no_contact_yet(signed_in, world):
    response = signed_in(world.key_worker).get(reverse("home"))
    assert b"No contact yet" in response.content


def test_home_query_count_stays_flat_from_5_to_50_cases(signed_in, world):
    client = signed_in(world.key_worker)

    def add_cases(n):
        for _ in range(n):
            case = CaseFactory(team=world.team, lead_professional=world.key_worker)
            ContactFactory(case=case, recorded_by=world.key_worker)

    add_cases(4)
    small = page_query_count(client, reverse("home"))
    add_cases(45)
    assert page_query_count(client, reverse("home")) == small


def test_case_pages_are_never_cached(signed_in, world):
    response = signed_in(world.key_worker).get(world.case.get_absolute_url())
    assert response["Cache-Control"] == "no-store"


def test_pages_forbid_inline_script_and_framing(signed_in, world):
    response = signed_in(world.key_worker).get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert b"<script>" not in response.content


def test_assets_come_from_the_application_itself(client):
    response = client.get("/accounts/login/")
    body = response.content.decode()
    assert "/static/css/edgecare.css" in body
    assert "http://" not in body.replace("http://www.w3.org", "")
    assert "https://" not in body


def test_health_check_answers_without_sign_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
