"""The data migration that moves existing closures onto the arrangement kinds: counted as
they were counted, their words kept, and reversible."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from reviews.models import Closure
from tests.reviews.review_helpers import signed_off_closure

pytestmark = pytest.mark.django_db

migration = importlib.import_module("reviews.migrations.0002_closure_outcome_kinds_and_amendments")


def test_existing_closures_are_mapped_to_the_arrangement_kinds_and_back(world):
    closure = signed_off_closure(world)
    for old, new in [("at_home", "with_parents"), ("entered_care", "care_other")]:
        Closure.objects.filter(pk=closure.pk).update(key_outcome=old)
        migration.map_key_outcomes(apps, None)
        closure.refresh_from_db()
        assert closure.key_outcome == new
        migration.unmap_key_outcomes(apps, None)
        closure.refresh_from_db()
        assert closure.key_outcome == old

    Closure.objects.filter(pk=closure.pk).update(
        key_outcome="other", key_outcome_other="Living with her grandparents"
    )
    migration.map_key_outcomes(apps, None)
    closure.refresh_from_db()
    # "Other" stays other, with its words, until someone corrects it with an amendment.
    assert closure.key_outcome == "other"
    assert closure.key_outcome_display == "Living with her grandparents"
    assert not closure.stayed_at_home


def test_kinds_the_old_list_lacked_go_back_to_what_they_counted_as(world):
    closure = signed_off_closure(world, key_outcome="kinship_order")
    migration.unmap_key_outcomes(apps, None)
    closure.refresh_from_db()
    assert closure.key_outcome == "at_home"
