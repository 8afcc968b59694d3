"""Forms for families, their members, referrals, decisions and allocation.

Choices are always scoped: teams and services of the user's organisation, young people of the
family, workers of the case's team. Each rule of the record gives a clear message on the form.
"""

from __future__ import annotations

import copy
import datetime

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Size
from django import forms
from django.utils import timezone

from edgecare.dates import age_on
from edgecare.forms import DateInput, RowVersionFormMixin, bound_text_fields, gds_helper
from edgecare.models import Service, Team
from families.models import Case, Decision, Family, Person
from families.selectors import PossibleDuplicates
from families.services import MIN_RATIONALE_LENGTH, RATIONALE_MESSAGE, allocatable_workers

OLDEST_FOCUS_AGE = 25


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


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


FAMILY_FIELDS = [
    "family_name",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "main_language",
    "interpreter_needed",
    "interpreter_language",
    "communication_needs",
    "culture_and_identity",
]


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
    dob = cleaned.get(field)
    today = timezone.localdate()
    if is_focus and dob is None and field not in form.errors:
        form.add_error(field, "Enter the young person's date of birth")
        return
    if dob is None:
        return
    if dob > today:
        form.add_error(field, "Date of birth must be today or in the past")
    elif is_focus and age_on(dob, today) > OLDEST_FOCUS_AGE:
        form.add_error(
            field,
            f"A young person who is the focus of the work must be {OLDEST_FOCUS_AGE} or younger: "
            "check the date of birth",
        )


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
    date_of_birth = forms.DateField(
        label="Date of birth",
        widget=DateInput,
        error_messages={
            "required": "Enter the young person's date of birth",
            "invalid": "Date of birth must be a real date",
        },
    )
    gender = forms.ChoiceField(
        choices=Person.Gender.choices, initial=Person.Gender.NOT_KNOWN, widget=forms.RadioSelect
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
                Field.text("yp_date_of_birth", field_width=Fixed.TEN),
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

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "gender",
            "relationship",
            "lives_in_household",
            "is_focus",
            "statutory_plan",
            "phone",
            "notes",
        ]
        widgets = {
            "date_of_birth": DateInput,
            "gender": forms.RadioSelect,
            "statutory_plan": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "preferred_name": "Preferred name (optional)",
            "lives_in_household": "Lives in the household",
            "is_focus": "A focus of the work (a young person we aim to keep safely at home)",
            "statutory_plan": "Statutory plan",
            "phone": "Phone number (optional)",
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
        self.fields["relationship"].error_messages["required"] = (
            "Choose how this person is related to the family"
        )
        self.fields["date_of_birth"].error_messages["invalid"] = "Date of birth must be a real date"
        self.fields["date_of_birth"].label = "Date of birth (if known)"
        self.helper = gds_helper(
            "row_version",
            Field.text("first_name", field_width=Fluid.TWO_THIRDS),
            Field.text("last_name", field_width=Fluid.TWO_THIRDS),
            Field.text("preferred_name", field_width=Fluid.TWO_THIRDS),
            Field.text("date_of_birth", field_width=Fixed.TEN),
            Field.radios("gender", inline=True, small=True),
            Field.select("relationship"),
            Field.checkbox("lives_in_household"),
            Field.checkbox("is_focus"),
            Field.radios("statutory_plan", small=True),
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
        if self.instance.pk and self.instance.is_focus and not cleaned.get("is_focus"):
            on_open_case = self.instance.cases.open().exists()
            if on_open_case:
                self.add_error(
                    "is_focus",
                    "This young person is the focus of an open case: they stay a focus of the "
                    "work until the case closes",
                )
        return cleaned


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


REFERRAL_FIELDS = [
    "referral_date",
    "referral_source",
    "referrer_name",
    "referrer_contact",
    "presenting_concerns",
    "parent_requested_accommodation",
    "urgency",
    "young_people",
]


class ReferralDetailsMixin:
    """The rules every referral follows, new or edited."""

    def setup_referral_fields(self, family: Family) -> None:
        self.family = family
        people = self.fields["young_people"]
        people.queryset = family.members.filter(is_focus=True).order_by("date_of_birth", "pk")
        people.widget = forms.CheckboxSelectMultiple()
        people.label = "Which young people is the referral about?"
        people.help_text = "Only family members recorded as a focus of the work are listed."
        people.error_messages["required"] = "Choose at least one young person"
        self.fields["referral_date"].widget = DateInput()
        self.fields["referral_date"].error_messages.update(
            required="Enter the date the referral was made",
            invalid="Referral date must be a real date",
        )
        self.fields["referral_source"].error_messages["required"] = "Choose who made the referral"
        self.fields["referral_source"].label = "Who made the referral"
        self.fields["presenting_concerns"].error_messages["required"] = (
            "Enter the concerns that led to the referral"
        )
        self.fields["presenting_concerns"].widget = forms.Textarea(attrs={"rows": 6})
        self.fields["referrer_name"].label = "Referrer's name and role (optional)"
        self.fields["referrer_contact"].label = "Referrer's phone or email (optional)"

    def referral_layout(self) -> list:
        return [
            Field.checkboxes("young_people", legend_size=Size.MEDIUM),
            Field.text("referral_date", field_width=Fixed.TEN),
            Field.radios("referral_source", small=True),
            Field.text("referrer_name", field_width=Fluid.TWO_THIRDS),
            Field.text("referrer_contact", field_width=Fluid.TWO_THIRDS),
            Field.textarea("presenting_concerns", rows=6),
            Field.checkbox("parent_requested_accommodation"),
            Field.radios("urgency", small=True),
        ]

    def clean_referral(self, cleaned: dict) -> None:
        day = cleaned.get("referral_date")
        if day is None:
            return
        if day > timezone.localdate():
            self.add_error("referral_date", "Referral date must be today or in the past")
            return
        for person in cleaned.get("young_people") or []:
            if person.date_of_birth and day < person.date_of_birth:
                self.add_error(
                    "referral_date",
                    f"Referral date cannot be before {person.known_as}'s date of birth",
                )
                return


class ReferralForm(ReferralDetailsMixin, forms.ModelForm):
    """A new referral: opens a case for the family."""

    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        error_messages={"required": "Choose the service the referral is for"},
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        error_messages={"required": "Choose the team that will take the referral"},
    )

    class Meta:
        model = Case
        fields = REFERRAL_FIELDS
        widgets = {"referral_source": forms.RadioSelect, "urgency": forms.RadioSelect}

    def __init__(self, *args, family: Family, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_referral_fields(family)
        org_id = family.organisation_id
        self.fields["service"].queryset = Service.objects.filter(organisation_id=org_id)
        self.fields["team"].queryset = Team.objects.filter(
            service__organisation_id=org_id
        ).select_related("service")
        self.fields["team"].label_from_instance = lambda t: f"{t.name} ({t.service.name})"
        if not self.is_bound:
            if user.team_id:
                self.initial.setdefault("team", user.team_id)
                self.initial.setdefault("service", user.team.service_id)
            elif user.service_id:
                self.initial.setdefault("service", user.service_id)
            self.initial.setdefault("referral_date", timezone.localdate())
            focus = list(self.fields["young_people"].queryset)
            if len(focus) == 1:
                self.initial.setdefault("young_people", [focus[0].pk])
        self.helper = gds_helper(
            Field.select("service"),
            Field.select("team"),
            *self.referral_layout(),
            submit="Save referral",
        )

    def clean(self):
        cleaned = super().clean()
        if not self.family.members.exists():
            raise forms.ValidationError(
                "This family has no members recorded: add the young person before opening a case"
            )
        if not self.fields["young_people"].queryset.exists():
            raise forms.ValidationError(
                "No young person in this family is recorded as a focus of the work: add or "
                "update a family member first"
            )
        service, team = cleaned.get("service"), cleaned.get("team")
        if service and team and team.service_id != service.pk:
            self.add_error("team", f"{team.name} is not a team of {service.name}")
        self.clean_referral(cleaned)
        return cleaned


class ReferralEditForm(RowVersionFormMixin, ReferralDetailsMixin, forms.ModelForm):
    class Meta:
        model = Case
        fields = REFERRAL_FIELDS
        widgets = {"referral_source": forms.RadioSelect, "urgency": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_referral_fields(self.instance.family)
        self.helper = gds_helper(
            "row_version", *self.referral_layout(), submit="Save referral details"
        )

    def clean(self):
        cleaned = super().clean()
        self.clean_referral(cleaned)
        day = cleaned.get("referral_date")
        first_decision = self.instance.decisions.order_by("decided_on").first()
        if day and first_decision and day > first_decision.decided_on:
            self.add_error(
                "referral_date",
                "Referral date cannot be after the decision recorded on "
                f"{long_date(first_decision.decided_on)}",
            )
        return cleaned


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "outcome",
            "made_by",
            "decided_on",
            "decided_by_name",
            "attendees",
            "risks",
            "strengths",
            "rationale",
        ]
        widgets = {
            "outcome": forms.RadioSelect,
            "made_by": forms.RadioSelect,
            "decided_on": DateInput,
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "risks": forms.Textarea(attrs={"rows": 5}),
            "strengths": forms.Textarea(attrs={"rows": 5}),
            "rationale": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {
            "made_by": "Who made the decision",
            "decided_on": "Date of the decision",
            "decided_by_name": "Name and role of the person who decided (or chaired the panel)",
            "attendees": "Who attended (optional)",
            "rationale": "Why was this decision made?",
        }
        help_texts = {
            "risks": "What could go wrong for the young person, and how likely it is.",
            "strengths": "What is going well, and who in the family and around it can help.",
            "rationale": "Weigh the risks against the strengths. This is what an inspector, a "
            "new worker and the family will read to understand the decision.",
        }

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        messages = {
            "outcome": "Choose the decision",
            "made_by": "Choose who made the decision",
            "decided_on": "Enter the date of the decision",
            "decided_by_name": "Enter who made the decision",
            "risks": "Enter the risks that were weighed",
            "strengths": "Enter the strengths that were weighed",
            "rationale": RATIONALE_MESSAGE,
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        self.fields["decided_on"].error_messages["invalid"] = "Decision date must be a real date"
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate())
        self.helper = gds_helper(
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.radios("made_by", inline=True),
            Field.text("decided_on", field_width=Fixed.TEN),
            Field.text("decided_by_name"),
            Field.textarea("attendees", rows=3),
            Field.textarea("risks", rows=5),
            Field.textarea("strengths", rows=5),
            Field.textarea("rationale", rows=6),
            submit="Record decision",
        )

    def clean_rationale(self):
        rationale = (self.cleaned_data.get("rationale") or "").strip()
        if len(rationale) < MIN_RATIONALE_LENGTH:
            raise forms.ValidationError(RATIONALE_MESSAGE)
        return rationale

    def clean_decided_on(self):
        day = self.cleaned_data["decided_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("Decision date must be today or in the past")
        if day < self.case.referral_date:
            raise forms.ValidationError(
                "Decision date cannot be before the referral date "
                f"({long_date(self.case.referral_date)})"
            )
        return day


class AllocationForm(forms.Form):
    worker = forms.ModelChoiceField(
        queryset=None,
        label="Lead professional",
        empty_label="Choose a worker",
        error_messages={"required": "Choose the worker who will lead the work with this family"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text="For example: first allocation; worker on long-term leave; a male worker "
        "the young person has asked for.",
        error_messages={"required": "Enter the reason for this allocation"},
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["worker"].queryset = allocatable_workers(case.team)
        self.fields["worker"].label_from_instance = lambda u: (
            f"{u} ({u.job_title or u.get_role_display()})"
        )
        self.helper = gds_helper(Field.select("worker"), Field.text("reason"), submit="Allocate")

    def clean_worker(self):
        worker = self.cleaned_data["worker"]
        if worker.pk == self.case.lead_professional_id:
            raise forms.ValidationError(f"{worker} is already the lead professional")
        return worker
