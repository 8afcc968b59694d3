"""The chronology: derived from the records, filterable, with significant events analysed."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casefile.chronology import CHRONOLOGY, entries_for_case
from edgecare.models import AccessLog
from families.models import Contact, SignificantEvent
from tests.assertions import assert_refused_with
from tests.factories import (
    AgencyInvolvementFactory,
    AllocationFactory,
    CaseEventFactory,
    ConsentRecordFactory,
    ContactFactory,
    DecisionFactory,
    InformationShareFactory,
    SignificantEventFactory,
)

pytestmark = pytest.mark.django_db


def chronology_url(case, query=""):
    return reverse("families:case_chronology", args=[case.pk]) + query


def one_of_everything(case, worker):
    referral = case.referral_date
    DecisionFactory(case=case, decided_on=referral + datetime.timedelta(days=1))
    AllocationFactory(case=case, worker=worker)
    ContactFactory(case=case, contact_date=referral + datetime.timedelta(days=2))
    CaseEventFactory(case=case, event_date=referral + datetime.timedelta(days=3))
    AgencyInvolvementFactory(case=case, started_on=referral + datetime.timedelta(days=4))
    consent = ConsentRecordFactory(
        case=case,
        given_on=referral + datetime.timedelta(days=5),
        withdrawn_on=referral + datetime.timedelta(days=9),
    )
    InformationShareFactory(
        case=case,
        shared_on=referral + datetime.timedelta(days=6),
        lawful_basis="consent",
        consent=consent,
    )


def test_every_kind_of_record_appears_once_newest_first(world):
    one_of_everything(world.case, world.key_worker)
    entries = entries_for_case(world.case)
    kinds = [e.kind for e in entries]
    assert sorted(kinds) == sorted(
        [
            "referral",
            "decision",
            "allocation",
            "contact",
            "case_event",
            "agency",
            "consent_given",
            "consent_withdrawn",
            "information_share",
        ]
    )
    assert [e.sort_key for e in entries] == sorted((e.sort_key for e in entries), reverse=True)
    assert entries[-1].kind == "referral"


def test_the_chronology_page_filters_by_one_or_more_kinds(signed_in, world):
    one_of_everything(world.case, world.key_worker)
    client = signed_in(world.key_worker)
    response = client.get(chronology_url(world.case, "?kind=contact&kind=case_event&kind=bogus"))
    assert response.status_code == 200
    assert {row["entry"].kind for row in response.context["rows"]} == {"contact", "case_event"}
    everything = client.get(chronology_url(world.case))
    assert len(everything.context["rows"]) == 9


def test_viewing_and_printing_the_chronology_are_logged(signed_in, world):
    client = signed_in(world.key_worker)
    client.get(chronology_url(world.case))
    printed = client.get(reverse("families:case_chronology_print", args=[world.case.pk]))
    assert b"data-app-print" in printed.content
    assert b"<script>" not in printed.content
    actions = set(
        AccessLog.objects.filter(
            case_id=world.case.pk, record_type=AccessLog.RecordType.CHRONOLOGY
        ).values_list("action", flat=True)
    )
    assert actions == {"view", "print"}


def test_a_worker_marks_an_entry_significant_and_writes_the_analysis(signed_in, world):
    contact = ContactFactory(case=world.case)
    url = reverse("families:chronology_mark", args=[world.case.pk, "contact", contact.pk])
    client = signed_in(world.key_worker)
    assert client.get(url).status_code == 200
    response = client.post(url, {"analysis": "First evening he stayed in <b>all night</b>."})
    assert response.status_code == 302
    mark = SignificantEvent.objects.get(case=world.case, entry_kind="contact", entry_id=contact.pk)
    assert mark.marked_by == world.key_worker
    significant = client.get(reverse("families:case_significant_events", args=[world.case.pk]))
    rows = significant.context["rows"]
    assert [(r["entry"].kind, r["entry"].id) for r in rows] == [("contact", contact.pk)]
    body = significant.content.decode()
    assert "&lt;b&gt;all night&lt;/b&gt;" in body
    filtered = client.get(chronology_url(world.case, "?significant=1"))
    assert len(filtered.context["rows"]) == 1


def test_an_empty_analysis_is_refused(signed_in, world):
    contact = ContactFactory(case=world.case)
    url = reverse("families:chronology_mark", args=[world.case.pk, "contact", contact.pk])
    response = signed_in(world.key_worker).post(url, {"analysis": "  "})
    assert_refused_with(response, "This field is required")
    assert not SignificantEvent.objects.exists()


def test_a_stale_analysis_edit_is_refused_with_the_text_kept(signed_in, world):
    mark = SignificantEventFactory(case=world.case)
    mark.analysis = "A colleague's newer analysis"
    mark.save()
    url = reverse("families:chronology_mark", args=[world.case.pk, "referral", world.case.pk])
    response = signed_in(world.key_worker).post(
        url, {"analysis": "My view of the referral", "row_version": "0"}
    )
    assert_refused_with(response, "Someone else saved changes")
    assert "My view of the referral" in response.content.decode()
    mark.refresh_from_db()
    assert mark.analysis == "A colleague's newer analysis"


def test_an_entry_of_another_case_or_an_unknown_kind_cannot_be_marked(signed_in, world):
    theirs = ContactFactory(case=world.other_team_case)
    client = signed_in(world.key_worker)
    for kind, entry_id in (("contact", theirs.pk), ("nonsense", 1), ("referral", 999999)):
        url = reverse("families:chronology_mark", args=[world.case.pk, kind, entry_id])
        assert client.post(url, {"analysis": "x"}).status_code == 404
    assert not SignificantEvent.objects.exists()


def test_each_provider_runs_a_fixed_number_of_queries(world):
    def queries(kind):
        with CaptureQueriesContext(connection) as ctx:
            list(kind.provider(world.case))
        return len(ctx.captured_queries)

    one_of_everything(world.case, world.key_worker)
    before = {k.kind: queries(k) for k in CHRONOLOGY}
    for _ in range(3):
        one_of_everything(world.case, world.key_worker)
    assert {k.kind: queries(k) for k in CHRONOLOGY} == before


def _chronology_queries(client, case, contacts):
    for i in range(contacts - Contact.objects.filter(case=case).count()):
        c = ContactFactory(case=case, contact_date=case.referral_date + datetime.timedelta(i % 28))
        c.people_seen.set(case.young_people.all())
        SignificantEventFactory(case=case, entry_kind="contact", entry_id=c.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(chronology_url(case)).status_code == 200
    return len(ctx.captured_queries)


def test_the_chronology_runs_the_same_queries_for_5_and_50_contacts(signed_in, world):
    client = signed_in(world.key_worker)
    assert _chronology_queries(client, world.case, 5) == _chronology_queries(client, world.case, 50)


# A busy case's chronology, fifty entries a page -------------------------------------------------


def _contacts(case, count):
    start = case.referral_date
    for n in range(count):
        ContactFactory(
            case=case,
            contact_date=start + datetime.timedelta(days=n // 3),
            start_time=datetime.time(9 + n % 3, 0),
            purpose=f"Visit {n + 1:03d} of the busy case",
        )


def test_a_busy_chronology_comes_fifty_entries_a_page_newest_first(signed_in, world):
    _contacts(world.case, 75)
    client = signed_in(world.key_worker)
    first = client.get(chronology_url(world.case, "?kind=contact"))
    assert len(first.context["rows"]) == 50
    page = first.content.decode()
    assert "Visit 075 of" in page
    assert "Visit 026 of" in page
    assert "Visit 025 of" not in page
    assert 'href="?kind=contact&amp;page=2"' in page  # the filter is kept from page to page
    newest = Contact.objects.filter(case=world.case).order_by("-contact_date", "-start_time")[0]
    mark = reverse("families:chronology_mark", args=[world.case.pk, "contact", newest.pk])
    assert f'href="{mark}"' in page
    second = client.get(chronology_url(world.case, "?kind=contact&page=2")).content.decode()
    assert "Visit 025 of" in second
    assert "Visit 001 of" in second
    assert "Visit 026 of" not in second


@pytest.mark.parametrize("page", ["999", "abc", "-1", "0"])
def test_a_page_number_out_of_range_shows_a_page_not_an_error(signed_in, world, page):
    _contacts(world.case, 120)
    response = signed_in(world.key_worker).get(chronology_url(world.case, f"?page={page}"))
    assert response.status_code == 200
    assert response.context["rows"]


def test_the_print_view_keeps_every_entry(signed_in, world):
    _contacts(world.case, 120)
    url = reverse("families:case_chronology_print", args=[world.case.pk]) + "?kind=contact"
    page = signed_in(world.key_worker).get(url).content.decode()
    assert "Visit 001 of" in page
    assert "Visit 120 of" in page
