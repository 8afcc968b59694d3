"""Forms for a case: the referral, the decision on it and the allocation of workers.

Choices are always scoped: teams and services of the user's organisation, young people of the
family, workers of the case's team. Each rule of the record gives a clear message on the form.
`families.forms` imports this module, so `edgecare.forms.bound_every_form` bounds its forms.
"""

from __future__ import annotations

import datetime

from crispy_forms_gds.layout import Field, Fixed, Fluid, Size
from django import forms
from django.utils import timezone

from edgecare.forms import DateInput, RowVersionFormMixin, TimeInput, gds_helper
from edgecare.models import Service, Team, User
from families import models_lists
from families.models import Case, Decision, Family, ListEntry
from families.services import (
    MIN_RATIONALE_LENGTH,
    RATIONALE_MESSAGE,
    allocatable_workers,
    allocation_date_problems,
    deciders_for,
)


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


REFERRAL_FIELDS = [
    "referral_date",
    "referral_time",
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
        referral_time = self.fields["referral_time"]
        referral_time.widget = TimeInput()
        referral_time.label = "Time of the referral"
        referral_time.help_text = (
            "The time it came in, on the 24-hour clock, for example 16:05. The first contact "
            "is due within 24 hours of it."
        )
        referral_time.error_messages["invalid"] = (
            "Enter the time of the referral as a real time, for example 16:05"
        )
        self.fields["referral_source"] = forms.ChoiceField(
            label="Who made the referral",
            widget=forms.RadioSelect,
            choices=models_lists.choices(
                family.organisation_id,
                ListEntry.Kind.REFERRAL_SOURCE,
                keep=getattr(self.instance, "referral_source", ""),
            ),
            error_messages={"required": "Choose who made the referral"},
        )
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
            Field.text("referral_time", field_width=Fixed.FIVE),
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
            typed = (self["referral_date"].value() or "").strip()
            if cleaned.get("referral_time") is not None and not typed:
                # A time with no date: say so, rather than only that the date is missing.
                self._errors.pop("referral_date", None)
                self.add_error(
                    "referral_date", "Enter the date of the referral as well as its time"
                )
            return
        if day > timezone.localdate():
            self.add_error("referral_date", "Referral date must be today or in the past")
            return
        moment = cleaned.get("referral_time")
        if (
            moment is not None
            and day == timezone.localdate()
            and moment > timezone.localtime().time()
        ):
            self.add_error("referral_time", "The time of the referral cannot be in the future")
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
            "decider",
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

    def __init__(self, *args, case: Case, recorded_by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        # A manager recording the decision is the decider; a key worker names who confirms it.
        deciders = deciders_for(case)
        if recorded_by.is_manager:
            del self.fields["decider"]
        else:
            decider = self.fields["decider"]
            decider.queryset = deciders
            decider.required = True
            decider.empty_label = "Choose a manager"
            decider.label_from_instance = lambda u: f"{u} ({u.job_title or u.get_role_display()})"
            decider.help_text = (
                "The manager who decided, or who chaired the panel. The decision is pending "
                "until they confirm it."
            )
            decider.error_messages["required"] = (
                "Choose the manager or panel chair who will confirm the decision"
            )
            decider.error_messages["invalid_choice"] = (
                "Choose the manager or panel chair from the list"
            )
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
            *([Field.select("decider")] if "decider" in self.fields else []),
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

    effective_on = forms.DateField(
        label="From when",
        widget=DateInput,
        required=False,
        help_text="The day the worker took the case on, for example 27 3 2026. It may be a "
        "few days ago. Left empty, it is today.",
        error_messages={"invalid": "Enter the date the allocation takes effect as a real date"},
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["worker"].queryset = allocatable_workers(case.team)
        self.fields["worker"].label_from_instance = lambda u: (
            f"{u} ({u.job_title or u.get_role_display()})"
        )
        self.initial.setdefault("effective_on", timezone.localdate())
        self.helper = gds_helper(
            Field.select("worker"),
            Field.text("effective_on", field_width=Fixed.TEN),
            Field.text("reason"),
            submit="Allocate",
        )

    def clean_effective_on(self):
        day = self.cleaned_data["effective_on"] or timezone.localdate()
        for problem in allocation_date_problems(self.case, day):
            raise forms.ValidationError(problem)
        return day

    def clean_worker(self):
        worker = self.cleaned_data["worker"]
        if worker.pk == self.case.lead_professional_id:
            raise forms.ValidationError(f"{worker} is already the lead professional")
        return worker
