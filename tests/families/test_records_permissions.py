"""Who may open each page of a case's records, and who may not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edgecare.models import AccessLog
from families.models import Case
from tests.factories import (
    AgencyInvolvementFactory,
    CaseEventFactory,
    ConsentRecordFactory,
    ContactFactory,
)

pytestmark = pytest.mark.django_db

ALLOWED = ["key_worker", "team_manager", "service_manager"]
REFUSED = ["other_team_worker", "other_service_manager", "other_org_worker"]


def record_urls(case) -> dict[str, str]:
    contact = ContactFactory(case=case)
    event = CaseEventFactory(case=case)
    agency = AgencyInvolvementFactory(case=case)
    consent = ConsentRecordFactory(case=case)
    # Each page's name is its URL name; the value is what follows the case in its URL.
    pages = {
        "contact_list": [],
        "contact_add": [],
        "contact_detail": [contact.pk],
        "contact_edit": [contact.pk],
        "case_events": [],
        "case_event_add": [],
        "case_event_edit": [event.pk],
        "case_agencies": [],
        "agency_add": [],
        "agency_edit": [agency.pk],
        "agency_end": [agency.pk],
        "case_consent": [],
        "consent_add": [],
        "consent_withdraw": [consent.pk],
        "share_add": [],
        "case_chronology": [],
        "case_significant_events": [],
        "case_chronology_print": [],
        "chronology_mark": ["contact", contact.pk],
    }
    return {
        name: reverse(f"families:{name}", args=[case.pk, *rest]) for name, rest in pages.items()
    }


FORM_PAGES = [
    "contact_add",
    "contact_edit",
    "case_event_add",
    "case_event_edit",
    "agency_add",
    "agency_edit",
    "agency_end",
    "consent_add",
    "consent_withdraw",
    "share_add",
    "chronology_mark",
]


def test_anonymous_visitors_are_sent_to_sign_in_from_every_page(client, world):
    for name, url in record_urls(world.case).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


@pytest.mark.parametrize("role", ALLOWED)
def test_the_teams_key_worker_and_its_managers_can_open_every_page(signed_in, world, role):
    urls = record_urls(world.case)
    client = signed_in(world.users_by_role()[role])
    for name, url in urls.items():
        assert client.get(url).status_code == 200, name


def test_an_administrator_gets_a_404_on_every_page(signed_in, world):
    urls = record_urls(world.case)
    client = signed_in(world.administrator)
    for name, url in urls.items():
        assert client.get(url).status_code == 404, name


@pytest.mark.parametrize("role", REFUSED)
def test_staff_outside_the_cases_scope_get_a_404_and_the_refusal_is_logged(signed_in, world, role):
    urls = record_urls(world.case)
    user = world.users_by_role()[role]
    client = signed_in(user)
    for name, url in urls.items():
        before = AccessLog.objects.filter(action="refused", user=user).count()
        response = client.get(url)
        assert response.status_code == 404, name
        assert world.case.family.family_name.encode() not in response.content, name
        assert AccessLog.objects.filter(action="refused", user=user).count() == before + 1, name
        assert AccessLog.objects.filter(action="refused", user=user).first().record_id == (
            world.case.pk
        )


def test_posting_anything_to_a_closed_case_is_refused_with_a_403(signed_in, world):
    urls = record_urls(world.case)
    world.case.move_to(Case.Status.CLOSED)
    client = signed_in(world.key_worker)
    for name in FORM_PAGES:
        assert client.post(urls[name], {"purpose": "x"}).status_code == 403, name
        assert client.get(urls[name]).status_code == 403, name


def test_a_closed_cases_records_stay_readable_without_any_add_or_change_links(signed_in, world):
    urls = record_urls(world.case)
    world.case.move_to(Case.Status.CLOSED)
    client = signed_in(world.key_worker)
    for name, url in urls.items():
        if name in FORM_PAGES:
            continue
        response = client.get(url)
        assert response.status_code == 200, name
        body = response.content.decode()
        for form_page in FORM_PAGES:
            if form_page != "chronology_mark":
                assert urls[form_page] not in body, (name, form_page)
        assert "Mark as significant" not in body, name


def test_another_cases_records_under_this_cases_address_are_a_404(signed_in, world):
    from tests.factories import CaseFactory

    sibling_case = CaseFactory(team=world.team)
    theirs = record_urls(sibling_case)
    ours = record_urls(world.case)
    client = signed_in(world.key_worker)
    swapped = {
        name: ours[name].replace(f"/cases/{world.case.pk}/", f"/cases/{sibling_case.pk}/")
        for name in ours
    }
    for name, url in theirs.items():
        if url == swapped[name]:
            continue  # a page with no record id of its own
        # Our record ids, under the sibling case's address.
        assert client.get(swapped[name]).status_code == 404, name
        if name in FORM_PAGES:
            assert client.post(swapped[name], {}).status_code == 404, name
