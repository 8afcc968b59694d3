"""A manager sees, for a case, who viewed, printed, exported and changed what, and when."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edgecare.models import AccessLog
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def audit_url(case):
    return reverse("families:case_audit", args=[case.pk])


def test_a_manager_sees_who_viewed_and_who_changed_what(signed_in, world, client):
    signed_in(world.key_worker).get(world.case.get_absolute_url())
    contact = ContactFactory(case=world.case, recorded_by=world.key_worker)
    contact._history_user = world.key_worker
    contact.what_happened = "A changed note that must not appear in the audit."
    contact.save()
    client.logout()

    page = signed_in(world.team_manager).get(audit_url(world.case)).content.decode()

    assert "Viewed" in page
    assert str(world.key_worker) in page
    assert "Changed: what happened" in page
    assert "A changed note" not in page  # names what changed, never the content
    assert AccessLog.objects.filter(
        record_type=AccessLog.RecordType.CASE_AUDIT, user=world.team_manager
    ).exists()


def test_the_case_page_links_managers_to_the_audit_trail(signed_in, world):
    page = signed_in(world.team_manager).get(world.case.get_absolute_url()).content.decode()
    assert audit_url(world.case) in page


def test_a_key_worker_cannot_see_the_audit_trail(signed_in, world):
    assert signed_in(world.key_worker).get(audit_url(world.case)).status_code == 403
    page = signed_in(world.key_worker).get(world.case.get_absolute_url()).content.decode()
    assert audit_url(world.case) not in page


def test_the_audit_trail_costs_the_same_for_5_and_50_contacts(signed_in, world):
    client = signed_in(world.team_manager)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(audit_url(world.case)).status_code == 200
        return len(captured)

    for _ in range(5):
        ContactFactory(case=world.case, recorded_by=world.key_worker)
    small = queries()
    for _ in range(45):
        ContactFactory(case=world.case, recorded_by=world.key_worker)
    assert queries() == small


def test_the_audit_trail_names_each_part_by_its_label(signed_in, world):
    signed_in(world.key_worker).get(reverse("families:contact_list", args=[world.case.pk]))

    page = signed_in(world.team_manager).get(audit_url(world.case)).content.decode()

    cell = '<td class="govuk-table__cell">{}</td>'
    assert cell.format(AccessLog.RecordType.CONTACT.label) in page
    assert cell.format(AccessLog.RecordType.CASE_AUDIT.label) in page
    assert cell.format(AccessLog.RecordType.CONTACT.value) not in page
