"""The family page, its members, editing details safely, and archiving."""

import datetime

import pytest
from django.urls import reverse

from families.models import Family, Person
from tests.assertions import assert_refused_with
from tests.factories import CaseFactory, PersonFactory
from tests.families.factories import (
    HOSTILE,
    TODAY,
    only_families_panels,  # noqa: F401 - a fixture
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_families_panels")]


def person_data(**overrides):
    data = {
        "first_name": "Declan",
        "last_name": "Byrne",
        "date_of_birth": "1984-05-02",
        "gender": "male",
        "relationship": "step_father",
        "lives_in_household": "on",
        "statutory_plan": "none",
    }
    data.update(overrides)
    return data


@pytest.fixture
def family(world):
    return world.case.family


def test_the_family_page_lists_focus_young_people_first_with_ages_and_cases(
    signed_in, world, family
):
    PersonFactory(
        family=family,
        first_name="Aoife",
        relationship="mother",
        is_focus=False,
        date_of_birth=datetime.date(1982, 1, 5),
    )
    body = signed_in(world.key_worker).get(family.get_absolute_url()).content.decode()
    focus = world.case.young_people.get()
    assert body.index(focus.full_name) < body.index("Aoife")
    assert world.case.reference in body
    assert "Active" in body


def test_a_step_father_is_added_to_the_family(signed_in, world, family):
    response = signed_in(world.key_worker).post(
        reverse("families:person_add", args=[family.pk]), person_data()
    )
    assert response.status_code == 302
    declan = family.members.get(first_name="Declan")
    assert declan.relationship == "step_father"
    assert declan.is_male_carer


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date_of_birth": (TODAY + datetime.timedelta(days=1)).isoformat()}, "in the past"),
        (
            {"is_focus": "on", "relationship": "young_person", "date_of_birth": "1990-03-03"},
            "must be 25 or younger",
        ),
        (
            {"is_focus": "on", "relationship": "young_person", "date_of_birth": ""},
            "Enter the young person&#x27;s date of birth",
        ),
        ({"first_name": ""}, "Enter the first name"),
        ({"relationship": ""}, "Choose how this person is related to the family"),
        ({"date_of_birth": "2010-02-31"}, "Date of birth must be a real date"),
    ],
)
def test_a_family_member_with_bad_details_is_refused_and_not_saved(
    signed_in, world, family, overrides, message
):
    before = family.members.count()
    response = signed_in(world.key_worker).post(
        reverse("families:person_add", args=[family.pk]), person_data(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert family.members.count() == before


def test_the_same_person_twice_in_one_family_is_refused(signed_in, world, family):
    existing = world.case.young_people.get()
    response = signed_in(world.key_worker).post(
        reverse("families:person_add", args=[family.pk]),
        person_data(
            first_name=existing.first_name.lower(),
            last_name=existing.last_name.upper(),
            date_of_birth=existing.date_of_birth.isoformat(),
            relationship="young_person",
            is_focus="on",
            not_a_duplicate="on",
        ),
    )
    assert_refused_with(response, "already recorded in this family")
    assert family.members.count() == 1


def test_a_likely_duplicate_in_another_family_needs_confirmation(signed_in, world, family):
    other_family = CaseFactory(team=world.team).family
    PersonFactory(
        family=other_family,
        first_name="Declan",
        last_name="Byrne-Smith",
        date_of_birth=datetime.date(1984, 5, 2),
        relationship="father",
        is_focus=False,
    )
    client = signed_in(world.key_worker)
    url = reverse("families:person_add", args=[family.pk])
    response = client.post(url, person_data(last_name="Byrnesmith"))
    assert_refused_with(
        response, "This may already be recorded", "I have checked: this is not the same person"
    )
    assert not family.members.filter(first_name="Declan").exists()
    assert (
        client.post(url, person_data(last_name="Byrnesmith", not_a_duplicate="on")).status_code
        == 302
    )
    assert family.members.filter(first_name="Declan").exists()


def test_a_likely_duplicate_person_out_of_scope_is_mentioned_without_detail(
    signed_in, world, family
):
    hidden = world.other_team_case.family
    PersonFactory(
        family=hidden,
        first_name="Declan",
        last_name="Byrne",
        date_of_birth=datetime.date(1984, 5, 2),
        is_focus=False,
        relationship="father",
    )
    body = (
        signed_in(world.key_worker)
        .post(reverse("families:person_add", args=[family.pk]), person_data())
        .content.decode()
    )
    assert "A possible match exists in another team; ask your manager." in body
    assert hidden.family_name not in body


def test_a_stale_save_of_family_details_is_refused_and_keeps_the_workers_text(
    signed_in, world, family
):
    client = signed_in(world.key_worker)
    url = reverse("families:family_edit", args=[family.pk])
    stale_version = family.row_version
    family.phone = "0300 555 0999"
    family.save()  # a colleague saved in between
    response = client.post(
        url,
        {
            "row_version": stale_version,
            "family_name": family.family_name,
            "main_language": "English",
            "communication_needs": "Dad reads best in large print.",
        },
    )
    assert_refused_with(
        response, "Someone else saved changes to this record", "Dad reads best in large print."
    )
    family.refresh_from_db()
    assert family.communication_needs == ""


def test_a_stale_save_of_a_person_is_refused(signed_in, world, family):
    person = world.case.young_people.get()
    stale = person.row_version
    person.preferred_name = "Jay"
    person.save()
    response = signed_in(world.key_worker).post(
        reverse("families:person_edit", args=[family.pk, person.pk]),
        person_data(
            row_version=stale,
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth.isoformat(),
            relationship="young_person",
            is_focus="on",
            notes="Loves football",
        ),
    )
    assert_refused_with(response, "Someone else saved changes")
    person.refresh_from_db()
    assert person.notes == ""


def test_a_stale_save_of_referral_details_is_refused(signed_in, world):
    case = world.case
    stale = case.row_version
    case.referrer_name = "Changed by a colleague"
    case.save()
    response = signed_in(world.key_worker).post(
        reverse("families:case_edit", args=[case.pk]),
        {
            "row_version": stale,
            "referral_date": case.referral_date.isoformat(),
            "referral_source": "police",
            "presenting_concerns": "My own rewrite of the concerns.",
            "urgency": "routine",
            "young_people": [p.pk for p in case.young_people.all()],
        },
    )
    assert_refused_with(response, "Someone else saved changes", "My own rewrite of the concerns.")
    case.refresh_from_db()
    assert case.referral_source == "school"


def test_a_fresh_save_of_referral_details_works(signed_in, world):
    case = world.case
    response = signed_in(world.key_worker).post(
        reverse("families:case_edit", args=[case.pk]),
        {
            "row_version": case.row_version,
            "referral_date": case.referral_date.isoformat(),
            "referral_source": "police",
            "presenting_concerns": "Police called out twice this month.",
            "urgency": "routine",
            "young_people": [p.pk for p in case.young_people.all()],
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.referral_source == "police"


def test_a_focus_young_person_on_an_open_case_stays_a_focus(signed_in, world, family):
    person = world.case.young_people.get()
    response = signed_in(world.key_worker).post(
        reverse("families:person_edit", args=[family.pk, person.pk]),
        person_data(
            row_version=person.row_version,
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth.isoformat(),
            relationship="young_person",
        ),
    )
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.is_focus


def test_hostile_text_in_family_details_is_stored_and_shown_escaped(signed_in, world, family):
    client = signed_in(world.key_worker)
    client.post(
        reverse("families:family_edit", args=[family.pk]),
        {
            "row_version": family.row_version,
            "family_name": HOSTILE,
            "main_language": "English",
            "culture_and_identity": HOSTILE,
        },
    )
    family.refresh_from_db()
    assert family.family_name == HOSTILE
    for url in [family.get_absolute_url(), world.case.get_absolute_url(), reverse("home")]:
        body = client.get(url).content.decode()
        assert HOSTILE not in body
        assert "&lt;script&gt;" in body


def test_a_person_of_another_family_cannot_be_edited_through_this_one(signed_in, world, family):
    stranger = world.other_team_case.young_people.get()
    response = signed_in(world.key_worker).get(
        reverse("families:person_edit", args=[family.pk, stranger.pk])
    )
    assert response.status_code == 404


def test_a_family_with_an_open_case_cannot_be_archived(signed_in, world, family):
    response = signed_in(world.key_worker).post(
        reverse("families:family_archive", args=[family.pk]), {"reason": "Moved to Scotland."}
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.archived_at is None


def test_archiving_keeps_the_record_with_who_when_and_why(signed_in, world, family):
    world.case.status = "closed"
    world.case.save()
    client = signed_in(world.key_worker)
    url = reverse("families:family_archive", args=[family.pk])
    response = client.post(url, {"reason": "short"})
    assert_refused_with(response, "Say in a sentence why")
    client.post(url, {"reason": "Recorded twice by mistake; the right record is F000009."})
    family.refresh_from_db()
    assert family.archived_by == world.key_worker
    assert family.archived_at is not None
    assert "Recorded twice" in family.archive_reason
    assert Family.objects.filter(pk=family.pk).exists()
    body = client.get(family.get_absolute_url()).content.decode()
    assert "Archived" in body
    assert client.get(reverse("families:family_edit", args=[family.pk])).status_code == 403
    assert client.get(reverse("families:person_add", args=[family.pk])).status_code == 403


def test_people_are_never_deleted(world):
    with pytest.raises(PermissionError):
        Person.objects.all().delete()
