"""Ten people saving one record at the same moment: exactly one save wins, nine are refused.

Each save runs in its own thread on its own database connection, released together by a
barrier. Only a real database server can run saves at the same time, so these run on
PostgreSQL (as CI does); SQLite takes one writer at a time.
"""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from edgecare.models import StaleRecordError
from families.models import Contact
from tests.factories import ContactFactory
from tests.security.test_form_integrity import STALE, filled

SAVES = 10

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="simultaneous saves need a database server (run with DATABASE_URL=postgres://...)",
    ),
]


def at_once(work, count: int = SAVES) -> list:
    """Run work(i) in count threads released together; each result or exception, in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        try:
            results[i] = work(i, barrier)
        except Exception as error:  # noqa: BLE001 - the test counts what each thread got
            results[i] = error
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_ten_simultaneous_saves_of_one_record_one_wins_and_nine_are_refused(world):
    contact = ContactFactory(case=world.case, recorded_by=world.key_worker)
    read_at = contact.row_version

    def save(i, barrier):
        mine = Contact.objects.get(pk=contact.pk)  # every copy read at the same version
        assert mine.row_version == read_at
        mine.next_steps = f"Next steps written by worker {i}"
        barrier.wait()
        mine.save()
        return mine.next_steps

    results = at_once(save)
    won = [r for r in results if isinstance(r, str)]
    refused = [r for r in results if isinstance(r, StaleRecordError)]
    assert (len(won), len(refused)) == (1, SAVES - 1), results
    contact.refresh_from_db()
    assert contact.next_steps == won[0]
    assert contact.row_version == read_at + 1
    assert contact.history.filter(row_version=read_at + 1).count() == 1


def test_ten_workers_saving_one_contact_from_the_page_at_once_one_wins_nine_see_the_warning(
    world, signed_in
):
    contact = ContactFactory(case=world.case, recorded_by=world.key_worker)
    url = reverse("families:contact_edit", args=[world.case.pk, contact.pk])
    clients = []
    for _ in range(SAVES):
        session = signed_in(world.key_worker).cookies[settings.SESSION_COOKIE_NAME].value
        own = Client()
        own.cookies[settings.SESSION_COOKIE_NAME] = session  # a session of its own each
        clients.append(own)
    pages = [c.get(url) for c in clients]  # everyone opens the same version

    def post(i, barrier):
        data = filled(pages[i], editing=True) | {"next_steps": f"Next steps by worker {i}"}
        barrier.wait()
        return clients[i].post(url, data)

    responses = at_once(post)
    statuses = sorted(getattr(r, "status_code", repr(r)) for r in responses)
    assert statuses == [302] + [400] * (SAVES - 1), statuses
    for response in responses:
        if response.status_code == 400:
            assert STALE in response.content.decode()
    contact.refresh_from_db()
    assert contact.row_version == 1
