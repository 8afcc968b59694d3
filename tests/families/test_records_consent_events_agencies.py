"""Case events, agencies involved, consent and information sharing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from families.case_page import agencies_panel, consent_panel
from families.models import (
    AgencyInvolvement,
    CaseEvent,
    ConsentRecord,
    InformationShare,
    Person,
)
from tests.assertions import assert_refused_with
from tests.factories import (
    AgencyInvolvementFactory,
    CaseEventFactory,
    ConsentRecordFactory,
    InformationShareFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = '"><img src=x onerror=alert(1)>'
TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def url(name, case, *args):
    return reverse(f"families:{name}", args=[case.pk, *args])


# Case events


def event_data(case, **overrides):
    data = {
        "event_date": (case.referral_date + datetime.timedelta(days=2)).isoformat(),
        "kind": CaseEvent.Kind.POLICE,
        "summary": "Police called to the house after a row about phone use.",
        "source": "Police",
    }
    return {**data, **overrides}


def test_a_case_event_is_recorded_and_listed(signed_in, world):
    client = signed_in(world.key_worker)
    response = client.post(url("case_event_add", world.case), event_data(world.case))
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=world.case)
    assert event.recorded_by == world.key_worker
    listing = client.get(url("case_events", world.case))
    assert b"Police called to the house" in listing.content


@pytest.mark.parametrize(
    ("event_date", "message"),
    [
        (TOMORROW, "The date of the event must be today or in the past"),
        ("1990-01-01", "on or after the young person&#x27;s date of birth"),
    ],
)
def test_a_case_event_in_the_future_or_before_the_young_persons_birth_is_refused(
    signed_in, world, event_date, message
):
    client = signed_in(world.key_worker)
    response = client.post(
        url("case_event_add", world.case), event_data(world.case, event_date=event_date)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CaseEvent.objects.exists()


def test_an_event_before_the_referral_is_allowed_it_is_history(signed_in, world):
    before = (world.case.referral_date - datetime.timedelta(days=200)).isoformat()
    client = signed_in(world.key_worker)
    response = client.post(
        url("case_event_add", world.case), event_data(world.case, event_date=before)
    )
    assert response.status_code == 302


def test_editing_an_event_uses_the_stale_save_guard(signed_in, world):
    event = CaseEventFactory(case=world.case)
    event.summary = "Updated by a colleague"
    event.save()
    client = signed_in(world.key_worker)
    response = client.post(
        url("case_event_edit", world.case, event.pk),
        event_data(world.case, summary="Mine", row_version="0"),
    )
    assert_refused_with(response, "Someone else saved changes")
    event.refresh_from_db()
    assert event.summary == "Updated by a colleague"
    ok = client.post(
        url("case_event_edit", world.case, event.pk),
        event_data(world.case, summary="Mine", row_version="1"),
    )
    assert ok.status_code == 302
    event.refresh_from_db()
    assert event.summary == "Mine"


# Agencies


def agency_data(**overrides):
    data = {
        "agency_type": AgencyInvolvement.AgencyType.CAMHS,
        "agency_name": "Imaginary CAMHS North",
        "contact_name": "Dr Testworth",
        "contact_role": "Clinical psychologist",
        "phone": "0300 555 0120",
        "email": "testworth@example.test",
        "part_in_work": "Weekly sessions on anxiety; joins reviews.",
        "started_on": "",
    }
    return {**data, **overrides}


def test_an_agency_is_added_shown_on_the_panel_then_ended(signed_in, world, rf):
    client = signed_in(world.key_worker)
    assert client.post(url("agency_add", world.case), agency_data()).status_code == 302
    agency = AgencyInvolvement.objects.get(case=world.case)
    request = rf.get("/")
    request.user = world.key_worker
    assert agency_panel_names(request, world.case) == ["Imaginary CAMHS North"]
    ended = client.post(
        url("agency_end", world.case, agency.pk),
        {"ended_on": timezone.localdate().isoformat(), "row_version": "0"},
    )
    assert ended.status_code == 302
    agency.refresh_from_db()
    assert agency.ended_on == timezone.localdate()
    assert agency_panel_names(request, world.case) == []
    assert agencies_panel(request, world.case)["ended_agency_count"] == 1


def agency_panel_names(request, case):
    return [a.agency_name for a in agencies_panel(request, case)["current_agencies"]]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"started_on": TOMORROW}, "The date they became involved must be today or in the past"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"contact_name": ""}, "This field is required"),
    ],
)
def test_bad_agency_details_are_refused(signed_in, world, overrides, message):
    response = signed_in(world.key_worker).post(
        url("agency_add", world.case), agency_data(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AgencyInvolvement.objects.exists()


def test_an_agency_cannot_end_before_it_started_or_in_the_future(signed_in, world):
    agency = AgencyInvolvementFactory(case=world.case)
    client = signed_in(world.key_worker)
    for day, message in (
        ((agency.started_on - datetime.timedelta(days=1)).isoformat(), "on or after the date"),
        (TOMORROW, "must be today or in the past"),
    ):
        response = client.post(
            url("agency_end", world.case, agency.pk), {"ended_on": day, "row_version": "0"}
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    agency.refresh_from_db()
    assert agency.ended_on is None


def test_hostile_agency_text_is_escaped_everywhere(signed_in, world):
    client = signed_in(world.key_worker)
    client.post(
        url("agency_add", world.case), agency_data(agency_name=HOSTILE, part_in_work=HOSTILE)
    )
    assert AgencyInvolvement.objects.get().agency_name == HOSTILE
    for page in ("case_agencies", "case_chronology"):
        body = client.get(url(page, world.case)).content.decode()
        assert HOSTILE not in body
        assert "&lt;img" in body


# Consent


def mother(case):
    return PersonFactory(
        family=case.family,
        first_name="Mum",
        relationship=Person.Relationship.MOTHER,
        is_focus=False,
    )


def test_consent_is_recorded_from_a_parent_and_only_parents_carers_or_young_people_offered(
    signed_in, world
):
    mum = mother(world.case)
    aunt = PersonFactory(
        family=world.case.family,
        first_name="Auntie",
        relationship=Person.Relationship.AUNT_UNCLE,
        is_focus=False,
    )
    outsider = PersonFactory(relationship=Person.Relationship.MOTHER, first_name="Outsider")
    client = signed_in(world.key_worker)
    form = client.get(url("consent_add", world.case)).content.decode()
    assert "Mum" in form
    assert "Auntie" not in form
    assert "Outsider" not in form
    data = {
        "given_on": world.case.referral_date.isoformat(),
        "agencies": "School; CAMHS",
        "scope": "Attendance and behaviour",
    }
    for refused in (aunt, outsider):
        response = client.post(url("consent_add", world.case), {**data, "given_by": refused.pk})
        assert_refused_with(response, "Select a valid choice")
    assert not ConsentRecord.objects.exists()
    ok = client.post(url("consent_add", world.case), {**data, "given_by": mum.pk})
    assert ok.status_code == 302
    assert ConsentRecord.objects.get().given_by == mum


def test_consent_is_withdrawn_with_a_date_not_before_it_was_given(signed_in, world):
    consent = ConsentRecordFactory(case=world.case)
    client = signed_in(world.key_worker)
    early = (consent.given_on - datetime.timedelta(days=1)).isoformat()
    refused = client.post(
        url("consent_withdraw", world.case, consent.pk), {"withdrawn_on": early, "row_version": 0}
    )
    assert_refused_with(refused, "on or after the date it was given")
    ok = client.post(
        url("consent_withdraw", world.case, consent.pk),
        {"withdrawn_on": timezone.localdate().isoformat(), "row_version": 0},
    )
    assert ok.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    again = client.get(url("consent_withdraw", world.case, consent.pk))
    assert again.status_code == 302


# Information sharing


def share_data(**overrides):
    data = {
        "shared_on": timezone.localdate().isoformat(),
        "shared_with": "PC Testcott, Imaginary police",
        "what": "That the young person was found safe.",
        "why": "To close the missing-person report.",
        "lawful_basis": InformationShare.LawfulBasis.CONSENT,
        "consent": "",
    }
    return {**data, **overrides}


def test_sharing_with_consent_needs_a_consent_record(signed_in, world):
    response = signed_in(world.key_worker).post(url("share_add", world.case), share_data())
    assert_refused_with(response, "Choose the consent record this sharing relied on")
    assert not InformationShare.objects.exists()


def test_sharing_cannot_rely_on_consent_withdrawn_before_or_given_after_the_share(signed_in, world):
    referral = world.case.referral_date
    withdrawn = ConsentRecordFactory(
        case=world.case, given_on=referral, withdrawn_on=referral + datetime.timedelta(days=3)
    )
    later = ConsentRecordFactory(case=world.case, given_on=referral + datetime.timedelta(days=10))
    client = signed_in(world.key_worker)
    share_on = (referral + datetime.timedelta(days=5)).isoformat()
    for consent, message in ((withdrawn, "That consent was withdrawn"), (later, "after the date")):
        response = client.post(
            url("share_add", world.case), share_data(shared_on=share_on, consent=consent.pk)
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not InformationShare.objects.exists()
    # Before its withdrawal the same consent covers a share.
    before = (referral + datetime.timedelta(days=2)).isoformat()
    ok = client.post(
        url("share_add", world.case), share_data(shared_on=before, consent=withdrawn.pk)
    )
    assert ok.status_code == 302


def test_another_cases_consent_cannot_be_chosen(signed_in, world):
    theirs = ConsentRecordFactory(case=world.other_team_case)
    response = signed_in(world.key_worker).post(
        url("share_add", world.case), share_data(consent=theirs.pk)
    )
    assert_refused_with(response, "Select a valid choice")
    assert not InformationShare.objects.exists()


def test_sharing_without_consent_to_keep_a_child_safe_needs_no_consent_record(signed_in, world):
    consent = ConsentRecordFactory(case=world.case)
    response = signed_in(world.key_worker).post(
        url("share_add", world.case),
        share_data(lawful_basis="safeguarding", consent=consent.pk),
    )
    assert response.status_code == 302
    share = InformationShare.objects.get()
    assert share.consent is None  # the consent only evidences a share made with consent
    assert share.shared_by == world.key_worker


def test_the_consent_panel_summarises_current_consent_and_latest_shares(rf, world):
    ConsentRecordFactory(case=world.case)
    ConsentRecordFactory(case=world.case, withdrawn_on=timezone.localdate())
    for _ in range(4):
        InformationShareFactory(case=world.case)
    request = rf.get("/")
    request.user = world.key_worker
    context = consent_panel(request, world.case)
    assert len(context["current_consents"]) == 1
    assert context["withdrawn_consent_count"] == 1
    assert len(context["latest_shares"]) == 3
