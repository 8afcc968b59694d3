"""Where each young person lives over time, and the legal status and orders they are under.
Importable from `families.models` like every model of the app.

- `ArrangementKind`: the kinds of living arrangement, used by the arrangement itself and by the
  closure's key outcome (reviews), so "where the young person lives" is one list everywhere.
  `AT_HOME_OR_IN_COMMUNITY` is the service measure "living at home or in the community (not in
  care)": with a parent, kinship care (informal or under an order) and supported or independent
  living. `IN_CARE` is looked after by the local authority.
- `LivingArrangement`: one period of a young person's life in one place, with the people of the
  family they live with (or a placement outside it), from and to dates and the reason. A move
  closes the current arrangement and opens the next in one step
  (`families.services.record_move`); the periods of one young person never overlap.
- `LegalStatus`: a plan or order a young person is under (child in need, child protection with
  its category, child arrangements order naming people, special guardianship, supervision,
  interim or full care order, s20, youth justice orders, EHC plan), from and to dates.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from edgecare.models import CaseRecord


class ArrangementKind(models.TextChoices):
    WITH_PARENTS = "with_parents", "With a parent or parents"
    KINSHIP_INFORMAL = "kinship_informal", "With extended family or friends (informal)"
    KINSHIP_ORDER = "kinship_order", "With extended family or friends under an order"
    SUPPORTED_LIVING = "supported_living", "Supported or independent living (16 or over)"
    CUSTODY = "custody", "In custody"
    CARE_FOSTER = "care_foster", "In care: foster care"
    CARE_RESIDENTIAL = "care_residential", "In care: residential or children's home"
    CARE_OTHER = "care_other", "In care: another placement"
    OTHER = "other", "Somewhere else"


# The service measure: kinship care and supported living are good outcomes, not care.
AT_HOME_OR_IN_COMMUNITY = frozenset(
    {
        ArrangementKind.WITH_PARENTS,
        ArrangementKind.KINSHIP_INFORMAL,
        ArrangementKind.KINSHIP_ORDER,
        ArrangementKind.SUPPORTED_LIVING,
    }
)
IN_CARE = frozenset(
    {ArrangementKind.CARE_FOSTER, ArrangementKind.CARE_RESIDENTIAL, ArrangementKind.CARE_OTHER}
)
# Kinds lived with people of the family, and kinds that are a placement somewhere else.
WITH_FAMILY_MEMBERS = frozenset(
    {ArrangementKind.WITH_PARENTS, ArrangementKind.KINSHIP_INFORMAL, ArrangementKind.KINSHIP_ORDER}
)
SUPPORTED_LIVING_FROM_AGE = 16


def is_at_home_or_in_community(kind: str) -> bool:
    return kind in AT_HOME_OR_IN_COMMUNITY


class LivingArrangement(CaseRecord):
    class CareBasis(models.TextChoices):
        SECTION_20 = "s20", "Accommodated with the parents' agreement (section 20)"
        INTERIM_CARE_ORDER = "interim_order", "Interim care order"
        CARE_ORDER = "care_order", "Care order"
        OTHER_ORDER = "other_order", "Another order (for example police protection or remand)"

    case = models.ForeignKey(
        "families.Case", on_delete=models.PROTECT, related_name="living_arrangements"
    )
    young_person = models.ForeignKey(
        "families.Person", on_delete=models.PROTECT, related_name="living_arrangements"
    )
    kind = models.CharField("Where they live", max_length=20, choices=ArrangementKind.choices)
    lives_with = models.ManyToManyField(
        "families.Person", blank=True, related_name="+", verbose_name="Who they live with"
    )
    place = models.CharField(
        "The placement or place",
        max_length=200,
        blank=True,
        help_text="For a placement outside the family: the foster carers, home, flat or "
        "institution. Never an address the family must not know.",
    )
    care_basis = models.CharField(
        "In care under", max_length=15, choices=CareBasis.choices, blank=True
    )
    started_on = models.DateField("Living there since")
    ended_on = models.DateField("Moved out on", null=True, blank=True)
    reason = models.TextField("Why they live there")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["young_person_id", "-started_on", "-id"]
        indexes = [models.Index(fields=["young_person", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gt=models.F("started_on")),
                name="arrangement_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%d %b %Y}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def is_at_home_or_in_community(self) -> bool:
        return is_at_home_or_in_community(self.kind)

    def covers(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day < self.ended_on)

    def detail(self) -> str:
        """What the kind's name does not say: who with, the placement, the basis of care
        ("with Maureen Brennan"; "section 20: Oak Lane foster carers")."""
        parts = []
        names = [p.full_name for p in self.lives_with.all()]
        if self.care_basis:
            parts.append(self.get_care_basis_display())
        if self.place:
            parts.append(self.place)
        if names:
            parts.append("with " + _joined(names))
        return "; ".join(parts)

    def where(self, people: list | None = None) -> str:
        """ "with Lisa Hartley (Aunt or uncle)", "in foster care (section 20): Oak Lane carers".
        `people` are the people lived with, when the caller has them already (prefetched)."""
        names = [p.full_name for p in (self.lives_with.all() if people is None else people)]
        if self.kind in WITH_FAMILY_MEMBERS and names:
            text = "with " + _joined(names)
            if self.kind == ArrangementKind.KINSHIP_ORDER:
                text += " under an order"
            return text
        text = self.get_kind_display()
        text = text[0].lower() + text[1:]
        if self.care_basis:
            text += f" ({self.get_care_basis_display().lower()})"
        if self.place:
            text += f": {self.place}"
        if names:
            text += ", with " + _joined(names)
        return text


class LegalStatus(CaseRecord):
    class Kind(models.TextChoices):
        CHILD_IN_NEED = "cin", "Child in need plan"
        CHILD_PROTECTION = "cp", "Child protection plan"
        CHILD_ARRANGEMENTS = "cao", "Child arrangements order"
        SPECIAL_GUARDIANSHIP = "sgo", "Special guardianship order"
        SUPERVISION = "supervision", "Supervision order"
        INTERIM_CARE = "interim_care", "Interim care order"
        CARE = "care", "Care order"
        SECTION_20 = "s20", "Accommodated under section 20"
        REFERRAL_ORDER = "referral_order", "Youth justice: referral order"
        YOUTH_REHABILITATION = "yro", "Youth justice: youth rehabilitation order"
        DETENTION_TRAINING = "dto", "Youth justice: detention and training order"
        EHC_PLAN = "ehcp", "Education, health and care plan"

    class ProtectionCategory(models.TextChoices):
        NEGLECT = "neglect", "Neglect"
        PHYSICAL = "physical", "Physical abuse"
        EMOTIONAL = "emotional", "Emotional abuse"
        SEXUAL = "sexual", "Sexual abuse"
        MULTIPLE = "multiple", "More than one category"

    # The orders that name the people a child lives with or spends time with.
    NAMING_PEOPLE = frozenset({Kind.CHILD_ARRANGEMENTS, Kind.SPECIAL_GUARDIANSHIP})

    case = models.ForeignKey(
        "families.Case", on_delete=models.PROTECT, related_name="legal_statuses"
    )
    young_person = models.ForeignKey(
        "families.Person", on_delete=models.PROTECT, related_name="legal_statuses"
    )
    kind = models.CharField("Plan or order", max_length=20, choices=Kind.choices)
    protection_category = models.CharField(
        "Category of the child protection plan",
        max_length=10,
        choices=ProtectionCategory.choices,
        blank=True,
    )
    people_named = models.ManyToManyField(
        "families.Person", blank=True, related_name="+", verbose_name="People the order names"
    )
    started_on = models.DateField("From")
    ended_on = models.DateField("To", null=True, blank=True)
    notes = models.TextField(
        "Details", blank=True, help_text="For example the court, or what the order says."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["young_person_id", "-started_on", "-id"]
        verbose_name = "legal status"
        verbose_name_plural = "legal statuses"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="legal_status_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%d %b %Y}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def in_force_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    def described(self, people: list | None = None) -> str:
        text = self.get_kind_display()
        if self.protection_category:
            text += f" ({self.get_protection_category_display().lower()})"
        names = [p.full_name for p in (self.people_named.all() if people is None else people)]
        if names:
            text += ", naming " + _joined(names)
        return text


def _joined(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
