"""On PostgreSQL the duplicate-family warning and the family search match names through pg_trgm
and its GIN indexes (migration 0008) instead of reading every family name; what a worker is
shown stays what the Python comparison (`names_look_alike`) decides."""

import random

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from families.matching import (
    names_look_alike,
    names_may_look_alike,
    possible_duplicate_families,
    search_families_for_user,
)
from families.models import Family, Person
from tests.factories import FamilyFactory, OrganisationFactory
from tests.families.factories import only_families_panels  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("only_families_panels"),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="pg_trgm is PostgreSQL's (run with DATABASE_URL=postgres://...); SQLite keeps "
        "the Python comparison, which tests/families/test_cases_referral.py covers",
    ),
]

# Names the Python comparison takes for the same family: a letter, a hyphen, an apostrophe,
# a space or the case apart.
NEAR_MISSES = [
    ("Ravensworth", "Ravenswurth"),
    ("Ravensworth", "ravens-worth"),
    ("Quill-Feather", "Quillfeather"),
    ("O'Donnell-Marsh", "Odonnell Marsh"),
    ("Abernethy", "Abernathy"),
    ("Featherstonehaugh", "Featherstonhaugh"),
    ("Halloway-Prentice", "Hallowayprentice"),
]

TRIGRAM_INDEXES = (
    "families_family_name_trgm",
    "families_person_first_name_trgm",
    "families_person_last_name_trgm",
    "families_person_preferred_name_trgm",
)


@pytest.fixture
def named(world):
    family = world.case.family
    family.family_name = "Ravensworth"
    family.save()
    return family


def test_a_near_miss_of_a_family_name_is_a_likely_duplicate(world, named):
    found = possible_duplicate_families(world.key_worker, "Ravenswurth")
    assert found.visible == [named]
    assert not found.elsewhere


def test_a_different_family_name_is_not_a_likely_duplicate(world, named):
    assert not possible_duplicate_families(world.key_worker, "Pemberton")
    assert not possible_duplicate_families(world.key_worker, "Ravenhill")


def test_the_index_keeps_every_name_the_python_comparison_accepts(world):
    for stored, typed in NEAR_MISSES:
        family = FamilyFactory(organisation=world.org, family_name=stored)
        assert names_look_alike(stored, typed)
        candidates = names_may_look_alike(Family.objects.filter(pk=family.pk), typed)
        assert list(candidates) == [family], (stored, typed)


def test_the_search_finds_a_near_miss_of_the_family_name(signed_in, world, named):
    client = signed_in(world.key_worker)
    response = client.get(reverse("families:referral_start"), {"q": "Ravenswerth"})
    assert response.context["results"] == [named]
    response = client.get(reverse("families:referral_start"), {"q": "Pemberton"})
    assert response.context["results"] == []


def test_the_search_still_finds_a_part_of_a_family_or_member_name_within_scope(world, named):
    assert list(search_families_for_user(world.key_worker, "vensw")) == [named]
    first_name = world.case.young_people.get().first_name
    assert named in search_families_for_user(world.key_worker, first_name[1:])
    hidden = world.other_team_case.family
    hidden.family_name = "Ravensworth"
    hidden.save()
    assert list(search_families_for_user(world.key_worker, "Ravensworth")) == [named]


def invented_name(n: int) -> str:
    """A different made-up surname for each n, as varied as real ones."""
    letters = random.Random(n).choices("abcdefghiklmnoprstuvwy", k=8)  # noqa: S311
    return "".join(letters).capitalize()


def many_families(world, count: int = 8000) -> None:
    """A few thousand families with a person each in four organisations, as in the benchmark's
    data at ten times the size, and a planner that knows their sizes."""
    organisations = [world.org, *(OrganisationFactory() for _ in range(3))]
    families = Family.objects.bulk_create(
        Family(
            organisation=organisations[n % len(organisations)],
            family_name=invented_name(n),
            address_line_1=f"{n} Imaginary Road",
            town="Fernbridge",
            postcode="ZZ1 1ZZ",
        )
        for n in range(count)
    )
    Person.objects.bulk_create(
        Person(family=f, first_name=f"Child{f.pk}", last_name=f.family_name) for f in families
    )
    with connection.cursor() as cursor:
        # What autovacuum does to a live database: new entries moved from the GIN indexes'
        # pending lists into the indexes proper, and the tables' statistics gathered.
        for index in TRIGRAM_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE families_family")
        cursor.execute("ANALYZE families_person")
        # A few thousand rows are still small enough for the planner to read them all; turned
        # off here so the plan shows the index is usable, as it is chosen at a live size.
        cursor.execute("SET LOCAL enable_seqscan = off")


def test_the_duplicate_check_reads_the_trigram_index_among_thousands_of_families(world):
    many_families(world)
    candidates = names_may_look_alike(
        Family.objects.filter(organisation_id=world.org.pk), "Ravenswurth"
    )
    plan = candidates.values_list("pk", "family_name").explain()
    assert "families_family_name_trgm" in plan, plan


def test_the_search_reads_the_trigram_indexes_among_thousands_of_families(world):
    many_families(world)
    plan = search_families_for_user(world.key_worker, "Ravenswerth").explain()
    for index in TRIGRAM_INDEXES:
        assert index in plan, plan
    # The previous system's ids, which the search also matches, from indexes of their own.
    for index in (
        "families_family_external_id_upper",
        "families_person_external_id_upper",
        "families_case_external_id_upper",
    ):
        assert index in plan, plan
