"""Families, their members, and cases (episodes of edge-of-care work). What is recorded on the
way lives beside it, every model importable from here: the edge-of-care decision and
allocations in `models_decisions`; contacts, events and significant-event marks in
`models_contacts`; agencies, consent and sharing in `models_agencies`; where young people live
and their legal status in `models_household`."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from edgecare.dates import age_on
from edgecare.models import CaseRecord, Organisation, Service, Team, User
from families import models_lists
from families.models_agencies import AgencyInvolvement, ConsentRecord, InformationShare
from families.models_contacts import CaseEvent, Contact, SignificantEvent
from families.models_decisions import Allocation, Decision
from families.models_drafts import FormDraft
from families.models_household import ArrangementKind, LegalStatus, LivingArrangement
from families.models_lists import ListEntry

__all__ = [
    "AgencyInvolvement",
    "Allocation",
    "ArrangementKind",
    "Case",
    "CaseEvent",
    "CaseQuerySet",
    "ConsentRecord",
    "Contact",
    "Decision",
    "Family",
    "FormDraft",
    "InformationShare",
    "ListEntry",
    "LegalStatus",
    "LivingArrangement",
    "Person",
    "SignificantEvent",
]


class Family(CaseRecord):
    # What the family's record says about them, in the order the family forms ask for it and
    # the subject access export shows it.
    DETAILS = [
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

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="families"
    )
    family_name = models.CharField(
        max_length=120, help_text="How the family is known, for example 'Okafor-Reid'."
    )
    address_line_1 = models.CharField("Address line 1", max_length=200, blank=True)
    address_line_2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField("Family phone number", max_length=40, blank=True)
    main_language = models.CharField(max_length=60, default="English")
    interpreter_needed = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=60, blank=True)
    communication_needs = models.TextField(
        blank=True, help_text="Anything that helps the family take part: reading, hearing, times."
    )
    culture_and_identity = models.TextField(
        "Culture and identity",
        blank=True,
        help_text="Faith, heritage and identity that matter to this family and to the work.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    archive_reason = models.TextField(blank=True)
    # The previous system's id for this family (its household or family id), kept when the
    # record came in by import (imports/) so either system's id finds it.
    external_id = models.CharField("Previous system's family id", max_length=60, blank=True)

    class Meta:
        ordering = ["family_name"]
        verbose_name_plural = "families"
        indexes = [
            models.Index(fields=["organisation", "family_name"]),
            models.Index(fields=["organisation", "external_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.family_name} family"

    @property
    def reference(self) -> str:
        return f"F{self.pk:06d}" if self.pk else ""

    def get_absolute_url(self) -> str:
        return reverse("families:family_detail", args=[self.pk])

    def archive(self, *, by, reason: str) -> None:
        self.archived_at = timezone.now()
        self.archived_by = by
        self.archive_reason = reason
        self.save()


class Person(CaseRecord):
    """A member of the family: every one of them, fathers and male carers included."""

    class Relationship(models.TextChoices):
        YOUNG_PERSON = "young_person", "Young person"
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_MOTHER = "step_mother", "Step-mother"
        STEP_FATHER = "step_father", "Step-father"
        STEP_PARENT = "step_parent", "Step-parent"
        PARENTS_PARTNER = "parents_partner", "Parent's partner"
        MALE_CARER = "male_carer", "Male carer or partner"
        FEMALE_CARER = "female_carer", "Female carer or partner"
        SIBLING = "sibling", "Brother or sister"
        HALF_SIBLING = "half_sibling", "Half-brother or half-sister"
        GRANDPARENT = "grandparent", "Grandparent"
        AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
        OTHER_RELATIVE = "other_relative", "Other relative"
        FAMILY_FRIEND = "family_friend", "Family friend"

    class StatutoryPlan(models.TextChoices):
        NONE = "none", "None"
        CHILD_IN_NEED = "cin", "Child in need plan"
        CHILD_PROTECTION = "cp", "Child protection plan"

    class ParentalResponsibility(models.TextChoices):
        NONE = "none", "No parental responsibility"
        NOT_KNOWN = "not_known", "Not known yet"
        BIRTH_MOTHER = "birth_mother", "Yes: birth mother"
        FATHER_NAMED_AT_BIRTH = "named_father", "Yes: father named on the birth certificate"
        MARRIED_OR_PARTNER = "married", "Yes: married to or civil partner of the mother"
        AGREEMENT = "agreement", "Yes: parental responsibility agreement"
        ORDER = "order", "Yes: court order (for example a child arrangements order)"
        SPECIAL_GUARDIANSHIP = "special_guardian", "Yes: special guardianship order"
        ADOPTION = "adoption", "Yes: adoption order"

    class Gender(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        NON_BINARY = "non_binary", "Non-binary"
        OTHER = "other", "Described another way"
        NOT_KNOWN = "not_known", "Not known"

    PARENT_AND_CARER_RELATIONSHIPS = frozenset(
        {
            Relationship.MOTHER,
            Relationship.FATHER,
            Relationship.STEP_MOTHER,
            Relationship.STEP_FATHER,
            Relationship.STEP_PARENT,
            Relationship.PARENTS_PARTNER,
            Relationship.MALE_CARER,
            Relationship.FEMALE_CARER,
        }
    )
    MALE_CARER_RELATIONSHIPS = frozenset(
        {Relationship.FATHER, Relationship.STEP_FATHER, Relationship.MALE_CARER}
    )
    # A young person gives consent for themselves from this age; under it, only when judged
    # competent to (and that judgement is recorded on them).
    CONSENT_AGE = 16
    # What a person's record says about them, in the order the person form asks for it and
    # the subject access export shows it (there, whom they care for is shown by name).
    DETAILS = [
        "first_name",
        "last_name",
        "preferred_name",
        "date_of_birth",
        "gender",
        "relationship",
        "lives_in_household",
        "is_focus",
        "statutory_plan",
        "is_carer",
        "parental_responsibility",
        "parental_responsibility_details",
        "judged_competent_on",
        "competence_reasons",
        "is_young_carer",
        "cares_for",
        "safety_note",
        "phone",
        "notes",
    ]

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="members")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.NOT_KNOWN)
    # A code from the organisation's relationships list (families.models_lists): the built-in
    # Relationship codes and the organisation's own entries.
    relationship = models.CharField(max_length=20)
    lives_in_household = models.BooleanField(default=True)
    is_carer = models.BooleanField(
        "Cares for the young person",
        default=False,
        help_text="A grandparent, aunt or uncle, step-parent, a parent's partner, family friend "
        "or older brother or sister who looks after the young person. Parents and their "
        "partners count as carers already.",
    )
    parental_responsibility = models.CharField(
        "Parental responsibility",
        max_length=16,
        choices=ParentalResponsibility.choices,
        default=ParentalResponsibility.NONE,
    )
    parental_responsibility_details = models.CharField(
        "How parental responsibility is held",
        max_length=300,
        blank=True,
        help_text="For an order: which order, which court and when it was made.",
    )
    judged_competent_on = models.DateField(
        "Date judged competent to give consent",
        null=True,
        blank=True,
        help_text="Only for a young person under 16 judged able to decide for themselves.",
    )
    competence_reasons = models.TextField(
        "Why they were judged competent",
        blank=True,
        help_text="Who judged it, and what showed they understand what sharing means.",
    )
    safety_note = models.TextField(
        blank=True,
        help_text="For example: does not live here; risk to the mother; do not share the "
        "address or documents. A person with a safety note is left off family documents, "
        "and the record warns before asking for their views.",
    )
    is_young_carer = models.BooleanField(
        "Young carer",
        default=False,
        help_text="Looks after someone in the family who is ill, disabled or misuses "
        "alcohol or drugs.",
    )
    cares_for = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="young_carers",
        verbose_name="Whom they care for",
    )
    is_focus = models.BooleanField(
        "Focus of the work",
        default=False,
        help_text="A young person whose staying safely at home is the aim of the work.",
    )
    statutory_plan = models.CharField(
        max_length=4, choices=StatutoryPlan.choices, default=StatutoryPlan.NONE
    )
    phone = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)
    # The previous system's person id (LCS, Mosaic and EHM each have one), kept on import.
    external_id = models.CharField("Previous system's person id", max_length=60, blank=True)

    class Meta:
        ordering = ["-is_focus", "date_of_birth", "first_name"]
        verbose_name = "family member"
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["external_id"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.known_as} {self.last_name}".strip()

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.first_name

    def age_on(self, day: datetime.date) -> int | None:
        if self.date_of_birth is None:
            return None
        return age_on(self.date_of_birth, day)

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    def get_relationship_display(self) -> str:
        return models_lists.display(
            ListEntry.Kind.RELATIONSHIP, self.relationship, lambda: self.family.organisation_id
        )

    @property
    def is_parent_or_carer(self) -> bool:
        """A participant whose views the assessment and review ask for: a parent or a parent's
        partner, anyone recorded as a carer, and anyone with parental responsibility."""
        return (
            self.relationship in self.PARENT_AND_CARER_RELATIONSHIPS
            or self.is_carer
            or self.has_parental_responsibility
        )

    @property
    def has_parental_responsibility(self) -> bool:
        return self.parental_responsibility not in (
            self.ParentalResponsibility.NONE,
            self.ParentalResponsibility.NOT_KNOWN,
        )

    @property
    def is_young_person(self) -> bool:
        return self.is_focus or self.relationship == self.Relationship.YOUNG_PERSON

    @property
    def has_safety_note(self) -> bool:
        return bool(self.safety_note.strip())

    def can_give_consent_on(self, day: datetime.date) -> bool:
        """The consent rule: someone with parental responsibility, or a young person giving it
        for themselves at 16 or over, or under 16 once judged competent (recorded, on or
        before `day`). Nobody else's agreement is consent, however close they are."""
        if self.has_parental_responsibility:
            return True
        if not self.is_young_person:
            return False
        age = self.age_on(day)
        if age is not None and age >= self.CONSENT_AGE:
            return True
        return self.judged_competent_on is not None and self.judged_competent_on <= day

    def why_no_consent_on(self, day: datetime.date) -> str:
        """The reason `can_give_consent_on(day)` is False, in the words a form shows."""
        if self.is_young_person:
            return (
                f"{self.known_as} was under {self.CONSENT_AGE} on that date and not recorded "
                "as judged competent to give consent"
            )
        return f"{self.known_as} has no parental responsibility recorded, so cannot give consent"

    @property
    def is_male_carer(self) -> bool:
        return self.relationship in self.MALE_CARER_RELATIONSHIPS


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Case.Status.CLOSED)

    def delete(self):
        raise PermissionError("Case records are never deleted; close or archive them instead.")


class Case(CaseRecord):
    """One episode of edge-of-care work with a family, from referral to closure."""

    class Status(models.TextChoices):
        REFERRED = "referred", "Referred"
        ASSESSMENT = "assessment", "Assessment"
        ACTIVE = "active", "Active"
        CLOSING = "closing", "Closing"
        CLOSED = "closed", "Closed"

    # The case lifecycle, in one table: from each status, the statuses it may move to and the
    # transition (a method below) that makes the move. A decision other than support at home
    # ends the episode at any open stage; an agreed plan starts the support from referral or
    # assessment; a closure (or a review deciding to prepare one) moves an active case to
    # closing, and withdrawing it moves the case back; a manager may re-open a closed case.
    # Every other move is refused.
    ALLOWED_MOVES: dict[str, dict[str, str]] = {
        Status.REFERRED: {
            Status.ASSESSMENT: "start_assessment",
            Status.ACTIVE: "start_support",
            Status.CLOSED: "close",
        },
        Status.ASSESSMENT: {Status.ACTIVE: "start_support", Status.CLOSED: "close"},
        Status.ACTIVE: {Status.CLOSING: "prepare_closure", Status.CLOSED: "close"},
        Status.CLOSING: {Status.ACTIVE: "resume_support", Status.CLOSED: "close"},
        Status.CLOSED: {Status.ACTIVE: "reopen"},
    }

    class ReferralSource(models.TextChoices):
        SOCIAL_CARE = "social_care", "Children's social care"
        SCHOOL = "school", "School or college"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        FAMILY = "family", "The family itself"
        HOUSING = "housing", "Housing"
        OTHER = "other", "Other"

    class Urgency(models.TextChoices):
        ROUTINE = "routine", "Routine"
        URGENT = "urgent", "Urgent (within 24 hours)"
        CRISIS = "crisis", "Crisis (same day)"

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="cases")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    young_people = models.ManyToManyField(
        Person,
        related_name="cases",
        help_text="The young people this episode of work is about.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REFERRED)
    referral_date = models.DateField()
    # When in the day the referral came in: the first-contact standard is in hours.
    referral_time = models.TimeField("Time of the referral", null=True, blank=True)
    # A code from the organisation's referral sources list (families.models_lists).
    referral_source = models.CharField(max_length=20)
    referrer_name = models.CharField("Who referred", max_length=200, blank=True)
    referrer_contact = models.CharField("Referrer's phone or email", max_length=200, blank=True)
    presenting_concerns = models.TextField()
    parent_requested_accommodation = models.BooleanField(
        "A parent or carer asked for the young person to be accommodated", default=False
    )
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    lead_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_cases",
    )
    # Set when the case is closed (the closure itself is recorded in the reviews app).
    closed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The previous system's case (episode or referral) id, kept on import.
    external_id = models.CharField("Previous system's case id", max_length=60, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-referral_date", "-id"]
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["lead_professional", "status"]),
            models.Index(fields=["family", "referral_date"]),
            models.Index(fields=["external_id"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"EC{self.pk:06d}" if self.pk else ""

    def get_absolute_url(self) -> str:
        return reverse("families:case_detail", args=[self.pk])

    def get_referral_source_display(self) -> str:
        return models_lists.display(
            ListEntry.Kind.REFERRAL_SOURCE,
            self.referral_source,
            lambda: self.family.organisation_id,
        )

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def referred_at(self) -> datetime.datetime | None:
        """When the referral came in, as a local moment; None when its time is not known."""
        if self.referral_time is None:
            return None
        return timezone.make_aware(
            datetime.datetime.combine(self.referral_date, self.referral_time)
        )

    @property
    def days_since_last_contact(self) -> int | None:
        """From the `last_contact_on` annotation of selectors.with_case_list_figures."""
        last = getattr(self, "last_contact_on", None)
        if last is None:
            return None
        return (timezone.localdate() - last).days

    def is_re_referral(self) -> bool:
        """A referral for a family that has had an earlier, closed episode with us."""
        if hasattr(self, "has_earlier_closed_case"):
            return self.has_earlier_closed_case
        return (
            Case.objects.filter(
                family_id=self.family_id,
                status=Case.Status.CLOSED,
                referral_date__lte=self.referral_date,
            )
            .exclude(pk=self.pk)
            .exists()
        )

    # The lifecycle's transitions. Each refuses a move ALLOWED_MOVES does not give it with a
    # ValidationError that says so, and saves the status (with the closing date) and nothing
    # else. The caller holds the row lock: services load the case with select_for_update.

    def transition_to(self, status: str) -> str | None:
        """The name of the transition that moves the case to `status`, or None if none may."""
        return self.ALLOWED_MOVES[self.status].get(self.Status(status))

    def move_to(self, status: str, *, by: User | None = None) -> None:
        """Any move the lifecycle allows from where the case is (tests build their cases with
        it); the services call the named transitions, which also say why the move happens."""
        self._move(self.Status(status), transition=self.transition_to(status), by=by)

    def start_assessment(self, *, by: User | None = None) -> None:
        """Support at home was decided: the family's needs are assessed next."""
        self._move(self.Status.ASSESSMENT, transition="start_assessment", by=by)

    def start_support(self, *, by: User | None = None) -> None:
        """A plan was agreed with the family: the support itself starts."""
        self._move(self.Status.ACTIVE, transition="start_support", by=by)

    def prepare_closure(self, *, by: User | None = None) -> None:
        """A closure is being written (or a review decided to prepare one)."""
        self._move(
            self.Status.CLOSING,
            transition="prepare_closure",
            by=by,
            refusal="Only an active case can move to closing.",
        )

    def resume_support(self, *, by: User | None = None) -> None:
        """The closure being written was withdrawn: the work carries on."""
        self._move(
            self.Status.ACTIVE,
            transition="resume_support",
            by=by,
            refusal="Only a case that is closing can go back to active.",
        )

    def close(self, *, on: datetime.date, by: User | None = None) -> None:
        """End this episode of work on `on` (by a decision or a signed-off closure)."""
        self._move(
            self.Status.CLOSED,
            transition="close",
            by=by,
            refusal="This case is already closed.",
            closed_on=on,
        )

    def reopen(self, *, by: User | None = None) -> None:
        """A manager re-opens a closed case: it is active again, with no closing date."""
        self._move(
            self.Status.ACTIVE,
            transition="reopen",
            by=by,
            refusal="Only a closed case can be re-opened.",
            closed_on=None,
        )

    def _move(
        self,
        target: str,
        *,
        transition: str | None,
        by: User | None = None,
        refusal: str = "",
        **fields,
    ) -> None:
        if transition is None or self.transition_to(target) != transition:
            raise ValidationError(
                refusal
                or f"A case that is {self.get_status_display().lower()} cannot be moved to "
                f"{self.Status(target).label.lower()}."
            )
        if by is not None:
            self._history_user = by
        self.status = target
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=["status", *fields])
