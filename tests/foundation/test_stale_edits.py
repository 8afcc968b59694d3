"""Two workers editing one record: the second, stale save is refused and nothing is lost."""

import pytest
from django import forms

from edgecare.forms import RowVersionFormMixin
from families.models import Family

pytestmark = pytest.mark.django_db


class FamilyDetailsForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Family
        fields = ["family_name", "communication_needs"]


def test_a_stale_save_is_refused_naming_what_changed_and_keeping_my_text(world):
    family = world.case.family
    opened_by_me = FamilyDetailsForm(instance=family)["row_version"].value()

    family.communication_needs = "Dad reads best with large print."  # a colleague saves first
    family.save()

    mine = FamilyDetailsForm(
        data={
            "family_name": family.family_name,
            "communication_needs": "My careful note about texting, not calling.",
            "row_version": opened_by_me,
        },
        instance=Family.objects.get(pk=family.pk),
    )
    assert not mine.is_valid()
    message = mine.non_field_errors()[0]
    assert "Someone else saved changes" in message
    assert "communication needs" in message
    assert mine.data["communication_needs"] == "My careful note about texting, not calling."
    family.refresh_from_db()
    assert family.communication_needs == "Dad reads best with large print."


def test_having_seen_the_warning_the_worker_can_save_again(world):
    family = world.case.family
    opened_by_me = family.row_version
    family.communication_needs = "A colleague's change."
    family.save()
    first = FamilyDetailsForm(
        data={
            "family_name": family.family_name,
            "communication_needs": "Mine",
            "row_version": opened_by_me,
        },
        instance=Family.objects.get(pk=family.pk),
    )
    assert not first.is_valid()
    second = FamilyDetailsForm(data=first.data, instance=Family.objects.get(pk=family.pk))
    assert second.is_valid(), second.errors
    second.save()
    family.refresh_from_db()
    assert family.communication_needs == "Mine"
