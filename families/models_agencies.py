"""Other agencies on a case, and what the family agreed may be shared with them: the agencies
involved, consent records and each time information was shared. Importable from
`families.models` like every model of the app."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from edgecare.dates import short_date
from edgecare.models import CaseRecord
from families import models_lists


class AgencyInvolvement(CaseRecord):
    class AgencyType(models.TextChoices):
        SCHOOL = "school", "School or college"
        SOCIAL_CARE = "social_care", "Children's social care"
        CAMHS = "camhs", "Child and adolescent mental health (CAMHS)"
        POLICE = "police", "Police"
        HOUSING = "housing", "Housing"
        ADULT_MENTAL_HEALTH = "adult_mh", "Adult mental health"
        SUBSTANCE_MISUSE = "substance", "Substance misuse service"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        YOUTH_SERVICE = "youth_service", "Youth service"
        HEALTH = "health", "Health (GP, school nurse, health visitor)"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse service"
        VOLUNTARY = "voluntary", "Voluntary or community group"
        OTHER = "other", "Other"

    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, related_name="agencies")
    # A code from the organisation's agency types list (families.models_lists).
    agency_type = models.CharField(max_length=20)
    agency_name = models.CharField(max_length=200)
    contact_name = models.CharField("Named contact", max_length=200)
    contact_role = models.CharField("Their role", max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    part_in_work = models.TextField("Their part in the work")
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agency_type", "agency_name"]
        verbose_name = "agency involved"
        verbose_name_plural = "agencies involved"

    def __str__(self) -> str:
        return f"{self.agency_name} ({self.contact_name})"

    def get_agency_type_display(self) -> str:
        return models_lists.display(
            models_lists.ListEntry.Kind.AGENCY_TYPE,
            self.agency_type,
            lambda: self.case.family.organisation_id,
        )


class ConsentRecord(CaseRecord):
    """What a family member agreed may be shared, and with whom."""

    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, related_name="consents")
    given_by = models.ForeignKey(
        "families.Person", on_delete=models.PROTECT, related_name="consents"
    )
    given_on = models.DateField()
    agencies = models.TextField("Which agencies information may be shared with")
    scope = models.TextField("What may be shared")
    withdrawn_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"Consent from {self.given_by} on {short_date(self.given_on)}"


class InformationShare(CaseRecord):
    """Each time information was shared: what, with whom, why, when and by whom."""

    class LawfulBasis(models.TextChoices):
        CONSENT = "consent", "With the family's consent"
        SAFEGUARDING = "safeguarding", "Without consent, to keep a child safe"
        LEGAL_DUTY = "legal_duty", "Required by law or court order"

    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, related_name="shares")
    shared_on = models.DateField()
    shared_with = models.CharField(max_length=200)
    what = models.TextField("What was shared")
    why = models.TextField("Why it was shared")
    lawful_basis = models.CharField(max_length=15, choices=LawfulBasis.choices)
    consent = models.ForeignKey(
        ConsentRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="shares"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-shared_on", "-id"]

    def __str__(self) -> str:
        return f"Shared with {self.shared_with} on {short_date(self.shared_on)}"
