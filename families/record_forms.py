"""Forms for the records kept on a case: contacts, case events, agencies, significant-event
analysis, consent and information sharing.

Every form is built for one case (`case=`): its choices (family members, consent records) come
from that case only, and its dates are checked against that case's referral and young people.
"""

from __future__ import annotations

import datetime

from crispy_forms_gds.layout import Field, Fixed
from django import forms
from django.utils import timezone

from edgecare.forms import DateInput, RowVersionFormMixin, TimeInput, gds_helper
from families import models_lists
from families.models import (
    AgencyInvolvement,
    Case,
    CaseEvent,
    ConsentRecord,
    Contact,
    InformationShare,
    ListEntry,
    Person,
    SignificantEvent,
)

MAX_CONTACT_MINUTES = 24 * 60


def _past_date(
    day: datetime.date | None,
    what: str,
    *,
    not_before: datetime.date | None = None,
    since: str = "",
    code: str | None = None,
) -> datetime.date | None:
    """A record's date as its form cleans it: refused, naming `what`, if it is after today or
    before `not_before` (`since` says what that date is, for example "the referral date")."""
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(f"{what} must be today or in the past", code="future")
    if day is not None and not_before is not None and day < not_before:
        raise forms.ValidationError(
            f"{what} must be on or after {since} ({not_before:%-d %B %Y})", code=code
        )
    return day


class _NamedWithRelationship:
    """Each family member offered by name and relationship, so two people of one name (a
    mother and daughter, say) can be told apart."""

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} ({obj.get_relationship_display()})"


class PersonChoiceField(_NamedWithRelationship, forms.ModelChoiceField):
    pass


class PeopleChoiceField(_NamedWithRelationship, forms.ModelMultipleChoiceField):
    pass


def family_people_field(*, label: str, help_text: str) -> PeopleChoiceField:
    """Tick boxes for people of the family, none of them required. The form offers the case's
    family in its `__init__`."""
    return PeopleChoiceField(
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=label,
        help_text=help_text,
    )


class CaseRecordForm(forms.ModelForm):
    """A ModelForm for one case. Subclasses list their layout in `layout()`; the hidden
    row_version of RowVersionFormMixin is added to it when the mixin is in use."""

    submit_label = "Save"

    def __init__(self, *args, case: Case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def layout(self) -> list:
        return [name for name in self.fields if name != "row_version"]

    @property
    def helper(self):
        fields = list(self.layout())
        if "row_version" in self.fields:
            fields.append(Field("row_version"))
        return gds_helper(*fields, submit=self.submit_label)


# Contacts


class ContactForm(CaseRecordForm):
    submit_label = "Save contact"

    people_seen = family_people_field(
        label="Who was seen",
        help_text="Select everyone who took part. Leave empty if nobody from the family was seen.",
    )

    class Meta:
        model = Contact
        fields = [
            "contact_date",
            "start_time",
            "duration_minutes",
            "contact_type",
            "people_seen",
            "young_person_seen_alone",
            "purpose",
            "what_happened",
            "next_steps",
        ]
        widgets = {
            "contact_date": DateInput,
            "start_time": TimeInput,
            "contact_type": forms.RadioSelect,
            "duration_minutes": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
        }
        labels = {
            "start_time": "Start time",
            "young_person_seen_alone": "The young person was seen alone",
            "what_happened": "What happened",
            "next_steps": "Next steps",
        }
        help_texts = {
            "start_time": "For example 18:30. Evenings, weekends and bank holidays are marked "
            "out of hours automatically.",
            "duration_minutes": "Up to 1440 (24 hours).",
        }

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["people_seen"].queryset = case.family.members.all()
        if not self.instance.pk:
            self.fields["contact_date"].initial = timezone.localdate()
        # One clear message for every out-of-range duration (clean_duration_minutes), rather
        # than the generic "greater than or equal to 0" of a positive integer field.
        self.fields["duration_minutes"].validators = []

    def layout(self) -> list:
        return [
            Field.text("contact_date", field_width=Fixed.TEN),
            Field.text("start_time", field_width=Fixed.FIVE),
            Field.text("duration_minutes", field_width=Fixed.FIVE),
            Field.radios("contact_type", legend_size="s", small=True),
            Field.checkboxes("people_seen", legend_size="s", small=True),
            Field.checkbox("young_person_seen_alone", small=True),
            Field.text("purpose"),
            Field.textarea("what_happened", rows=8),
            Field.textarea("next_steps", rows=4),
        ]

    def clean_contact_date(self):
        return _past_date(
            self.cleaned_data["contact_date"],
            "The date of the contact",
            not_before=self.case.referral_date,
            since="the referral date",
            code="before_referral",
        )

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if minutes is None or minutes < 1:
            raise forms.ValidationError("The duration must be at least 1 minute", code="too_short")
        if minutes > MAX_CONTACT_MINUTES:
            raise forms.ValidationError(
                "The duration must be 1440 minutes (24 hours) or less", code="too_long"
            )
        return minutes

    def clean(self):
        cleaned = super().clean()
        day, start = cleaned.get("contact_date"), cleaned.get("start_time")
        now = timezone.localtime()
        if day == now.date() and start is not None and start > now.time():
            self.add_error(
                "start_time",
                forms.ValidationError(
                    "The start time must be now or earlier: record a contact once it has started",
                    code="future",
                ),
            )
        if cleaned.get("young_person_seen_alone"):
            seen = cleaned.get("people_seen") or []
            young_people = set(self.case.young_people.values_list("pk", flat=True))
            if not any(
                p.pk in young_people or p.relationship == Person.Relationship.YOUNG_PERSON
                for p in seen
            ):
                self.add_error(
                    "young_person_seen_alone",
                    forms.ValidationError(
                        "Select the young person under who was seen, or untick 'seen alone'",
                        code="alone_without_young_person",
                    ),
                )
        return cleaned


class ContactEditForm(RowVersionFormMixin, ContactForm):
    pass


# Case events


class CaseEventForm(CaseRecordForm):
    submit_label = "Save event"

    class Meta:
        model = CaseEvent
        fields = ["event_date", "kind", "summary", "source"]
        widgets = {"event_date": DateInput, "kind": forms.RadioSelect}
        labels = {"kind": "What happened", "summary": "Summary"}
        help_texts = {
            "summary": "What happened, in a sentence. For example: 'Missing overnight, found "
            "by police at a friend's flat at 7am'.",
            "source": "For example: police, school, mother.",
        }

    def layout(self) -> list:
        return [
            Field.text("event_date", field_width=Fixed.TEN),
            Field.radios("kind", legend_size="s", small=True),
            Field.text("summary"),
            Field.text("source", field_width="two-thirds"),
        ]

    def clean_event_date(self):
        births = [
            p.date_of_birth for p in self.case.young_people.all() if p.date_of_birth is not None
        ]
        return _past_date(
            self.cleaned_data["event_date"],
            "The date of the event",
            not_before=min(births) if births else None,
            since="the young person's date of birth",
            code="before_birth",
        )


class CaseEventEditForm(RowVersionFormMixin, CaseEventForm):
    pass


# Agencies


class AgencyForm(CaseRecordForm):
    submit_label = "Save agency"

    class Meta:
        model = AgencyInvolvement
        fields = [
            "agency_type",
            "agency_name",
            "contact_name",
            "contact_role",
            "phone",
            "email",
            "part_in_work",
            "started_on",
        ]
        widgets = {"started_on": DateInput}
        labels = {
            "agency_type": "Type of agency",
            "agency_name": "Name of the agency",
            "started_on": "Involved since",
        }
        help_texts = {
            "agency_name": "For example: Fernbridge Academy, or CAMHS North.",
            "part_in_work": "What they do with or for the family, and how we work together.",
            "started_on": "Leave empty if you do not know.",
        }

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["agency_type"] = forms.ChoiceField(
            label="Type of agency",
            choices=[
                ("", "Choose the type of agency"),
                *models_lists.choices(
                    case.family.organisation_id,
                    ListEntry.Kind.AGENCY_TYPE,
                    keep=self.instance.agency_type,
                ),
            ],
            error_messages={"required": "Choose the type of agency"},
        )

    def layout(self) -> list:
        return [
            Field.select("agency_type"),
            Field.text("agency_name"),
            Field.text("contact_name", field_width="two-thirds"),
            Field.text("contact_role", field_width="two-thirds"),
            Field.text("phone", field_width=Fixed.TWENTY, autocomplete="off"),
            Field.text("email", field_width="two-thirds", autocomplete="off"),
            Field.textarea("part_in_work", rows=4),
            Field.text("started_on", field_width=Fixed.TEN),
        ]

    def clean_started_on(self):
        return _past_date(self.cleaned_data.get("started_on"), "The date they became involved")

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), self.instance.ended_on
        if started and ended and started > ended:
            self.add_error(
                "started_on",
                f"The date they became involved must be on or before the date their "
                f"involvement ended ({ended:%-d %B %Y})",
            )
        return cleaned


class AgencyEditForm(RowVersionFormMixin, AgencyForm):
    pass


class EndDateForm(RowVersionFormMixin, CaseRecordForm):
    """Recording that something on a case ended (an agency's involvement, a plan or order):
    one required end date, today unless one is recorded. Subclasses name the model in Meta
    (fields = ["ended_on"]) and check the date."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].required = True
        if not self.instance.ended_on:
            self.fields["ended_on"].initial = timezone.localdate()

    def layout(self) -> list:
        return [Field.text("ended_on", field_width=Fixed.TEN)]


class AgencyEndForm(EndDateForm):
    submit_label = "End involvement"

    class Meta:
        model = AgencyInvolvement
        fields = ["ended_on"]
        widgets = {"ended_on": DateInput}
        labels = {"ended_on": "Date their involvement ended"}

    def clean_ended_on(self):
        return _past_date(
            self.cleaned_data["ended_on"],
            "The date their involvement ended",
            not_before=self.instance.started_on,
            since="the date they became involved",
        )


# Significant events


class SignificantEventForm(CaseRecordForm):
    submit_label = "Save analysis"

    class Meta:
        model = SignificantEvent
        fields = ["analysis"]
        help_texts = {
            "analysis": "Why this matters: what it tells us about the young person's safety, "
            "wellbeing and chances of staying at home."
        }

    def layout(self) -> list:
        return [Field.textarea("analysis", label_size="m", rows=8)]


class SignificantEventEditForm(RowVersionFormMixin, SignificantEventForm):
    pass


# Consent and information sharing


class ConsentForm(CaseRecordForm):
    submit_label = "Save consent"

    given_by = PersonChoiceField(
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        label="Who gave consent",
        empty_label=None,
    )

    class Meta:
        model = ConsentRecord
        fields = ["given_by", "given_on", "agencies", "scope"]
        widgets = {"given_on": DateInput}
        labels = {"given_on": "Date consent was given"}
        help_texts = {
            "agencies": "Name each agency, or say 'the agencies at the review meeting'.",
            "scope": "For example: school attendance and behaviour; not health information.",
        }

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        # Offered: who can give consent today (Person.can_give_consent_on); the date given is
        # checked again in clean, because a young person may have turned 16 since.
        today = timezone.localdate()
        can_consent = [p.pk for p in case.family.members.all() if p.can_give_consent_on(today)]
        self.fields["given_by"].queryset = case.family.members.filter(pk__in=can_consent)
        self.fields["given_by"].help_text = (
            "Only people with parental responsibility, and young people aged 16 or over or "
            "judged competent, can give consent. Record parental responsibility or competence "
            "on the family member's details first."
        )
        if not self.instance.pk:
            self.fields["given_on"].initial = today

    def layout(self) -> list:
        return [
            Field.radios("given_by", legend_size="s", small=True),
            Field.text("given_on", field_width=Fixed.TEN),
            Field.textarea("agencies", rows=3),
            Field.textarea("scope", rows=4),
        ]

    def clean_given_on(self):
        return _past_date(self.cleaned_data["given_on"], "The date consent was given")

    def clean(self):
        cleaned = super().clean()
        person, day = cleaned.get("given_by"), cleaned.get("given_on")
        if person and day and not person.can_give_consent_on(day):
            self.add_error("given_by", person.why_no_consent_on(day))
        return cleaned


class ConsentWithdrawForm(RowVersionFormMixin, CaseRecordForm):
    submit_label = "Record withdrawal"

    class Meta:
        model = ConsentRecord
        fields = ["withdrawn_on"]
        widgets = {"withdrawn_on": DateInput}
        labels = {"withdrawn_on": "Date consent was withdrawn"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].required = True
        self.fields["withdrawn_on"].initial = timezone.localdate()

    def layout(self) -> list:
        return [Field.text("withdrawn_on", field_width=Fixed.TEN)]

    def clean_withdrawn_on(self):
        return _past_date(
            self.cleaned_data["withdrawn_on"],
            "The date consent was withdrawn",
            not_before=self.instance.given_on,
            since="the date it was given",
        )


class ConsentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ConsentRecord) -> str:
        label = f"{obj.given_by.full_name}, given {obj.given_on:%-d %b %Y}"
        if obj.withdrawn_on:
            label += f", withdrawn {obj.withdrawn_on:%-d %b %Y}"
        return label


class InformationShareForm(CaseRecordForm):
    submit_label = "Save record of sharing"

    consent = ConsentChoiceField(
        queryset=ConsentRecord.objects.none(),
        required=False,
        label="Which consent",
        help_text="Needed when information was shared with consent.",
        empty_label="Choose the consent record",
    )

    class Meta:
        model = InformationShare
        fields = ["shared_on", "shared_with", "what", "why", "lawful_basis", "consent"]
        widgets = {"shared_on": DateInput, "lawful_basis": forms.RadioSelect}
        labels = {
            "shared_on": "Date shared",
            "shared_with": "Shared with",
            "lawful_basis": "Lawful basis",
        }
        help_texts = {
            "shared_with": "The agency and the person, for example 'PC Dale, Fernbridge police'."
        }

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["consent"].queryset = case.consents.select_related("given_by")
        if not self.instance.pk:
            self.fields["shared_on"].initial = timezone.localdate()

    def layout(self) -> list:
        return [
            Field.text("shared_on", field_width=Fixed.TEN),
            Field.text("shared_with"),
            Field.textarea("what", rows=4),
            Field.textarea("why", rows=4),
            Field.radios("lawful_basis", legend_size="s", small=True),
            Field.select("consent"),
        ]

    def clean_shared_on(self):
        return _past_date(self.cleaned_data["shared_on"], "The date shared")

    def clean(self):
        cleaned = super().clean()
        basis, consent = cleaned.get("lawful_basis"), cleaned.get("consent")
        day = cleaned.get("shared_on")
        if basis != InformationShare.LawfulBasis.CONSENT:
            # The consent record only evidences a share made with consent.
            cleaned["consent"] = None
            return cleaned
        if consent is None:
            if "consent" not in self.errors:
                self.add_error(
                    "consent",
                    forms.ValidationError(
                        "Choose the consent record this sharing relied on, or choose another "
                        "lawful basis",
                        code="consent_required",
                    ),
                )
            return cleaned
        if day is not None and consent.given_on > day:
            self.add_error(
                "consent",
                forms.ValidationError(
                    f"That consent was given on {consent.given_on:%-d %B %Y}, after the date "
                    "shared: choose consent given on or before the date shared",
                    code="consent_not_yet_given",
                ),
            )
        elif day is not None and consent.withdrawn_on and consent.withdrawn_on <= day:
            self.add_error(
                "consent",
                forms.ValidationError(
                    f"That consent was withdrawn on {consent.withdrawn_on:%-d %B %Y}: it cannot "
                    "cover sharing on or after that date",
                    code="consent_withdrawn",
                ),
            )
        return cleaned
