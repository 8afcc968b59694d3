"""Every carer a participant, parental responsibility, the consent rule and safety notes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import ConsentRecord, Person
from families.selectors import people_the_document_is_for
from families.subject_access import person_part
from tests.assertions import assert_refused_with
from tests.assessments.assessment_helpers import start
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

PR = Person.ParentalResponsibility
R = Person.Relationship
TODAY = timezone.localdate()


def years_ago(years: int, days: int = 0) -> datetime.date:
    return TODAY.replace(year=TODAY.year - years) - datetime.timedelta(days=days)


def member(case, first_name, relationship, **fields) -> Person:
    fields.setdefault("is_focus", False)
    fields.setdefault("date_of_birth", years_ago(40))
    return PersonFactory(
        family=case.family, first_name=first_name, relationship=relationship, **fields
    )


# --- The consent rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relationship", "responsibility", "can"),
    [
        (R.MOTHER, PR.BIRTH_MOTHER, True),
        (R.FATHER, PR.FATHER_NAMED_AT_BIRTH, True),
        (R.FATHER, PR.NOT_KNOWN, False),
        (R.GRANDPARENT, PR.ORDER, True),
        (R.AUNT_UNCLE, PR.SPECIAL_GUARDIANSHIP, True),
        (R.GRANDPARENT, PR.NONE, False),
        (R.PARENTS_PARTNER, PR.NONE, False),
        (R.STEP_FATHER, PR.AGREEMENT, True),
    ],
)
def test_an_adult_gives_consent_only_with_parental_responsibility(
    relationship, responsibility, can
):
    adult = PersonFactory.build(
        relationship=relationship, is_focus=False, parental_responsibility=responsibility
    )
    assert adult.can_give_consent_on(TODAY) is can


def test_a_young_person_gives_consent_from_16_or_once_judged_competent():
    sixteen = PersonFactory.build(date_of_birth=years_ago(16))
    fifteen = PersonFactory.build(date_of_birth=years_ago(16, days=-1))
    assert sixteen.can_give_consent_on(TODAY)
    assert not fifteen.can_give_consent_on(TODAY)
    assert "under 16" in fifteen.why_no_consent_on(TODAY)
    fifteen.judged_competent_on = TODAY - datetime.timedelta(days=10)
    assert fifteen.can_give_consent_on(TODAY)
    # Not before the day the judgement was made.
    assert not fifteen.can_give_consent_on(TODAY - datetime.timedelta(days=11))


def test_a_sibling_who_is_not_a_young_person_of_the_work_cannot_be_judged_into_consent():
    sibling = PersonFactory.build(
        relationship=R.SIBLING, is_focus=False, date_of_birth=years_ago(14)
    )
    sibling.judged_competent_on = TODAY
    assert not sibling.can_give_consent_on(TODAY)


def assessment_url(name, assessment, *extra):
    return reverse(f"assessments:{name}", args=[assessment.case_id, assessment.pk, *extra])


def consent_url(case):
    return reverse("families:consent_add", args=[case.pk])


def test_the_consent_form_offers_grandparents_with_an_order_and_never_a_partner_without_pr(
    signed_in, world
):
    case = world.case
    grandma = member(case, "Brenda", R.GRANDPARENT, is_carer=True, parental_responsibility=PR.ORDER)
    partner = member(case, "Craig", R.PARENTS_PARTNER, lives_in_household=False)
    page = signed_in(world.key_worker).get(consent_url(case)).content.decode()
    assert "Brenda" in page
    assert "Craig" not in page
    data = {"given_on": TODAY.isoformat(), "agencies": "School", "scope": "Attendance"}
    client = signed_in(world.key_worker)
    response = client.post(consent_url(case), {**data, "given_by": partner.pk})
    assert_refused_with(response, "Select a valid choice")
    assert not ConsentRecord.objects.exists()
    assert client.post(consent_url(case), {**data, "given_by": grandma.pk}).status_code == 302
    assert ConsentRecord.objects.get().given_by == grandma


def test_consent_dated_before_a_young_persons_16th_birthday_is_refused_with_the_reason(
    signed_in, world
):
    case = world.case
    young_person = case.young_people.get()
    young_person.date_of_birth = years_ago(16, days=5)  # 16 five days ago
    young_person.save()
    client = signed_in(world.key_worker)
    data = {
        "given_by": young_person.pk,
        "given_on": (TODAY - datetime.timedelta(days=10)).isoformat(),
        "agencies": "School and CAMHS",
        "scope": "How I am getting on",
    }
    response = client.post(consent_url(case), data)
    assert_refused_with(response, "was under 16 on that date")
    assert "School and CAMHS" in response.content.decode()
    assert not ConsentRecord.objects.exists()
    data["given_on"] = TODAY.isoformat()
    assert client.post(consent_url(case), data).status_code == 302


# --- Recording parental responsibility, caring and safety on a family member -------------------


def person_url(person):
    return reverse("families:person_edit", args=[person.family_id, person.pk])


def person_data(person, **changes) -> dict:
    data = {
        "row_version": person.row_version,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "gender": person.gender,
        "relationship": person.relationship,
        "statutory_plan": person.statutory_plan,
        "parental_responsibility": person.parental_responsibility,
    }
    if person.lives_in_household:
        data["lives_in_household"] = "on"
    if person.is_focus:
        data["is_focus"] = "on"
    data.update(changes)
    return data


def test_a_grandparent_is_recorded_as_a_carer_with_parental_responsibility_by_an_order(
    signed_in, world
):
    grandad = member(world.case, "Keith", R.GRANDPARENT)
    response = signed_in(world.key_worker).post(
        person_url(grandad),
        person_data(
            grandad,
            is_carer="on",
            parental_responsibility=PR.ORDER,
            parental_responsibility_details="Child arrangements order, March",
        ),
    )
    assert response.status_code == 302
    grandad.refresh_from_db()
    assert grandad.is_carer
    assert grandad.is_parent_or_carer
    assert grandad.get_parental_responsibility_display().startswith("Yes: court order")
    assert grandad.can_give_consent_on(TODAY)
    assert grandad.history.first().parental_responsibility == PR.ORDER


@pytest.mark.parametrize(
    ("who", "changes", "message"),
    [
        (
            "adult",
            {"parental_responsibility": PR.ORDER},
            "Say how parental responsibility is held",
        ),
        (
            "young",
            {"judged_competent_on": TODAY.isoformat()},
            "Say who judged them competent",
        ),
        (
            "young",
            {
                "judged_competent_on": (TODAY + datetime.timedelta(days=1)).isoformat(),
                "competence_reasons": "Understands.",
            },
            "The date must be today or in the past",
        ),
        ("young", {"is_young_carer": "on"}, "Choose whom the young carer looks after"),
    ],
)
def test_bad_responsibility_competence_or_caring_details_are_refused_and_kept(
    signed_in, world, who, changes, message
):
    case = world.case
    person = member(case, "Sam", R.GRANDPARENT) if who == "adult" else case.young_people.get()
    before = person.row_version
    data = person_data(person, safety_note="Keep away from the house", **changes)
    response = signed_in(world.key_worker).post(person_url(person), data)
    assert_refused_with(response, message)
    assert "Keep away from the house" in response.content.decode()
    person.refresh_from_db()
    assert person.row_version == before
    assert person.safety_note == ""


def test_only_a_young_person_is_judged_competent_and_an_adults_page_does_not_ask(signed_in, world):
    family = world.case.family
    client = signed_in(world.key_worker)
    data = {
        "first_name": "Sam",
        "last_name": "Adult",
        "date_of_birth": years_ago(40).isoformat(),
        "gender": Person.Gender.MALE,
        "relationship": R.GRANDPARENT,
        "statutory_plan": "none",
        "judged_competent_on": TODAY.isoformat(),
        "competence_reasons": "Understands what sharing means.",
    }
    response = client.post(reverse("families:person_add", args=[family.pk]), data)
    assert_refused_with(response, "Only a young person is judged competent")
    assert not family.members.filter(first_name="Sam").exists()
    grandad = member(world.case, "Keith", R.GRANDPARENT)
    assert "judged_competent_on" not in client.get(person_url(grandad)).content.decode()
    young = world.case.young_people.get()
    assert "judged_competent_on" in client.get(person_url(young)).content.decode()


def test_a_young_carer_is_recorded_with_whom_they_care_for(signed_in, world):
    case = world.case
    young_person = case.young_people.get()
    mum = member(case, "Chipo", R.MOTHER)
    response = signed_in(world.key_worker).post(
        person_url(young_person),
        person_data(young_person, cares_for=[mum.pk]),
    )
    assert response.status_code == 302
    young_person.refresh_from_db()
    # Choosing whom they look after records them as a young carer.
    assert young_person.is_young_carer
    assert list(young_person.cares_for.all()) == [mum]


def test_whom_a_young_carer_cares_for_is_only_ever_someone_in_their_family(signed_in, world):
    young_person = world.case.young_people.get()
    stranger = PersonFactory(is_focus=False, relationship=R.MOTHER)
    response = signed_in(world.key_worker).post(
        person_url(young_person),
        person_data(young_person, is_young_carer="on", cares_for=[stranger.pk]),
    )
    assert_refused_with(response, "Select a valid choice")
    assert not young_person.cares_for.exists()


# --- Who a family document is for --------------------------------------------------------------


def test_a_document_names_the_young_person_every_carer_and_who_agreed_but_no_safety_noted_person():
    case = CaseFactory()
    young = case.young_people.get()
    mum = member(case, "Nicola", R.MOTHER, lives_in_household=False)
    grandma = member(case, "Brenda", R.GRANDPARENT, is_carer=True, date_of_birth=years_ago(64))
    aunt = member(case, "Joanne", R.AUNT_UNCLE, is_carer=True, lives_in_household=False)
    dad = member(case, "Mark", R.FATHER, lives_in_household=False)
    partner = member(
        case,
        "Craig",
        R.PARENTS_PARTNER,
        safety_note="Risk to Nicola: do not share documents.",
    )
    uncle = member(case, "Distant", R.AUNT_UNCLE, lives_in_household=False)
    named = people_the_document_is_for(case, agreed=[dad, partner])
    # The aunt cares for her from elsewhere; the father lives elsewhere and agreed the plan.
    assert set(named) == {young, grandma, aunt, dad}
    assert partner not in named
    # Living elsewhere, not caring and not agreeing: the document is not addressed to them.
    assert mum not in named
    assert uncle not in named
    # Parents and carers first (oldest first), then the young person.
    assert named[0] == grandma
    assert named[-1] == young
    assert mum in people_the_document_is_for(case, agreed=[mum])


# --- Views of carers and safety notes in the assessment ----------------------------------------


def test_an_aunt_who_cares_for_the_young_person_has_a_place_for_her_views(signed_in, world):
    assessment = start(world.case, world.key_worker)
    aunt = member(world.case, "Joanne", R.AUNT_UNCLE, is_carer=True, lives_in_household=False)
    client = signed_in(world.key_worker)
    assert client.get(assessment_url("edit_carer_view", assessment, aunt.pk)).status_code == 200
    response = client.post(
        assessment_url("edit_carer_view", assessment, aunt.pk),
        {"views": "I will have her at weekends."},
    )
    assert response.status_code == 302
    assert assessment.carer_views.get().person == aunt


def test_a_person_with_a_safety_note_is_never_prompted_for_and_gets_a_warning(signed_in, world):
    assessment = start(world.case, world.key_worker)
    member(
        world.case,
        "Craig",
        R.MALE_CARER,
        lives_in_household=False,
        safety_note="Risk to the mother.",
    )
    craig = Person.objects.get(first_name="Craig")
    dad = member(world.case, "Dean", R.FATHER)
    client = signed_in(world.key_worker)
    page = client.get(assessment.get_absolute_url())
    text = page.content.decode()
    assert "Have you asked Dean (father) for his views?" in text
    assert "Have you asked Craig" not in text
    assert "Safety note on Craig: Risk to the mother." in text
    views_page = client.get(
        assessment_url("edit_carer_view", assessment, craig.pk)
    ).content.decode()
    assert "Safety note on Craig: Risk to the mother." in views_page
    assert dad.is_male_carer


def test_the_review_asks_for_each_carers_views_and_warns_about_a_safety_note(world):
    from reviews.forms import carers_views_hint

    member(world.case, "Brenda", R.GRANDPARENT, is_carer=True)
    member(world.case, "Craig", R.PARENTS_PARTNER, safety_note="Risk to the mother.")
    hint = carers_views_hint(world.case)
    assert "Brenda (grandparent)" in hint
    assert "Craig has a safety note" in hint
    assert "Craig (" not in hint


# --- Subject access ----------------------------------------------------------------------------


def test_a_persons_subject_access_export_holds_their_responsibility_caring_and_safety_note(world):
    case = world.case
    mum = member(case, "Chipo", R.MOTHER)
    young = case.young_people.get()
    young.is_young_carer = True
    young.safety_note = "Do not share school address."
    young.save()
    young.cares_for.set([mum])
    record = person_part(young, case.family.cases.all()).records[0]
    assert record["Young carer"] == "Yes"
    assert record["Whom they care for"] == mum.full_name
    assert record["Safety note"] == "Do not share school address."
    assert person_part(mum, case.family.cases.all()).records[0]["Parental responsibility"] == (
        "Yes: birth mother"
    )
