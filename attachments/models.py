"""A document on a case: a signed plan, a consent form, a letter, another agency's report, a
photo. The file itself is kept through the storage API under a random name (storage.py); the
row says what it is, what it is attached to, who added it and that it was scanned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from attachments.targets import CASE, KIND_CHOICES, TARGETS
from edgecare.models import CaseRecord, NoHardDeleteQuerySet


class AttachmentQuerySet(NoHardDeleteQuerySet):
    def live(self) -> AttachmentQuerySet:
        """Not withdrawn: what the record shows."""
        return self.filter(withdrawn_at__isnull=True)


class Attachment(CaseRecord):
    class Kind(models.TextChoices):
        SIGNED_PLAN = "signed_plan", "Signed plan"
        CONSENT_FORM = "consent_form", "Consent form"
        LETTER = "letter", "Letter"
        AGENCY_REPORT = "agency_report", "Report from another agency"
        PHOTO = "photo", "Photo"
        OTHER = "other", "Other"

    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, related_name="attachments")
    # What it is attached to: the case as a whole, or one of its records (attachments.targets).
    target_kind = models.CharField(max_length=20, choices=KIND_CHOICES, default=CASE)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200)
    kind = models.CharField("kind of document", max_length=20, choices=Kind.choices)
    document_date = models.DateField("date of the document")
    # The name it had on the worker's device, cleaned (attachments.checks.clean_file_name): the
    # name it downloads under, never a path on the server.
    file_name = models.CharField(max_length=255)
    media_type = models.CharField("type of file", max_length=100)
    size = models.PositiveBigIntegerField("size in bytes")
    sha256 = models.CharField(max_length=64)
    # Where the storage keeps it: random, unrelated to the file's name or the case.
    stored_name = models.CharField(max_length=255, unique=True, editable=False)
    scanned_at = models.DateTimeField("scanned for viruses at")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Withdrawn (added by mistake, to the wrong case): hidden from the record, kept for the
    # audit trail and the retention decision.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    withdrawal_reason = models.TextField("why it is withdrawn", blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["-document_date", "-pk"]
        indexes = [models.Index(fields=["case", "target_kind", "target_id"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(target_kind=CASE) & models.Q(target_id__isnull=True))
                | (~models.Q(target_kind=CASE) & models.Q(target_id__isnull=False)),
                name="attachment_target_is_the_case_or_one_record",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("attachments:download", args=[self.case_id, self.pk])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_on_case(self) -> bool:
        return self.target_kind == CASE

    @property
    def target_label(self) -> str:
        return "The case" if self.is_on_case else TARGETS[self.target_kind].label.capitalize()

    def withdraw(self, *, by, reason: str) -> None:
        """Hide it from the record; the row and the file stay."""
        if self.is_withdrawn:
            return
        self.withdrawn_at = timezone.now()
        self.withdrawn_by = by
        self.withdrawal_reason = reason
        self._history_user = by
        self.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
