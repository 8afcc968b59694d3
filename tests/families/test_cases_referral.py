"""Taking a referral: finding or recording the family, then opening the case."""

import datetime

import pytest
from django.urls import reverse

from families.models import Case, Family, Person
from tests.assertions import assert_refused_with
from tests.factories import CaseFactory, FamilyFactory, PersonFactory
from tests.families.factories import (
    HOSTILE,
    TODAY,
    only_families_panels,  # noqa: F401 - a fixture
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_families_panels")]


def new_family_data(**overrides):
    data = {
        "family_name": "Quillfeather",
        "address_line_1": "4 Lantern Row",
        "town": "Fernbridge",
        "postcode": "ZZ9 9ZZ",
        "main_language": "Polish",
        "interpreter_needed": "on",
        "interpreter_language": "Polish",
        "yp_first_name": "Tomasz",
        "yp_last_name": "Quillfeather",
        "yp_date_of_birth": (TODAY - datetime.timedelta(days=15 * 365)).isoformat(),
        "yp_gender": "male",
        "yp_statutory_plan": "cin",
    }
    data.update(overrides)
    return data


def referral_data(world, person, **overrides):
    data = {
        "service": world.service.pk,
        "team": world.team.pk,
        "referral_date": TODAY.isoformat(),
        "referral_source": "school",
        "referrer_name": "Head of year 10",
        "referrer_contact": "0300 555 0177",
        "presenting_concerns": "Not in school for three weeks; shouting matches at home.",
        "urgency": "urgent",
        "young_people": [person.pk],
    }
    data.update(overrides)
    return data


def test_a_new_family_is_saved_with_its_focus_young_person_then_the_referral_follows(
    signed_in, world
):
    client = signed_in(world.key_worker)
    response = client.post(reverse("families:referral_new_family"), new_family_data())
    family = Family.objects.get(family_name="Quillfeather")
    assert response.status_code == 302
    assert response["Location"] == reverse("families:referral_create", args=[family.pk])
    person = family.members.get()
    assert person.is_focus
    assert person.relationship == "young_person"
    assert person.statutory_plan == "cin"
    assert family.created_by == world.key_worker
    assert family.organisation == world.org

    response = client.post(response["Location"], referral_data(world, person))
    case = Case.objects.get(family=family)
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.status == "referred"
    assert case.team == world.team
    assert list(case.young_people.all()) == [person]
    assert case.created_by == world.key_worker


def test_the_referral_form_defaults_to_the_users_team(signed_in, world):
    family = world.case.family
    response = signed_in(world.key_worker).get(
        reverse("families:referral_create", args=[family.pk])
    )
    assert response.context["form"].initial["team"] == world.team.pk
    assert response.context["form"].initial["service"] == world.service.pk


def test_team_and_service_choices_come_from_the_users_organisation_only(signed_in, world):
    response = signed_in(world.key_worker).get(
        reverse("families:referral_create", args=[world.case.family.pk])
    )
    form = response.context["form"]
    assert world.other_org_team not in form.fields["team"].queryset
    assert world.other_org_team.service not in form.fields["service"].queryset
    assert world.other_service_team in form.fields["team"].queryset


def test_a_team_from_another_organisation_is_refused(signed_in, world):
    family = world.case.family
    person = world.case.young_people.get()
    response = signed_in(world.key_worker).post(
        reverse("families:referral_create", args=[family.pk]),
        referral_data(world, person, team=world.other_org_team.pk),
    )
    assert response.status_code == 400
    assert "team" in response.context["form"].errors
    assert family.cases.count() == 1


def test_a_team_of_a_different_service_is_refused_with_a_clear_message(signed_in, world):
    person = world.case.young_people.get()
    response = signed_in(world.key_worker).post(
        reverse("families:referral_create", args=[world.case.family.pk]),
        referral_data(world, person, team=world.other_service_team.pk),
    )
    assert_refused_with(response, "is not a team of")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"yp_date_of_birth": (TODAY + datetime.timedelta(days=3)).isoformat()}, "in the past"),
        ({"yp_date_of_birth": "1990-01-01"}, "must be 25 or younger"),
        ({"yp_date_of_birth": ""}, "Enter the young person&#x27;s date of birth"),
        ({"yp_first_name": ""}, "Enter the young person&#x27;s first name"),
        ({"family_name": ""}, "Enter the family&#x27;s name"),
        ({"interpreter_language": ""}, "Enter the language the interpreter should speak"),
    ],
)
def test_a_new_family_with_bad_details_is_refused_and_nothing_is_saved(
    signed_in, world, overrides, message
):
    response = signed_in(world.key_worker).post(
        reverse("families:referral_new_family"), new_family_data(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Family.objects.filter(family_name="Quillfeather").exists()
    assert not Person.objects.filter(first_name="Tomasz").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("referral_date", (TODAY + datetime.timedelta(days=1)).isoformat(), "today or in the past"),
        ("referral_date", "", "Enter the date the referral was made"),
        ("presenting_concerns", "", "Enter the concerns that led to the referral"),
        ("young_people", [], "Choose at least one young person"),
        ("referral_source", "", "Choose who made the referral"),
    ],
)
def test_a_referral_with_bad_details_is_refused_and_no_case_opened(
    signed_in, world, field, value, message
):
    family = FamilyFactory(organisation=world.org, created_by=world.key_worker)
    person = PersonFactory(family=family)
    response = signed_in(world.key_worker).post(
        reverse("families:referral_create", args=[family.pk]),
        referral_data(world, person, **{field: value}),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not family.cases.exists()


def test_a_referral_cannot_be_dated_before_the_young_person_was_born(signed_in, world):
    family = FamilyFactory(organisation=world.org, created_by=world.key_worker)
    person = PersonFactory(family=family, date_of_birth=TODAY - datetime.timedelta(days=30))
    response = signed_in(world.key_worker).post(
        reverse("families:referral_create", args=[family.pk]),
        referral_data(
            world, person, referral_date=(TODAY - datetime.timedelta(days=60)).isoformat()
        ),
    )
    assert response.status_code == 400
    assert "date of birth" in response.context["form"].errors["referral_date"][0]
    assert not family.cases.exists()


def test_a_family_with_no_members_cannot_have_a_case_opened(signed_in, world):
    family = FamilyFactory(organisation=world.org, created_by=world.key_worker)
    response = signed_in(world.key_worker).post(
        reverse("families:referral_create", args=[family.pk]),
        {**referral_data(world, world.case.young_people.get()), "young_people": []},
    )
    assert_refused_with(response, "no members recorded")
    assert not family.cases.exists()


def test_a_young_person_of_another_family_cannot_be_named_on_the_referral(signed_in, world):
    family = FamilyFactory(organisation=world.org, created_by=world.key_worker)
    PersonFactory(family=family)
    stranger = world.other_team_case.young_people.get()
    response = signed_in(world.key_worker).post(
        reverse("families:referral_create", args=[family.pk]),
        referral_data(world, stranger),
    )
    assert response.status_code == 400
    assert "young_people" in response.context["form"].errors
    assert not family.cases.exists()


def test_a_new_referral_after_a_closed_case_is_shown_as_a_re_referral(signed_in, world):
    world.case.status = "closed"
    world.case.closed_on = TODAY - datetime.timedelta(days=10)
    world.case.save()
    client = signed_in(world.key_worker)
    url = reverse("families:referral_create", args=[world.case.family.pk])
    assert "Re-referral" in client.get(url).content.decode()
    client.post(url, referral_data(world, world.case.young_people.get()))
    new_case = world.case.family.cases.exclude(pk=world.case.pk).get()
    assert new_case.is_re_referral()
    assert "Re-referral" in client.get(new_case.get_absolute_url()).content.decode()
    listed = client.get(reverse("families:case_list")).content.decode()
    assert "Re-referral" in listed


def test_a_referral_to_another_team_goes_home_with_a_message(signed_in, world):
    family = FamilyFactory(organisation=world.org, created_by=world.key_worker)
    person = PersonFactory(family=family)
    response = signed_in(world.key_worker).post(
        reverse("families:referral_create", args=[family.pk]),
        referral_data(world, person, team=world.other_team.pk),
        follow=True,
    )
    case = family.cases.get()
    assert case.team == world.other_team
    assert response.redirect_chain[-1][0] == reverse("home")
    assert f"Referral {case.reference} sent to" in response.content.decode()


def test_an_archived_family_cannot_be_referred(signed_in, world):
    family = FamilyFactory(organisation=world.org, created_by=world.key_worker)
    PersonFactory(family=family)
    family.archive(by=world.key_worker, reason="Recorded twice by mistake.")
    response = signed_in(world.key_worker).get(
        reverse("families:referral_create", args=[family.pk])
    )
    assert response.status_code == 403


def test_searching_finds_families_by_family_or_member_name_within_scope(signed_in, world):
    world.case.family.family_name = "Ravensworth"
    world.case.family.save()
    hidden = world.other_team_case.family
    hidden.family_name = "Ravensworth"
    hidden.save()
    client = signed_in(world.key_worker)
    response = client.get(reverse("families:referral_start"), {"q": "ravens"})
    assert response.context["results"] == [world.case.family]
    first_name = world.case.young_people.get().first_name
    response = client.get(reverse("families:referral_start"), {"q": first_name})
    assert world.case.family in response.context["results"]


def test_a_likely_duplicate_family_needs_confirmation_before_saving(signed_in, world):
    world.case.family.family_name = "Quill-Feather"
    world.case.family.save()
    client = signed_in(world.key_worker)
    response = client.post(reverse("families:referral_new_family"), new_family_data())
    assert_refused_with(
        response,
        "This may already be recorded",
        "Quill-Feather family",
        "I have checked: this is not the same family",
    )
    assert not Family.objects.filter(family_name="Quillfeather").exists()

    response = client.post(
        reverse("families:referral_new_family"), new_family_data(not_a_duplicate="on")
    )
    assert response.status_code == 302
    assert Family.objects.filter(family_name="Quillfeather").exists()


def test_a_duplicate_in_another_team_is_mentioned_without_any_detail(signed_in, world):
    hidden = world.other_team_case.family
    hidden.family_name = "Quillfeather"
    hidden.postcode = "QQ1 1QQ"
    hidden.save()
    response = signed_in(world.key_worker).post(
        reverse("families:referral_new_family"), new_family_data()
    )
    body = response.content.decode()
    assert "a possible match exists in another team; ask your manager" in body.lower()
    assert "QQ1 1QQ" not in body
    assert reverse("families:family_detail", args=[hidden.pk]) not in body


def test_a_duplicate_in_another_organisation_is_never_mentioned(signed_in, world):
    hidden = world.other_org_case.family
    hidden.family_name = "Quillfeather"
    hidden.save()
    response = signed_in(world.key_worker).post(
        reverse("families:referral_new_family"), new_family_data()
    )
    assert response.status_code == 302


def test_the_young_person_with_the_same_name_and_birthday_is_a_likely_duplicate(signed_in, world):
    existing = world.case.young_people.get()
    response = signed_in(world.key_worker).post(
        reverse("families:referral_new_family"),
        new_family_data(
            family_name="Zzyzx",
            yp_first_name=existing.first_name.upper(),
            yp_last_name=existing.last_name,
            yp_date_of_birth=existing.date_of_birth.isoformat(),
        ),
    )
    assert_refused_with(response, "I have checked")


def test_hostile_text_in_a_referral_is_stored_as_typed_and_shown_escaped(signed_in, world):
    family = FamilyFactory(organisation=world.org, created_by=world.key_worker)
    person = PersonFactory(family=family)
    client = signed_in(world.key_worker)
    client.post(
        reverse("families:referral_create", args=[family.pk]),
        referral_data(world, person, presenting_concerns=HOSTILE, referrer_name=HOSTILE),
    )
    case = family.cases.get()
    assert case.presenting_concerns == HOSTILE
    body = client.get(case.get_absolute_url()).content.decode()
    assert HOSTILE not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_case_open_refuses_a_family_without_members(world):
    from django.core.exceptions import ValidationError

    from families.services import case_open

    family = FamilyFactory(organisation=world.org)
    with pytest.raises(ValidationError):
        case_open(
            family=family,
            service=world.service,
            team=world.team,
            opened_by=world.key_worker,
            young_people=[],
            referral_date=TODAY,
            referral_source="school",
            presenting_concerns="Concerns",
        )
    assert not Case.objects.filter(family=family).exists()


def test_case_open_opens_a_referred_case(world):
    from families.services import case_open

    family = FamilyFactory(organisation=world.org)
    person = PersonFactory(family=family)
    case = case_open(
        family=family,
        service=world.service,
        team=world.team,
        opened_by=world.key_worker,
        young_people=[person],
        referral_date=TODAY,
        referral_source="family",
        presenting_concerns="Mum asked for help after a week of arguments.",
    )
    assert case.status == Case.Status.REFERRED
    assert not case.is_re_referral()
    assert CaseFactory._meta.model.objects.filter(pk=case.pk).exists()
