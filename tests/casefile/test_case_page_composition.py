"""The composition layer: the case page's one list of panels and next steps, one rule for the
first contact and for a case gone quiet, and seed_demo's explicit builders."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from assessments import demo as assessments_demo
from casefile import case_page
from casefile.management.commands import seed_demo
from families import demo as families_demo
from families import demo_household as families_demo_household
from families import demo_records as families_demo_records
from families.models import Case
from families.selectors import FIRST_CONTACT_WITHIN_DAYS
from managers import demo as managers_demo
from plans import demo as plans_demo
from reviews import demo as reviews_demo
from tests.factories import CaseFactory, ContactFactory

pytestmark = pytest.mark.django_db


def case_page_html(signed_in, user, case) -> str:
    response = signed_in(user).get(case.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_first_contact_appears_once_on_the_case_page_with_the_service_standard_due_date(
    signed_in, world
):
    today = timezone.localdate()
    case = CaseFactory(
        team=world.team,
        lead_professional=world.key_worker,
        status=Case.Status.ASSESSMENT,
        referral_date=today - datetime.timedelta(days=3),
    )
    page = case_page_html(signed_in, world.key_worker, case)
    assert page.count("first contact with the family") == 1
    assert "Make first contact" not in page
    due = case.referral_date + datetime.timedelta(days=FIRST_CONTACT_WITHIN_DAYS)
    steps = [step for provider in case_page.NEXT_STEPS for step in provider(case)]
    first_contact = [s for s in steps if "first contact" in s.text]
    assert len(first_contact) == 1
    assert first_contact[0].due == due
    assert first_contact[0].overdue


def test_the_case_page_says_a_case_has_gone_quiet_after_the_one_quiet_case_setting(
    signed_in, world, settings
):
    settings.QUIET_CASE_DAYS = 10
    today = timezone.localdate()
    world.case.status = Case.Status.ACTIVE
    world.case.save()
    ContactFactory(
        case=world.case,
        recorded_by=world.key_worker,
        contact_date=today - datetime.timedelta(days=9),
    )
    assert "No contact for" not in case_page_html(signed_in, world.key_worker, world.case)
    settings.QUIET_CASE_DAYS = 8
    assert "No contact for 9 days" in case_page_html(signed_in, world.key_worker, world.case)


def test_the_case_lists_mark_a_case_gone_quiet_after_the_same_setting(signed_in, world, settings):
    ContactFactory(
        case=world.case,
        recorded_by=world.key_worker,
        contact_date=timezone.localdate() - datetime.timedelta(days=11),
    )
    settings.QUIET_CASE_DAYS = 12
    assert "Gone quiet" not in signed_in(world.key_worker).get("/").content.decode()
    settings.QUIET_CASE_DAYS = 10
    assert "Gone quiet" in signed_in(world.key_worker).get("/").content.decode()


def test_the_panels_appear_in_the_order_of_the_one_list(signed_in, world):
    page = case_page_html(signed_in, world.key_worker, world.case)
    headings = [
        "panel-living-heading",
        "assessment-panel-heading",
        "plan-panel-heading",
        "panel-contacts-heading",
        "reviews-panel-heading",
        "panel-agencies-heading",
        "panel-consent-heading",
        "panel-documents-heading",
        "case-record-panel-heading",
    ]
    positions = [page.index(f'id="{heading}"') for heading in headings]
    assert positions == sorted(positions)
    assert len(case_page.PANELS) == len(headings)


def test_seed_demo_calls_every_apps_demo_builder_in_journey_order():
    assert [
        families_demo.build,
        families_demo_records.build,
        families_demo_household.build,
        assessments_demo.build,
        plans_demo.build,
        reviews_demo.build,
        managers_demo.build,
    ] == seed_demo.DEMO_BUILDERS
