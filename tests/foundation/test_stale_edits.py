"""Two workers editing one record: the second, stale save is refused and nothing is lost."""

import pytest
from django import forms
from django.db import transaction
from django.urls import reverse

from edgecare.forms import RowVersionFormMixin
from edgecare.models import StaleRecordError
from families.models import Contact, Family
from tests.assertions import assert_refused_with
from tests.factories import ContactFactory
from tests.security.test_form_integrity import filled

pytestmark = pytest.mark.django_db


class FamilyDetailsForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Family
        fields = ["family_name", "communication_needs"]


def my_save(family, communication_needs: str, row_version) -> FamilyDetailsForm:
    """The form as I submit it, from the version I opened, against the record as it is now."""
    return FamilyDetailsForm(
        data={
            "family_name": family.family_name,
            "communication_needs": communication_needs,
            "row_version": row_version,
        },
        instance=Family.objects.get(pk=family.pk),
    )


def test_a_stale_save_is_refused_naming_what_changed_and_keeping_my_text(world):
    family = world.case.family
    opened_by_me = FamilyDetailsForm(instance=family)["row_version"].value()

    family.communication_needs = "Dad reads best with large print."  # a colleague saves first
    family.save()

    mine = my_save(family, "My careful note about texting, not calling.", opened_by_me)
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
    first = my_save(family, "Mine", opened_by_me)
    assert not first.is_valid()
    second = FamilyDetailsForm(data=first.data, instance=Family.objects.get(pk=family.pk))
    assert second.is_valid(), second.errors
    second.save()
    family.refresh_from_db()
    assert family.communication_needs == "Mine"


# The save itself: conditional on the version the copy was read at (CaseRecord.save).


def test_saving_the_same_copy_twice_in_a_row_works_and_counts_both_versions(world):
    family = world.case.family
    start = family.row_version
    family.communication_needs = "First"
    family.save()
    family.communication_needs = "Second"
    family.save()
    family.refresh_from_db()
    assert (family.row_version, family.communication_needs) == (start + 2, "Second")


def test_a_copy_read_before_a_colleagues_save_cannot_overwrite_it(world):
    mine = Family.objects.get(pk=world.case.family_id)
    colleagues = Family.objects.get(pk=world.case.family_id)
    colleagues.communication_needs = "The colleague's change."
    colleagues.save()

    mine.communication_needs = "My stale change."
    # As with IntegrityError, a caller inside a transaction that carries on catches it outside
    # an atomic block of its own.
    with pytest.raises(StaleRecordError), transaction.atomic():
        mine.save()
    assert mine.row_version == colleagues.row_version - 1  # unchanged: the save never happened
    assert Family.objects.get(pk=mine.pk).communication_needs == "The colleague's change."


def test_a_partial_save_moves_the_version_on_keeps_history_and_the_change_time(world):
    family = Family.objects.get(pk=world.case.family_id)
    before = (family.row_version, family.updated_at, family.history.count())
    family.communication_needs = "Large print, please."
    family.save(update_fields=["communication_needs"])
    family.refresh_from_db()
    assert family.row_version == before[0] + 1
    assert family.updated_at > before[1]
    assert family.history.count() == before[2] + 1
    assert family.history.first().communication_needs == "Large print, please."


def test_a_save_that_loses_the_race_after_the_check_shows_the_warning_with_my_text(
    world, signed_in, monkeypatch
):
    """A colleague's save lands between the form's check and the write: the write refuses
    (StaleRecordError), and the page shows the stale warning with the worker's text kept."""
    contact = ContactFactory(case=world.case, recorded_by=world.key_worker)
    client = signed_in(world.key_worker)
    url = reverse("families:contact_edit", args=[world.case.pk, contact.pk])
    data = filled(client.get(url), editing=True) | {"next_steps": "My careful next steps."}
    colleagues = Contact.objects.get(pk=contact.pk)
    colleagues.purpose = "The colleague's purpose."
    colleagues.save()

    # The form's check ran just before the colleague saved: it passes once, as it did then.
    checked = []
    real_clean = RowVersionFormMixin.clean

    def check_passed_just_before(form):
        if checked:
            return real_clean(form)
        checked.append(form)
        form.instance.row_version = form.cleaned_data["row_version"]
        return forms.ModelForm.clean(form)

    monkeypatch.setattr(RowVersionFormMixin, "clean", check_passed_just_before)
    response = client.post(url, data)

    assert checked, "the page's form was not checked"
    assert_refused_with(
        response, "Someone else saved changes to this record", "My careful next steps."
    )
    contact.refresh_from_db()
    assert (contact.purpose, contact.row_version) == ("The colleague's purpose.", 1)
