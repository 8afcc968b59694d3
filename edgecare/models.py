"""Organisation, staff and the access log: what every case record hangs from."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from edgecare.dates import recorded_days_later

# Background work's records (documents, e-mails, the schedule, workers) are in their own module.
from edgecare.models_background import (  # noqa: F401
    PreparedDocument,
    ScheduledJob,
    SentEmail,
    WorkerHeartbeat,
)


class Organisation(models.Model):
    """A local authority or provider. Nobody ever sees another organisation's data."""

    name = models.CharField(max_length=200, unique=True)
    # Shown to families as "out of hours, call ..." when a team has no number of its own.
    out_of_hours_phone = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    class InterventionModel(models.TextChoices):
        IFPS = "ifps", "Intensive family preservation (IFPS)"
        FIP = "fip", "Family intervention project (FIP)"
        MST = "mst", "Multisystemic therapy (MST)"
        FGC = "fgc", "Family group conferencing (FGC)"
        OTHER = "other", "Other intensive family support"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=200)
    intervention_model = models.CharField(max_length=10, choices=InterventionModel.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_service_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    out_of_hours_arrangement = models.TextField(
        blank=True,
        help_text="What a family should do out of hours, in plain words, with the number to call.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="unique_team_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_id(self) -> int:
        return self.service.organisation_id


class User(AbstractUser):
    """A member of staff. Families never log in."""

    # Set by a service before save() so history says who changed the record and why.
    _history_user: User | None
    _change_reason: str

    class Role(models.TextChoices):
        KEY_WORKER = "key_worker", "Key worker"
        TEAM_MANAGER = "team_manager", "Team manager"
        SERVICE_MANAGER = "service_manager", "Service manager"
        ADMINISTRATOR = "administrator", "Administrator"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff", null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.KEY_WORKER)
    # Key workers and team managers belong to a team; a service manager to a service.
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="managers", null=True, blank=True
    )
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class SignInMethod(models.TextChoices):
        PASSWORD = "password", "Password"
        PROVIDER = "provider", "Council account"

    # The identity provider's stable id for this person (Entra ID's object id), recorded at
    # their first sign-in through it; later sign-ins match on it alone, never on e-mail.
    identity_subject = models.CharField(
        max_length=255, null=True, blank=True, unique=True, editable=False
    )
    last_sign_in_method = models.CharField(
        max_length=20, choices=SignInMethod.choices, blank=True, editable=False
    )
    # Set when the account was deactivated because nobody signed in to it for
    # INACTIVE_ACCOUNT_DAYS (staff.services.deactivate_inactive_accounts); cleared on reactivation.
    deactivated_unused_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login", "last_sign_in_method"])

    class Meta:
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def keep_only_used_placement(self) -> None:
        """A team or service the role does not use would widen nothing today, but would the day
        the role changes back: keep only the placement the role reads."""
        if self.role in (self.Role.KEY_WORKER, self.Role.TEAM_MANAGER):
            self.service = None
        elif self.role == self.Role.SERVICE_MANAGER:
            self.team = None
        else:
            self.team = None
            self.service = None

    @property
    def is_key_worker(self) -> bool:
        return self.role == self.Role.KEY_WORKER

    @property
    def is_team_manager(self) -> bool:
        return self.role == self.Role.TEAM_MANAGER

    @property
    def is_service_manager(self) -> bool:
        return self.role == self.Role.SERVICE_MANAGER

    @property
    def is_administrator(self) -> bool:
        return self.role == self.Role.ADMINISTRATOR

    @property
    def is_manager(self) -> bool:
        return self.role in (self.Role.TEAM_MANAGER, self.Role.SERVICE_MANAGER)


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ARG002
        raise PermissionError("The access log cannot be changed.")

    def delete(self):
        raise PermissionError("The access log cannot be deleted.")


class AccessLog(models.Model):
    """Who viewed, printed, exported or was refused a case record, and when.

    Identifiers only, never case content. Rows are append-only: the application can neither
    change nor delete them.
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        PRINT = "print", "Printed"
        PDF = "pdf", "Downloaded PDF"
        EXPORT = "export", "Exported"
        DOWNLOAD = "download", "Downloaded a document"
        REFUSED = "refused", "Refused access"
        # Records written from another system's file (imports/): the import, not one record.
        IMPORT = "import", "Imported"

    class RecordType(models.TextChoices):
        """What was looked at: one member per kind of thing. A list page and one record of
        that kind share a member (the row's record_id tells them apart); a document made from
        records (the case record, the family plan, the closure letter) is a kind of its own,
        because the audit trail must show what left the system."""

        CASE = "case", "Case"
        CASE_AUDIT = "case-audit", "Audit trail"
        CASE_RECORD = "case-record", "Case record document"
        CHRONOLOGY = "chronology", "Chronology"
        FAMILY = "family", "Family"
        PERSON = "person", "Person"
        SUBJECT_ACCESS = "subject-access", "Subject access export"
        CONTACT = "contact", "Contacts"
        CASE_EVENT = "case-event", "Events"
        AGENCY = "agency", "Agencies"
        CONSENT = "consent", "Consent"
        INFORMATION_SHARE = "information-share", "Information sharing"
        LIVING_ARRANGEMENT = "living-arrangement", "Where the young person lives"
        LEGAL_STATUS = "legal-status", "Legal status and orders"
        ASSESSMENT = "assessment", "Assessment"
        PLAN = "plan", "Plan"
        FAMILY_PLAN = "family-plan", "Family plan document"
        REVIEW = "review", "Review"
        CLOSURE = "closure", "Closure"
        CLOSURE_LETTER = "closure-letter", "Closure letter"
        CLOSURE_AMENDMENT = "closure-amendment", "Closure amendment"
        FOLLOW_UP = "follow-up", "Follow-up check"
        OUTCOME_REPORT = "outcome-report", "Outcome report"
        STAFF_MEMBER = "staff-member", "Staff member"
        ATTACHMENT = "attachment", "Document"
        CASE_IMPORT = "case-import", "Import from the previous system"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    # A plain id, not a foreign key: a refused request may name a case that does not exist or
    # belongs to another organisation, and that attempt must still be recorded.
    case_id = models.BigIntegerField(null=True, db_index=True)
    # What was looked at. Rows written before RecordType had plural list names ("contacts",
    # "agencies", "case-events", "reviews", "plan-versions"): they still read, under the raw name.
    record_type = models.CharField(max_length=40, choices=RecordType.choices)
    record_id = models.BigIntegerField(null=True)
    ip_address = models.GenericIPAddressField(null=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["case_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.record_type} {self.record_id} at {self.at}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log cannot be deleted.")


class NoHardDeleteQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("Case records are never deleted; close or archive them instead.")


class StaleRecordError(Exception):
    """A save from a copy of a case record that someone else has saved since it was read.

    Nothing was written. The page layer shows the worker the stale-edit message with their text
    kept (edgecare.middleware.StaleSaveMiddleware). The message names identifiers only. Like
    IntegrityError, code inside a transaction that wants to carry on catches it outside an
    atomic block of its own.
    """

    def __init__(self, record: models.Model, read_version: int):
        self.model_label = record._meta.label
        self.pk = record.pk
        self.read_version = read_version
        super().__init__(
            f"{self.model_label} {self.pk} was saved by someone else after version "
            f"{read_version} was read; this save was refused."
        )


class CaseRecord(models.Model):
    """Base for every model that is part of a child's case record.

    Keeps who changed what and when (history), refuses hard deletes, and carries a row version
    so that a second, stale save of the same record is refused instead of silently winning.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    row_version = models.PositiveIntegerField(default=0, editable=False)

    objects = NoHardDeleteQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)
    # Set by services before a save: django-simple-history records it as who made the change.
    _history_user: User | None
    # And, where it matters, why (an import says "Imported from the previous system").
    _change_reason: str

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self._state.adding or (update_fields is not None and not update_fields):
            return super().save(*args, **kwargs)
        read = self.row_version or 0
        if update_fields is not None:
            # A partial save moves the version on too, or a copy read before it could still win.
            kwargs["update_fields"] = {*update_fields, "row_version", "updated_at"}
        self.row_version = read + 1
        # Read by _do_update: the UPDATE only matches the row if it still has the version this
        # copy was read at, so of two saves from the same version exactly one can win.
        self._row_version_read = read
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.row_version = read
            raise
        finally:
            del self._row_version_read

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        read = getattr(self, "_row_version_read", None)
        if read is None or self._meta.get_field("row_version").model is not base_qs.model:
            # Not a save through save() above (fixtures, raw saves), or a child table in
            # multi-table inheritance whose parent row carries the version.
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        updated = super()._do_update(
            base_qs.filter(row_version=read), using, pk_val, values, update_fields, forced_update
        )
        if not updated and base_qs.filter(pk=pk_val).exists():
            raise StaleRecordError(self, read)
        return updated

    def delete(self, *args, **kwargs):
        raise PermissionError("Case records are never deleted; close or archive them instead.")

    def recorded_late_by(self, happened_on) -> int | None:
        """Working days between what this record is about (`happened_on`) and the day it was
        recorded, when more than LATE_RECORDING_DAYS; None when recorded in good time."""
        recorded_on = timezone.localdate(self.created_at) if self.created_at else None
        return recorded_days_later(happened_on, recorded_on, allowed=settings.LATE_RECORDING_DAYS)
