"""Notifications for staff and the organisation's cost assumptions for the outcome report."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from edgecare.models import User

from edgecare.models import Organisation
from edgecare.records_common import staff_link


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a member of staff should look at. The text carries a case reference and at
    most a family name, never what the record says: it may be e-mailed or read over a
    shoulder."""

    class Kind(models.TextChoices):
        AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting your sign-off"
        SIGNED_OFF = "signed_off", "Signed off"
        RETURNED = "returned", "Returned for changes"
        PLAN_AGREED = "plan_agreed", "Plan agreed"
        ALLOCATED = "allocated", "Case allocated"
        DAILY_DIGEST = "daily_digest", "Daily summary"
        RETENTION_DUE = "retention_due", "Retention reviews due"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=200)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def mark_read(self) -> None:
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


class CostAssumptions(models.Model):
    """How the outcome report estimates the cost of care avoided, set once per organisation
    and printed beside the figure so nobody reads it as more than an estimate."""

    # Set by the service before a save: django-simple-history records it as who made the change.
    _history_user: User | None

    class CountedCases(models.TextChoices):
        EDGE_OF_CARE = (
            "edge_of_care",
            "Only where a parent asked for the young person to be accommodated, or the "
            "edge-of-care decision was support at home",
        )
        PARENT_ASKED = (
            "parent_asked",
            "Only where a parent asked for the young person to be accommodated",
        )
        ALL = "all", "Every young person living at home at closure"

    # Residential placements run at roughly GBP 1,500 to 6,000 a week; 4,000 sits in that range.
    DEFAULT_WEEKLY_COST = Decimal("4000")
    DEFAULT_WEEKS = 26

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="cost_assumptions"
    )
    weekly_placement_cost = models.DecimalField(
        "Weekly cost of a care placement (GBP)",
        max_digits=8,
        decimal_places=0,
        default=DEFAULT_WEEKLY_COST,
        validators=[
            MinValueValidator(Decimal("1"), "Enter a weekly cost of at least £1."),
            MaxValueValidator(Decimal("50000"), "Enter a weekly cost of £50,000 or less."),
        ],
        help_text="Your own average, for example across residential and foster placements.",
    )
    weeks_avoided = models.PositiveSmallIntegerField(
        "Weeks of care avoided for each young person living at home at closure",
        default=DEFAULT_WEEKS,
        validators=[
            MinValueValidator(1, "Enter at least 1 week."),
            MaxValueValidator(156, "Enter 156 weeks (3 years) or fewer."),
        ],
    )
    counted_cases = models.CharField(
        "Which young people count",
        max_length=20,
        choices=CountedCases.choices,
        default=CountedCases.EDGE_OF_CARE,
    )
    source_note = models.TextField(
        "Where these figures come from",
        blank=True,
        help_text="Printed with the estimate, for example the finance report the cost is from.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = staff_link()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "cost assumptions"
        verbose_name_plural = "cost assumptions"

    def __str__(self) -> str:
        return f"Cost assumptions of {self.organisation}"

    @classmethod
    def for_organisation(cls, organisation_id: int | None) -> CostAssumptions:
        """The organisation's assumptions, or the defaults (unsaved) until someone sets them."""
        found = cls.objects.filter(organisation_id=organisation_id).first()
        return found or cls(organisation_id=organisation_id)
