"""The import's duplicate check is the families app's own: the same answers, read once."""

from __future__ import annotations

import datetime

import pytest

from families.matching import DuplicateCheck, possible_duplicate_families, possible_duplicate_people
from tests.factories import CaseFactory, FamilyFactory, PersonFactory

pytestmark = pytest.mark.django_db

NAMES = ["Okafor-Reid", "Okafor Reid", "okaforreid", "Okafor-Reed", "Okonkwo", "Reid", "Brennan"]


def test_the_check_for_many_names_finds_the_same_families_as_the_one_name_check(world):
    for name in ("Okafor-Reid", "Brennan-Hale", "Okoro"):
        CaseFactory(team=world.team, family=FamilyFactory(organisation=world.org, family_name=name))
    CaseFactory(
        team=world.other_service_team,
        family=FamilyFactory(organisation=world.org, family_name="Okafor Reid"),
    )
    check = DuplicateCheck(world.team_manager)
    for name in NAMES:
        one = possible_duplicate_families(world.team_manager, name)
        many = check.families(name)
        assert [f.pk for f in many.visible] == [f.pk for f in one.visible], name
        assert many.elsewhere == one.elsewhere, name


def test_the_check_for_many_people_finds_the_same_people_as_the_one_person_check(world):
    born = datetime.date(2011, 4, 3)
    PersonFactory(
        family=world.case.family, first_name="Ayla", last_name="Brennan", date_of_birth=born
    )
    check = DuplicateCheck(world.team_manager)
    for first, last, day in [
        ("Ayla", "Brennan", born),
        ("Aila", "Brennan", born),
        ("Ayla", "Brennan", datetime.date(2011, 4, 4)),
        ("Tom", "Okoro", born),
    ]:
        one = possible_duplicate_people(
            world.team_manager, first_name=first, last_name=last, date_of_birth=day
        )
        many = check.people(first_name=first, last_name=last, date_of_birth=day)
        assert [p.pk for p in many.visible] == [p.pk for p in one.visible], (first, day)
        assert many.elsewhere == one.elsewhere
