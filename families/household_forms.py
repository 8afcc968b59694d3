"""Forms for where each young person lives and the legal status and orders they are under.

Built for one case (`case=`): the young people are the case's, the people lived with or named
by an order are the family's. Dates are refused after today or before the young person was
born, and a period never ends before it starts; overlaps with other records are checked by the
service (families.services), whose refusal shows on the form.
"""

from __future__ import annotations

import datetime

from crispy_forms_gds.layout import Field, Fixed
from django import forms
from django.utils import timezone

from edgecare.dates import age_on
from edgecare.forms import DateInput, RowVersionFormMixin
from families.models import (
    ArrangementKind,
    LegalStatus,
    LivingArrangement,
    Person,
)
from families.models_household import (
    IN_CARE,
    SUPPORTED_LIVING_FROM_AGE,
    WITH_FAMILY_MEMBERS,
)
from families.record_forms import (
    CaseRecordForm,
    EndDateForm,
    PersonChoiceField,
    family_people_field,
)


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _others(case, young_people: list[Person]):
    """The family members a young person can live with or an order can name: everyone, less
    the young person when the case is about one (with several, brothers and sisters on the
    same case may live together)."""
    members = case.family.members.all()
    if len(young_people) == 1:
        members = members.exclude(pk=young_people[0].pk)
    return members


class YoungPersonDatesMixin:
    """The shared date checks: not after today, not before the young person was born, and an
    end after (or, for plans and orders, on or after) the start."""

    end_may_equal_start = False
    start_label = "The start date"
    end_label = "The end date"

    def _young_person(self) -> Person | None:
        person = self.cleaned_data.get("young_person")
        return person or getattr(self.instance, "young_person", None)

    def check_dates(self, cleaned: dict) -> None:
        today = timezone.localdate()
        person = self._young_person()
        born = person.date_of_birth if person else None
        for name, label in (("started_on", self.start_label), ("ended_on", self.end_label)):
            day = cleaned.get(name)
            if day is None:
                continue
            if day > today:
                self.add_error(name, f"{label} must be today or in the past")
            elif born and day < born:
                self.add_error(
                    name,
                    f"{label} must be on or after {person.full_name}'s date of birth "
                    f"({_long(born)})",
                )
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        too_early = (
            started
            and ended
            and (ended < started or (ended == started and not self.end_may_equal_start))
        )
        if too_early:
            word = "on or after" if self.end_may_equal_start else "after"
            self.add_error(
                "ended_on", f"{self.end_label} must be {word} {self.start_label.lower()}"
            )


class YoungPersonRecordForm(YoungPersonDatesMixin, CaseRecordForm):
    """A record about one of the case's young people (where they live, a plan or order) that
    names other people of the family in its `people_field` (whom they live with, whom an order
    names). With only one young person on the case, they are chosen already."""

    people_field = ""

    young_person = PersonChoiceField(
        queryset=Person.objects.none(), widget=forms.RadioSelect, label="Which young person"
    )

    def __init__(self, *args, case, young_person: Person | None = None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        young_people = list(case.young_people.all())
        self.fields["young_person"].queryset = case.young_people.all()
        self.fields[self.people_field].queryset = _others(case, young_people)
        if young_person is None and len(young_people) == 1:
            young_person = young_people[0]
        if young_person is not None:
            self.fields["young_person"].initial = young_person.pk


class ArrangementForm(YoungPersonRecordForm):
    submit_label = "Save where they live"
    start_label = "The date they started living there"
    end_label = "The date they moved out"
    people_field = "lives_with"

    lives_with = family_people_field(
        label="Who they live with",
        help_text="The people of the family in the same home. Add a relative or friend to the "
        "family first if they are not listed.",
    )

    class Meta:
        model = LivingArrangement
        fields = [
            "young_person",
            "kind",
            "lives_with",
            "place",
            "care_basis",
            "started_on",
            "ended_on",
            "reason",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "care_basis": forms.RadioSelect,
            "started_on": DateInput,
            "ended_on": DateInput,
        }
        labels = {"ended_on": "Moved out on (only for an earlier arrangement)"}
        help_texts = {
            "ended_on": "Leave empty if this is where they live now: where they lived before "
            "ends on this date.",
            "reason": "For example: moved to her aunt's after the arguments at home became "
            "unsafe; the family and social worker agreed.",
            "care_basis": "Only for a young person in care.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ArrangementKind.choices
        if not self.instance.pk:
            self.fields["started_on"].initial = timezone.localdate()

    def layout(self) -> list:
        return [
            Field.radios("young_person", legend_size="s", small=True),
            Field.radios("kind", legend_size="m"),
            Field.checkboxes("lives_with", legend_size="s", small=True),
            Field.text("place"),
            Field.radios("care_basis", legend_size="s", small=True),
            Field.text("started_on", field_width=Fixed.TEN),
            Field.text("ended_on", field_width=Fixed.TEN),
            Field.textarea("reason", rows=4),
        ]

    def clean(self):
        cleaned = super().clean()
        self.check_dates(cleaned)
        kind = cleaned.get("kind")
        person = self._young_person()
        people = list(cleaned.get("lives_with") or [])
        if person is not None and person in people:
            self.add_error("lives_with", "Choose the people they live with, not themselves")
        if kind in WITH_FAMILY_MEMBERS and not people:
            self.add_error("lives_with", "Choose who of the family they live with")
        if kind in IN_CARE and not cleaned.get("care_basis"):
            self.add_error(
                "care_basis", "Say whether they are in care under section 20 or an order"
            )
        if kind and kind not in IN_CARE and cleaned.get("care_basis"):
            cleaned["care_basis"] = ""
        if kind == ArrangementKind.OTHER and not (cleaned.get("place") or "").strip():
            self.add_error("place", "Say where they live")
        started = cleaned.get("started_on")
        born = person.date_of_birth if person else None
        age = age_on(born, started) if born and started else None
        too_young = age is not None and age < SUPPORTED_LIVING_FROM_AGE
        if kind == ArrangementKind.SUPPORTED_LIVING and too_young:
            self.add_error(
                "kind",
                f"Supported or independent living is for young people aged "
                f"{SUPPORTED_LIVING_FROM_AGE} or over: {person.full_name} was {age} "
                "on that date",
            )
        return cleaned


class ArrangementEditForm(RowVersionFormMixin, ArrangementForm):
    submit_label = "Save the correction"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Corrected, never moved to another young person.
        self.fields["young_person"].disabled = True
        self.fields["ended_on"].label = "Moved out on"
        self.fields["ended_on"].help_text = "Leave empty if this is where they live now."


class LegalStatusForm(YoungPersonRecordForm):
    submit_label = "Save the plan or order"
    end_may_equal_start = True
    start_label = "The date it started"
    end_label = "The date it ended"
    people_field = "people_named"

    people_named = family_people_field(
        label="People the order names",
        help_text="For a child arrangements or special guardianship order: who the young "
        "person lives with, or the special guardians.",
    )

    class Meta:
        model = LegalStatus
        fields = [
            "young_person",
            "kind",
            "protection_category",
            "people_named",
            "started_on",
            "ended_on",
            "notes",
        ]
        widgets = {
            "protection_category": forms.RadioSelect,
            "started_on": DateInput,
            "ended_on": DateInput,
        }
        help_texts = {"ended_on": "Leave empty if it is still in force."}
        labels = {"protection_category": "Category (child protection plans only)"}

    def layout(self) -> list:
        return [
            Field.radios("young_person", legend_size="s", small=True),
            Field.select("kind"),
            Field.radios("protection_category", legend_size="s", small=True),
            Field.checkboxes("people_named", legend_size="s", small=True),
            Field.text("started_on", field_width=Fixed.TEN),
            Field.text("ended_on", field_width=Fixed.TEN),
            Field.textarea("notes", rows=3),
        ]

    def clean(self):
        cleaned = super().clean()
        self.check_dates(cleaned)
        kind = cleaned.get("kind")
        if kind == LegalStatus.Kind.CHILD_PROTECTION and not cleaned.get("protection_category"):
            self.add_error(
                "protection_category", "Choose the category of the child protection plan"
            )
        if kind and kind != LegalStatus.Kind.CHILD_PROTECTION:
            cleaned["protection_category"] = ""
        people = list(cleaned.get("people_named") or [])
        if kind in LegalStatus.NAMING_PEOPLE and not people:
            self.add_error("people_named", "Choose the people the order names")
        person = self._young_person()
        if person is not None and person in people:
            self.add_error(
                "people_named", "Choose the people the order names, not the young person"
            )
        return cleaned


class LegalStatusEditForm(RowVersionFormMixin, LegalStatusForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["young_person"].disabled = True


class LegalStatusEndForm(YoungPersonDatesMixin, EndDateForm):
    submit_label = "Record the end"
    end_may_equal_start = True
    start_label = "The date it started"
    end_label = "The date it ended"

    class Meta:
        model = LegalStatus
        fields = ["ended_on"]
        widgets = {"ended_on": DateInput}
        labels = {"ended_on": "Date it ended"}

    def clean(self):
        cleaned = super().clean()
        self.check_dates({**cleaned, "started_on": self.instance.started_on})
        return cleaned
