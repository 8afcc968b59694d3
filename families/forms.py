"""Forms for families and their members.

Choices are always scoped: teams and services of the user's organisation, young people of the
family. Each rule of the record gives a clear message on the form. The forms for a case
(referral, decision, allocation) are in `families.case_forms`.
"""

from __future__ import annotations

import copy

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Size
from django import forms
from django.utils import timezone

from edgecare.dates import age_on
from edgecare.forms import (
    DateInput,
    MemorableDateField,
    RowVersionFormMixin,
    bound_text_fields,
    gds_helper,
)

# bound_every_form discovers modules named forms: the case forms are bounded through this import.
from families import (
    case_forms,  # noqa: F401
    household_forms,  # noqa: F401 - bounded the same way (arrangements, legal status)
    models_lists,
)
from families.matching import PossibleDuplicates
from families.models import Family, ListEntry, Person
from families.services import date_of_birth_problems


class DuplicateCheckMixin:
    """Adds the "continue anyway" step: when likely matches were found, saving needs the worker
    to confirm they checked. `duplicates` is set by the view before validation."""

    confirm_label = "I have checked: this is not the same family"

    def __init__(self, *args, duplicates: PossibleDuplicates | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = duplicates or PossibleDuplicates()
        if self.duplicates:
            self.fields["not_a_duplicate"] = forms.BooleanField(
                label=self.confirm_label, required=False
            )

    def clean(self):
        cleaned = super().clean()
        if self.duplicates and not cleaned.get("not_a_duplicate"):
            self.add_error(
                "not_a_duplicate",
                "Check the possible matches shown above. If this is not the same, tick the box "
                "to confirm, then save again.",
            )
        return cleaned

    def confirm_layout(self) -> list:
        return [Field.checkbox("not_a_duplicate")] if self.duplicates else []


FAMILY_FIELDS = Family.DETAILS


def family_layout() -> list:
    return [
        Field.text("family_name", field_width=Fluid.TWO_THIRDS),
        Fieldset(
            Field.text("address_line_1"),
            Field.text("address_line_2"),
            Field.text("town", field_width=Fluid.TWO_THIRDS),
            Field.text("postcode", field_width=Fixed.TEN),
            legend="Address",
            legend_size=Size.MEDIUM,
        ),
        Field.text("phone", field_width=Fixed.TWENTY),
        Fieldset(
            Field.text("main_language", field_width=Fluid.ONE_HALF),
            Field.checkbox("interpreter_needed"),
            Field.text("interpreter_language", field_width=Fluid.ONE_HALF),
            Field.textarea("communication_needs", rows=3),
            Field.textarea("culture_and_identity", rows=3),
            legend="Language, communication and identity",
            legend_size=Size.MEDIUM,
        ),
    ]


def clean_family_language(form: forms.Form, cleaned: dict) -> None:
    if (
        cleaned.get("interpreter_needed")
        and not (cleaned.get("interpreter_language") or "").strip()
    ):
        form.add_error("interpreter_language", "Enter the language the interpreter should speak")


class FamilyForm(RowVersionFormMixin, DuplicateCheckMixin, forms.ModelForm):
    class Meta:
        model = Family
        fields = FAMILY_FIELDS
        labels = {"interpreter_needed": "The family needs an interpreter"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family_name"].error_messages["required"] = "Enter the family's name"
        self.fields["main_language"].required = False
        self.helper = gds_helper(
            "row_version", *family_layout(), *self.confirm_layout(), submit="Save family details"
        )

    def clean(self):
        cleaned = super().clean()
        clean_family_language(self, cleaned)
        if not (cleaned.get("main_language") or "").strip():
            cleaned["main_language"] = "English"
        return cleaned


def validate_date_of_birth(
    form: forms.Form, cleaned: dict, *, is_focus: bool, field="date_of_birth"
):
    if field in form.errors:
        return  # not a date (or a date in the future): the field itself has said so
    for problem in date_of_birth_problems(cleaned.get(field), is_focus=is_focus):
        form.add_error(field, problem)


class FocusYoungPersonForm(forms.Form):
    """The first young person of a new family (fields prefixed so they sit beside the family's)."""

    first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter the young person's first name"},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the young person's last name"},
    )
    preferred_name = forms.CharField(
        max_length=100, required=False, label="Preferred name (optional)"
    )
    date_of_birth = MemorableDateField(
        label="Date of birth",
        what="Date of birth",
        not_in_future=True,
        error_messages={"required": "Enter the young person's date of birth"},
    )
    gender = forms.ChoiceField(
        choices=Person.Gender.choices,
        initial=Person.Gender.NOT_KNOWN,
        label="Gender",
        widget=forms.RadioSelect,
    )
    statutory_plan = forms.ChoiceField(
        choices=Person.StatutoryPlan.choices,
        initial=Person.StatutoryPlan.NONE,
        label="Statutory plan",
        widget=forms.RadioSelect,
    )


class NewFamilyForm(DuplicateCheckMixin, forms.Form):
    """A new family and its first focus young person, on one page, saved together."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        family_fields = forms.fields_for_model(
            Family,
            fields=FAMILY_FIELDS,
            labels={"interpreter_needed": "The family needs an interpreter"},
        )
        # Made here, not declared, so the start-up pass over form classes never saw them.
        bound_text_fields(family_fields)
        for name, field in family_fields.items():
            self.fields[name] = field
        self.fields["family_name"].error_messages["required"] = "Enter the family's name"
        self.fields["main_language"].required = False
        for name, field in FocusYoungPersonForm.base_fields.items():
            self.fields[f"yp_{name}"] = copy.deepcopy(field)
        # Keep the young person's fields after the family's, and the confirmation last.
        if "not_a_duplicate" in self.fields:
            self.fields["not_a_duplicate"] = self.fields.pop("not_a_duplicate")
        self.helper = gds_helper(
            *family_layout(),
            Fieldset(
                Field.text("yp_first_name", field_width=Fluid.TWO_THIRDS),
                Field.text("yp_last_name", field_width=Fluid.TWO_THIRDS),
                Field.text("yp_preferred_name", field_width=Fluid.TWO_THIRDS),
                Field("yp_date_of_birth"),
                Field.radios("yp_gender", inline=True, small=True),
                Field.radios("yp_statutory_plan", small=True),
                legend="The young person the referral is about",
                legend_size=Size.MEDIUM,
            ),
            *self.confirm_layout(),
            submit="Save family and continue",
        )

    def clean(self):
        cleaned = super().clean()
        clean_family_language(self, cleaned)
        if not (cleaned.get("main_language") or "").strip():
            cleaned["main_language"] = "English"
        validate_date_of_birth(self, cleaned, is_focus=True, field="yp_date_of_birth")
        return cleaned

    def family_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in FAMILY_FIELDS}

    def young_person_fields(self) -> dict:
        return {name: self.cleaned_data[f"yp_{name}"] for name in FocusYoungPersonForm.base_fields}


class PersonForm(RowVersionFormMixin, DuplicateCheckMixin, forms.ModelForm):
    confirm_label = "I have checked: this is not the same person"
    date_of_birth = MemorableDateField(
        label="Date of birth (if known)", what="Date of birth", not_in_future=True, required=False
    )

    class Meta:
        model = Person
        fields = Person.DETAILS
        widgets = {
            "gender": forms.RadioSelect,
            "statutory_plan": forms.RadioSelect,
            "parental_responsibility": forms.RadioSelect,
            "judged_competent_on": DateInput,
            "cares_for": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "preferred_name": "Preferred name (optional)",
            "lives_in_household": "Lives in the household",
            "is_focus": "A focus of the work (a young person we aim to keep safely at home)",
            "statutory_plan": "Statutory plan",
            "phone": "Phone number (optional)",
            "safety_note": "Safety note (staff only)",
        }
        help_texts = {
            "relationship": "Fathers, step-fathers and male carers are part of the family's "
            "record as much as mothers are.",
        }

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["first_name"].error_messages["required"] = "Enter the first name"
        self.fields["last_name"].error_messages["required"] = "Enter the last name"
        self.fields["relationship"] = forms.ChoiceField(
            label="Relationship",
            choices=[
                ("", "Choose a relationship"),
                *models_lists.choices(
                    family.organisation_id,
                    ListEntry.Kind.RELATIONSHIP,
                    keep=self.instance.relationship,
                ),
            ],
            help_text="Fathers, step-parents, partners and every other carer are part of the "
            "family's record as much as mothers are.",
            error_messages={"required": "Choose how this person is related to the family"},
        )
        # Not asked on every form (a quick add of a sibling): left out means none.
        self.fields["parental_responsibility"].required = False
        # Competence to consent is a young person's question: an adult's page does not ask it.
        asks_competence = not self.instance.pk or self.instance.is_young_person
        if not asks_competence:
            del self.fields["judged_competent_on"]
            del self.fields["competence_reasons"]
        others = family.members.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["cares_for"].queryset = others
        self.fields["cares_for"].label_from_instance = lambda p: p.full_name
        self.fields["cares_for"].help_text = "Only for a young carer."
        self.helper = gds_helper(
            "row_version",
            Field.text("first_name", field_width=Fluid.TWO_THIRDS),
            Field.text("last_name", field_width=Fluid.TWO_THIRDS),
            Field.text("preferred_name", field_width=Fluid.TWO_THIRDS),
            Field("date_of_birth"),
            Field.radios("gender", inline=True, small=True),
            Field.select("relationship"),
            Field.checkbox("lives_in_household"),
            Field.checkbox("is_focus"),
            Field.radios("statutory_plan", small=True),
            Fieldset(
                Field.checkbox("is_carer"),
                Field.radios("parental_responsibility", small=True),
                Field.text("parental_responsibility_details"),
                *(
                    [
                        Field.text("judged_competent_on", field_width=Fixed.TEN),
                        Field.textarea("competence_reasons", rows=3),
                    ]
                    if asks_competence
                    else []
                ),
                legend="Caring, parental responsibility and consent",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkbox("is_young_carer"),
                Field.checkboxes("cares_for", small=True),
                legend="Young carer",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("safety_note", rows=3),
            Field.text("phone", field_width=Fixed.TWENTY),
            Field.textarea("notes", rows=3),
            *self.confirm_layout(),
            submit="Save family member",
        )

    def clean(self):
        cleaned = super().clean()
        validate_date_of_birth(self, cleaned, is_focus=bool(cleaned.get("is_focus")))
        first = (cleaned.get("first_name") or "").strip()
        last = (cleaned.get("last_name") or "").strip()
        dob = cleaned.get("date_of_birth")
        if first and last:
            same = Person.objects.filter(
                family=self.family,
                first_name__iexact=first,
                last_name__iexact=last,
                date_of_birth=dob,
            )
            if self.instance.pk:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error(
                    "first_name",
                    f"{first} {last} is already recorded in this family with the same date of "
                    "birth",
                )
        self._clean_responsibility_and_caring(cleaned)
        if self.instance.pk and self.instance.is_focus and not cleaned.get("is_focus"):
            on_open_case = self.instance.cases.open().exists()
            if on_open_case:
                self.add_error(
                    "is_focus",
                    "This young person is the focus of an open case: they stay a focus of the "
                    "work until the case closes",
                )
        return cleaned

    def _clean_responsibility_and_caring(self, cleaned: dict) -> None:
        if "parental_responsibility" not in self.errors:
            cleaned["parental_responsibility"] = (
                cleaned.get("parental_responsibility") or Person.ParentalResponsibility.NONE
            )
        responsibility = cleaned.get("parental_responsibility")
        by_order = {
            Person.ParentalResponsibility.ORDER,
            Person.ParentalResponsibility.SPECIAL_GUARDIANSHIP,
            Person.ParentalResponsibility.ADOPTION,
            Person.ParentalResponsibility.AGREEMENT,
        }
        if responsibility in by_order and not cleaned.get("parental_responsibility_details"):
            self.add_error(
                "parental_responsibility_details",
                "Say how parental responsibility is held: which order or agreement, and when",
            )
        competent_on = cleaned.get("judged_competent_on")
        if competent_on:
            self._clean_competence(cleaned, competent_on)
        elif (cleaned.get("competence_reasons") or "").strip():
            self.add_error("judged_competent_on", "Enter the date they were judged competent")
        cares_for = cleaned.get("cares_for")
        if cares_for:
            # Choosing whom they look after says they are a young carer.
            cleaned["is_young_carer"] = True
        elif cleaned.get("is_young_carer"):
            self.add_error("cares_for", "Choose whom the young carer looks after")

    def _clean_competence(self, cleaned: dict, competent_on) -> None:
        dob = cleaned.get("date_of_birth")
        young = cleaned.get("is_focus") or cleaned.get("relationship") == (
            Person.Relationship.YOUNG_PERSON
        )
        if competent_on > timezone.localdate():
            self.add_error("judged_competent_on", "The date must be today or in the past")
        elif not young:
            self.add_error(
                "judged_competent_on",
                "Only a young person is judged competent to give consent: clear the date",
            )
        elif dob and competent_on < dob:
            self.add_error("judged_competent_on", "The date cannot be before their date of birth")
        elif dob and age_on(dob, competent_on) >= Person.CONSENT_AGE:
            self.add_error(
                "judged_competent_on",
                f"At {Person.CONSENT_AGE} or over a young person gives consent for themselves: "
                "clear the date",
            )
        if not (cleaned.get("competence_reasons") or "").strip():
            self.add_error("competence_reasons", "Say who judged them competent and what showed it")


class FamilyArchiveForm(forms.Form):
    reason = forms.CharField(
        label="Why is this family's record being archived?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the family's record is being archived"},
        help_text="For example: recorded twice by mistake (say which record is the right one), "
        "or the family has moved away. The record is kept, never deleted.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reason", rows=4), submit="Archive family")

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError("Say in a sentence why the record is being archived")
        return reason


class FamilySearchForm(forms.Form):
    q = forms.CharField(
        label="Family name or a family member's name",
        max_length=100,
        required=False,
    )
