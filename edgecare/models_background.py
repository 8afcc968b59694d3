"""What the background work keeps in the application's own database: documents being prepared
for one person, e-mails and what became of them, the schedule's claims, and the workers that
are alive. The tasks themselves are django-tasks-db's rows (DBTaskResult)."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class PreparedDocumentQuerySet(models.QuerySet):
    def expired(self, now: datetime.datetime | None = None):
        return self.filter(expires_at__lte=now or timezone.now())


class PreparedDocument(models.Model):
    """A document made in the background for the person who asked for it, and for nobody else.

    The file is case content: it is kept in the database only until `expires_at`
    (settings.DOCUMENT_KEEP_MINUTES after it was asked for), served only through the application
    (which writes the access-log row at download), and its address is a random UUID, never a
    number that could be guessed. Expired documents are deleted outright by the schedule's
    purge: a copy is not a case record, and the record itself is never deleted."""

    class Kind(models.TextChoices):
        CASE_RECORD = "case-record", "Case record"
        SUBJECT_ACCESS = "subject-access", "Subject access export"
        OUTCOME_REPORT = "outcome-report", "Service outcome report"

    class Status(models.TextChoices):
        PREPARING = "preparing", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What to make: identifiers and options only (a case id, a chronology mode, report filters).
    parameters = models.JSONField(default=dict)
    title = models.CharField(max_length=200)
    # Where "try again" goes: the page that queued it.
    again_url = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREPARING)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    # The access-log rows a download writes: [{"record_type", "record_id", "case_id"}, ...],
    # worked out when the document was made (a subject access export writes one per case).
    access_rows = models.JSONField(default=list)

    objects = PreparedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["requested_by", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class SentEmail(models.Model):
    """Every e-mail the application sends, as a record of what was sent: to whom, why, when,
    after how many attempts. No case content is ever in an e-mail (a link only), so nothing here
    is case content either; the body is kept so it can be shown exactly as it was sent."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_address = models.EmailField()
    reason = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # A set-up link signs the holder in to choose a password: its e-mail's body is blanked
    # once sent (or given up on), so the record never holds a working link.
    keep_body = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The exception's class only: a relay's message can quote the address or more.
    last_error = models.CharField(max_length=200, blank=True)

    # What a body that is not kept reads once the e-mail is sent or given up on.
    BODY_NOT_KEPT = "[Not kept: this e-mail held a one-time link.]"

    class Meta:
        ordering = ["-queued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reason} to user {self.recipient_id}"

    def finish(self, status: str, **changes) -> None:
        """The attempts are over (sent, or given up on): the outcome, with the fields it sets,
        and the body blanked if it is not to be kept, so the record never holds a working
        one-time link."""
        self.status = status
        for name, value in changes.items():
            setattr(self, name, value)
        if not self.keep_body:
            self.body = self.BODY_NOT_KEPT
        self.save(update_fields=["status", "body", "last_error", *changes])


class ScheduledJob(models.Model):
    """One row per periodic job: when it is next due. Whoever moves `next_run_at` on (an UPDATE
    that matches only the value it read) runs that slot; a second scheduler's UPDATE matches
    nothing, so a slot runs once however many schedulers are started."""

    name = models.CharField(max_length=60, primary_key=True)
    next_run_at = models.DateTimeField()
    last_claimed_at = models.DateTimeField(null=True, blank=True)
    last_claimed_by = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """A worker process that is alive says so every few seconds. A task left running by a
    worker that has stopped saying so (killed, its machine gone) is put back in the queue."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.worker_id
