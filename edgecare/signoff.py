"""The one sign-off workflow: a record written by a worker, submitted, and signed off (or
returned for changes) by a manager of the case.

`SignOffRecord` is the abstract case record every record that needs a manager's sign-off
derives from (assessments, closures, and any later one). Its transitions are the only way its
status moves:

- each locks the record's row (select_for_update inside one transaction), so two managers
  acting at once cannot both sign off, and a worker cannot submit while a manager returns;
- each refuses a closed case (its record is read-only);
- submit and sign-off run the record's own "is it ready?" check, `sign_off_problems()`;
- sign-off and return apply the one "who may sign" rule, `edgecare.sign_off_record`
  (edgecare/rules.py);
- a record type's cross-model effects (a signed-off closure closes the case) run through the
  `effects` callable its service passes, inside the same transaction;
- every transition sends `sign_off_transition` (record, transition, by), the one signal the
  notifications listen to.

This module imports no app: the case is reached through the record's `case` foreign key.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

from edgecare.dates import long_date, recorded_days_later
from edgecare.models import CaseRecord
from edgecare.records_common import staff_link

log = logging.getLogger("edgecare.signoff")

# Sent inside the transition's transaction, after the record is saved: whatever a receiver
# writes (a notification) commits or rolls back with the transition itself.
# Arguments: record (the saved SignOffRecord), transition ("submitted", "signed_off",
# "returned"), by (the user who made it).
sign_off_transition = Signal()

SUBMITTED = "submitted"
SIGNED_OFF = "signed_off"
RETURNED = "returned"

# A record type's own effects take that type (a closure's take a Closure).
Effects = Callable[[Any], None]


class SignOffStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting sign-off"
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned for changes"


class SignOffRecord(CaseRecord):
    """A case record that a manager signs off.

    Lifecycle: draft -> submitted -> signed off, or submitted -> returned -> submitted again.
    Subclasses set `author_field` (who wrote it), `record_name` (how messages name it) and
    `sign_off_permission`, and override `sign_off_problems()`. A subclass may add statuses of
    its own (a closure can be withdrawn) by redefining `status` with more choices.
    """

    Status = SignOffStatus
    EDITABLE_STATUSES = frozenset({SignOffStatus.DRAFT, SignOffStatus.RETURNED})

    # The name of the foreign key to the user who wrote the record.
    author_field = "created_by"
    # How messages name the record: "Only a draft or returned {record_name} can be submitted."
    record_name = "record"
    # The permission a view checks before showing the sign-off and return buttons.
    sign_off_permission = "edgecare.sign_off_record"
    # The rule the transitions apply to who signs (edgecare/rules.py).
    sign_off_rule = "edgecare.sign_off_record"
    # A record that corrects a closed case's record (a closure amendment) moves on a closed
    # case; every other record is read-only once the case is closed.
    moves_on_closed_case = False

    status = models.CharField(
        max_length=12, choices=SignOffStatus.choices, default=SignOffStatus.DRAFT, editable=False
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = staff_link()
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The day the manager signed it off, which may be days before it was recorded here (in
    # supervision, at a panel): what the journey's date rules read (a plan cannot be agreed
    # before its assessment was signed off). `signed_off_at` is when it was recorded.
    signed_off_on = models.DateField("Date signed off", null=True, blank=True, editable=False)
    signed_off_by = staff_link()
    sign_off_comments = models.TextField(blank=True, editable=False)
    returned_at = models.DateTimeField(null=True, blank=True, editable=False)
    returned_by = staff_link()
    returned_comments = models.TextField("What needs to change", blank=True, editable=False)

    class Meta:
        abstract = True

    # State ---------------------------------------------------------------------------------

    @property
    def author_id(self) -> int | None:
        return getattr(self, f"{self.author_field}_id")

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_submitted(self) -> bool:
        return self.status == SignOffStatus.SUBMITTED

    @property
    def is_awaiting_sign_off(self) -> bool:
        return self.is_submitted

    @property
    def is_signed_off(self) -> bool:
        return self.status == SignOffStatus.SIGNED_OFF

    @property
    def is_returned(self) -> bool:
        return self.status == SignOffStatus.RETURNED

    @property
    def signed_off_day(self) -> datetime.date | None:
        """The day it was signed off (records from before the date was asked: the day recorded)."""
        if self.signed_off_on is not None:
            return self.signed_off_on
        return timezone.localdate(self.signed_off_at) if self.signed_off_at else None

    @property
    def sign_off_recorded_days_later(self) -> int | None:
        """ "Recorded N days later" for a sign-off typed in after LATE_RECORDING_DAYS."""
        if self.signed_off_at is None:
            return None
        return recorded_days_later(
            self.signed_off_day,
            timezone.localdate(self.signed_off_at),
            allowed=settings.LATE_RECORDING_DAYS,
        )

    def sign_off_date_problems(self, day: datetime.date) -> list[str]:
        """Why `day` cannot be the day this record was signed off: not in the future, and not
        before what it records (`signed_off_not_before`)."""
        if day > timezone.localdate():
            return ["The date it was signed off cannot be in the future."]
        earliest, what = self.signed_off_not_before()
        if earliest is not None and day < earliest:
            return [
                f"The {self.record_name} cannot have been signed off before {what} "
                f"({long_date(earliest)})."
            ]
        return []

    # Hooks ---------------------------------------------------------------------------------

    def signed_off_not_before(self) -> tuple[datetime.date | None, str]:
        """The earliest possible sign-off day and how to name it: by default the referral.
        A record with a date of its own (an assessment's, a closure's) returns that."""
        return self.case.referral_date, "the referral"

    def sign_off_problems(self) -> list[str]:
        """Why this record is not ready to submit or sign off, in words a worker can act on."""
        return []

    @classmethod
    def for_transition(cls, pk: int) -> SignOffRecord:
        """The record as a transition reads it (after its row is locked): a subclass whose
        readiness check reads related rows prefetches them here."""
        return cls._default_manager.select_related("case").get(pk=pk)

    # Transitions ---------------------------------------------------------------------------

    def submit(self, *, by, effects: Effects | None = None) -> None:
        def apply(record: SignOffRecord) -> None:
            if not record.is_editable:
                raise ValidationError(
                    f"Only a draft or returned {record.record_name} can be submitted."
                )
            _refuse_problems(record)
            record.status = SignOffStatus.SUBMITTED
            record.submitted_at = timezone.now()
            record.submitted_by = by

        self._transition(SUBMITTED, by=by, apply=apply, effects=effects)

    def sign_off(
        self,
        *,
        by,
        comments: str = "",
        on: datetime.date | None = None,
        effects: Effects | None = None,
    ) -> None:
        """Signed off by `by` on `on` (today when not given: a sign-off in supervision or at a
        panel may be typed in days later)."""

        def apply(record: SignOffRecord) -> None:
            if not record.is_submitted:
                raise ValidationError(
                    f"Only a {record.record_name} awaiting sign-off can be signed off."
                )
            _refuse_unless_may_sign(record, by)
            _refuse_problems(record)
            day = on or timezone.localdate()
            date_problems = record.sign_off_date_problems(day)
            if date_problems:
                raise ValidationError(date_problems)
            record.status = SignOffStatus.SIGNED_OFF
            record.signed_off_on = day
            record.signed_off_at = timezone.now()
            record.signed_off_by = by
            record.sign_off_comments = (comments or "").strip()

        self._transition(SIGNED_OFF, by=by, apply=apply, effects=effects)

    def return_for_changes(self, *, by, comments: str, effects: Effects | None = None) -> None:
        def apply(record: SignOffRecord) -> None:
            if not record.is_submitted:
                raise ValidationError(
                    f"Only a {record.record_name} awaiting sign-off can be returned."
                )
            _refuse_unless_may_sign(record, by)
            if not (comments or "").strip():
                raise ValidationError(
                    f"Say what needs to change before returning the {record.record_name}."
                )
            record.status = SignOffStatus.RETURNED
            record.returned_at = timezone.now()
            record.returned_by = by
            record.returned_comments = comments.strip()

        self._transition(RETURNED, by=by, apply=apply, effects=effects)

    def _transition(
        self,
        transition: str,
        *,
        by,
        apply: Callable[[SignOffRecord], None],
        effects: Effects | None,
    ) -> None:
        model = type(self)
        with transaction.atomic():
            # Lock the row first, then read it: whoever waited reads what the other one saved.
            model._default_manager.select_for_update().filter(pk=self.pk).values_list(
                "pk", flat=True
            ).get()
            record = model.for_transition(self.pk)
            if record.case.is_closed and not record.moves_on_closed_case:
                raise ValidationError("This case is closed: its record can no longer be changed.")
            apply(record)
            record.save()
            if effects is not None:
                effects(record)
            sign_off_transition.send(sender=model, record=record, transition=transition, by=by)
        log.info(
            "%s %s id=%s case=%s by=%s",
            record.record_name,
            transition,
            record.pk,
            record.case_id,
            getattr(by, "pk", None),
        )
        # The caller's instance shows the new state too.
        self.refresh_from_db()


def _refuse_problems(record: SignOffRecord) -> None:
    problems = record.sign_off_problems()
    if problems:
        raise ValidationError(problems)


def _refuse_unless_may_sign(record: SignOffRecord, by) -> None:
    if not rules.test_rule(record.sign_off_rule, by, record):
        raise ValidationError(
            f"A {record.record_name} is signed off by a manager of the case who neither wrote "
            "nor submitted it."
        )
