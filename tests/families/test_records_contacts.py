"""Contacts (case notes): recorded fast, refused with a clear message when wrong."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from edgecare.models import AccessLog
from families.case_page import contacts_panel, weekly_contact_counts
from families.models import Contact, Person
from tests.assertions import assert_refused_with, assert_shows
from tests.factories import ContactFactory, PersonFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


def add_url(case):
    return reverse("families:contact_add", args=[case.pk])


def valid_data(case, **overrides):
    young_person = case.young_people.first()
    data = {
        "contact_date": (case.referral_date + datetime.timedelta(days=1)).isoformat(),
        "start_time": "18:30",
        "duration_minutes": "90",
        "contact_type": Contact.ContactType.HOME_VISIT,
        "people_seen": [str(young_person.pk)],
        "young_person_seen_alone": "on",
        "purpose": "Evening routine after the row on Sunday",
        "what_happened": "Talked through bedtime with Mum and the young person.",
        "next_steps": "Visit again on Thursday.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_key_worker_records_a_contact_and_out_of_hours_is_derived(signed_in, world):
    client = signed_in(world.key_worker)
    response = client.post(add_url(world.case), valid_data(world.case))
    assert response.status_code == 302
    contact = Contact.objects.get(case=world.case)
    assert contact.recorded_by == world.key_worker
    assert contact.out_of_hours is True
    assert list(contact.people_seen.all()) == list(world.case.young_people.all())
    detail = client.get(reverse("families:contact_detail", args=[world.case.pk, contact.pk]))
    assert b"Out of hours" in detail.content
    listing = client.get(reverse("families:contact_list", args=[world.case.pk]))
    assert b"Out of hours" in listing.content
    assert b"Seen alone" in listing.content


def test_the_add_form_defaults_to_today_and_offers_only_this_familys_members(signed_in, world):
    stranger = PersonFactory(first_name="Stranger")
    dad = PersonFactory(
        family=world.case.family, first_name="Dad", relationship=Person.Relationship.FATHER
    )
    client = signed_in(world.key_worker)
    response = client.get(add_url(world.case))
    body = response.content.decode()
    assert timezone.localdate().isoformat() in body
    assert "Dad" in body
    assert "Stranger" not in body
    refused = client.post(add_url(world.case), valid_data(world.case, people_seen=[stranger.pk]))
    assert refused.status_code == 400
    assert b"Select a valid choice" in refused.content
    assert not Contact.objects.exists()
    assert dad.pk  # a real father is offered, not only the young person


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"contact_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "The date of the contact must be today or in the past",
        ),
        ({"contact_date": "2000-01-01"}, "must be on or after the referral date"),
        ({"duration_minutes": "0"}, "The duration must be at least 1 minute"),
        ({"duration_minutes": "1441"}, "1440 minutes (24 hours) or less"),
        ({"duration_minutes": "-5"}, "The duration must be at least 1 minute"),
        ({"people_seen": [], "young_person_seen_alone": "on"}, "or untick"),
        ({"purpose": ""}, "This field is required"),
        ({"contact_date": "31/02/2026"}, "Enter a valid date"),
    ],
)
def test_bad_contacts_are_refused_with_a_clear_message_and_nothing_saved(
    signed_in, world, overrides, message
):
    client = signed_in(world.key_worker)
    response = client.post(add_url(world.case), valid_data(world.case, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not Contact.objects.exists()


def test_seen_alone_needs_a_young_person_among_the_people_seen(signed_in, world):
    mum = PersonFactory(
        family=world.case.family, relationship=Person.Relationship.MOTHER, is_focus=False
    )
    client = signed_in(world.key_worker)
    response = client.post(add_url(world.case), valid_data(world.case, people_seen=[mum.pk]))
    assert_refused_with(response, "Select the young person under who was seen")
    assert not Contact.objects.exists()


def test_a_start_time_later_today_is_refused(signed_in, world):
    gmt = datetime.UTC  # November: London is on GMT
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=gmt), tick=False):
        world.case.referral_date = datetime.date(2026, 11, 1)
        world.case.save()
        client = signed_in(world.key_worker)
        later = valid_data(world.case, contact_date="2026-11-23", start_time="11:15")
        response = client.post(add_url(world.case), later)
        assert_refused_with(response, "The start time must be now or earlier")
        assert not Contact.objects.exists()
        earlier = valid_data(world.case, contact_date="2026-11-23", start_time="09:45")
        assert client.post(add_url(world.case), earlier).status_code == 302


def test_hostile_text_is_stored_as_typed_and_shown_escaped(signed_in, world):
    client = signed_in(world.key_worker)
    data = valid_data(world.case, purpose=HOSTILE, what_happened=HOSTILE, next_steps=HOSTILE)
    client.post(add_url(world.case), data)
    contact = Contact.objects.get()
    assert contact.purpose == HOSTILE
    for url in (
        reverse("families:contact_detail", args=[world.case.pk, contact.pk]),
        reverse("families:contact_list", args=[world.case.pk]),
        reverse("families:case_chronology", args=[world.case.pk]),
    ):
        body = client.get(url).content.decode()
        assert HOSTILE not in body
        assert "&lt;script&gt;" in body


def test_editing_a_contact_changes_it_and_keeps_its_history(signed_in, world):
    contact = ContactFactory(case=world.case, recorded_by=world.key_worker)
    url = reverse("families:contact_edit", args=[world.case.pk, contact.pk])
    client = signed_in(world.key_worker)
    form = client.get(url)
    assert b'name="row_version"' in form.content
    data = valid_data(world.case, purpose="Corrected purpose", row_version="0")
    assert client.post(url, data).status_code == 302
    contact.refresh_from_db()
    assert contact.purpose == "Corrected purpose"
    assert contact.history.count() == 2


def test_a_stale_edit_is_refused_and_the_workers_text_kept(signed_in, world):
    contact = ContactFactory(case=world.case, recorded_by=world.key_worker)
    url = reverse("families:contact_edit", args=[world.case.pk, contact.pk])
    contact.what_happened = "A colleague's correction"
    contact.save()  # row_version is now 1
    client = signed_in(world.key_worker)
    mine = valid_data(world.case, what_happened="My long careful note", row_version="0")
    response = client.post(url, mine)
    body = assert_refused_with(response, "Someone else saved changes", "My long careful note")
    contact.refresh_from_db()
    assert contact.what_happened == "A colleague's correction"
    # The re-shown form carries the current version, so an informed second save goes through.
    assert 'name="row_version" value="1"' in body
    mine["row_version"] = "1"
    assert client.post(url, mine).status_code == 302
    contact.refresh_from_db()
    assert contact.what_happened == "My long careful note"


def test_viewing_contacts_is_written_to_the_access_log(signed_in, world):
    contact = ContactFactory(case=world.case)
    client = signed_in(world.team_manager)
    client.get(reverse("families:contact_list", args=[world.case.pk]))
    client.get(reverse("families:contact_detail", args=[world.case.pk, contact.pk]))
    logged = AccessLog.objects.filter(action="view", case_id=world.case.pk, user=world.team_manager)
    assert {e.record_type for e in logged} == {AccessLog.RecordType.CONTACT}


def test_the_contacts_list_is_newest_first_and_paginated(signed_in, world):
    start = world.case.referral_date
    for day in range(30):
        ContactFactory(
            case=world.case,
            contact_date=start + datetime.timedelta(days=day % 28),
            purpose=f"Visit number {day}",
        )
    client = signed_in(world.key_worker)
    first = client.get(reverse("families:contact_list", args=[world.case.pk]))
    page = first.context["page"]
    assert page.paginator.count == 30
    assert len(page.object_list) == 25
    dates = [c.contact_date for c in page.object_list]
    assert dates == sorted(dates, reverse=True)
    second = client.get(reverse("families:contact_list", args=[world.case.pk]) + "?page=2")
    assert len(second.context["page"].object_list) == 5


def _queries_for_list(client, case, n):
    Contact.objects.filter(case=case).update(purpose="x")  # warm nothing; keep the ORM honest
    people = list(case.young_people.all())
    for i in range(n - Contact.objects.filter(case=case).count()):
        c = ContactFactory(
            case=case, contact_date=case.referral_date + datetime.timedelta(days=i % 25)
        )
        c.people_seen.set(people)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("families:contact_list", args=[case.pk])).status_code == 200
    return len(ctx.captured_queries)


def test_the_contacts_list_runs_the_same_queries_for_5_and_50_contacts(signed_in, world):
    client = signed_in(world.key_worker)
    five = _queries_for_list(client, world.case, 5)
    fifty = _queries_for_list(client, world.case, 50)
    assert five == fifty


def test_the_case_page_panel_shows_recent_figures_and_the_tapering_by_week(rf, world):
    today = timezone.localdate()
    world.case.referral_date = today - datetime.timedelta(weeks=14)
    world.case.save()
    # Daily in the early weeks, then weekly.
    for days_ago in (80, 79, 78, 77, 76, 75, 74, 20, 13, 6, 0):
        ContactFactory(
            case=world.case,
            contact_date=today - datetime.timedelta(days=days_ago),
            start_time=datetime.time(10, 0) if days_ago % 2 else datetime.time(19, 0),
        )
    request = rf.get("/")
    request.user = world.key_worker
    context = contacts_panel(request, world.case)
    figures = context["figures"]
    assert figures["total"] == 11
    assert figures["recent"] == 3  # 13, 6 and 0 days ago
    assert figures["days_since_last"] == 0
    assert 0 < figures["out_of_hours_percent"] <= 100
    assert len(context["latest_contacts"]) == 5
    weeks = weekly_contact_counts(world.case, today=today)
    assert len(weeks) == 12
    assert sum(count for _, count in weeks) == sum(
        1 for d in (80, 79, 78, 77, 76, 75, 74, 20, 13, 6, 0) if d <= 77 + today.weekday()
    )
    assert "<svg" in str(context["intensity_chart"])
    assert context["can_change"] is True


def test_the_case_page_shows_the_contacts_agencies_and_consent_panels(signed_in, world):
    ContactFactory(case=world.case, purpose="Evening visit about bedtimes")
    response = signed_in(world.key_worker).get(world.case.get_absolute_url())
    body = assert_shows(
        response,
        "Evening visit about bedtimes",
        "Intensity: contacts per week",
        "Agencies involved",
        "Consent and sharing",
    )
    assert reverse("families:contact_add", args=[world.case.pk]) in body
