"""What happened on a case, for the chronology. Importable from `families.models` like every
model of the app.

- `Contact`: a case note of a visit, call or meeting, with when it happened and how late it was
  typed in.
- `CaseEvent`: an event outside our own work (a missing episode, an arrest, an exclusion).
- `SignificantEvent`: a worker's mark that a chronology entry matters, with their analysis.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from edgecare.dates import short_date, working_days_between
from edgecare.models import CaseRecord
from edgecare.out_of_hours import is_out_of_hours


class Contact(CaseRecord):
    """A case note: a visit, call or meeting with or about the family."""

    class ContactType(models.TextChoices):
        HOME_VISIT = "home_visit", "Home visit"
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text or message"
        OFFICE = "office", "Office visit"
        SCHOOL = "school", "School visit"
        ACTIVITY = "activity", "Activity with the young person"
        MEETING = "meeting", "Meeting"
        FGC = "fgc", "Family group conference"

    # What a worker writes about a contact, besides who was seen: what the contact forms save
    # and the subject access export shows, in this order.
    WRITTEN_FIELDS = [
        "contact_date",
        "start_time",
        "duration_minutes",
        "contact_type",
        "young_person_seen_alone",
        "purpose",
        "what_happened",
        "next_steps",
    ]

    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, related_name="contacts")
    contact_date = models.DateField("Date")
    start_time = models.TimeField()
    duration_minutes = models.PositiveIntegerField("Duration (minutes)")
    contact_type = models.CharField("Type", max_length=12, choices=ContactType.choices)
    people_seen = models.ManyToManyField("families.Person", related_name="contacts", blank=True)
    young_person_seen_alone = models.BooleanField(default=False)
    purpose = models.CharField(max_length=300)
    what_happened = models.TextField()
    next_steps = models.TextField(blank=True)
    # Derived from the date and time on save; stored so reports can count it in the database.
    out_of_hours = models.BooleanField(default=False, editable=False)
    # Working days from the contact to the day it was first recorded; stored (like
    # out_of_hours) so the caseloads count each worker's late records in the database.
    recorded_after_working_days = models.PositiveSmallIntegerField(default=0, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-contact_date", "-start_time", "-id"]
        indexes = [
            models.Index(fields=["case", "-contact_date", "-start_time"]),
            # Caseloads' figures over recent weeks (the late-recording share, contacts in the
            # last weeks) ask for every contact since a date across all cases in scope:
            # without it, a parallel scan of the whole table on every caseloads page.
            models.Index(fields=["contact_date"], name="families_contact_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_contact_type_display()} on {short_date(self.contact_date)}"

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.contact_date, self.start_time)

    @property
    def recorded_days_later(self) -> int | None:
        """ "Recorded N days later": set when typed in after LATE_RECORDING_DAYS."""
        late = self.recorded_after_working_days
        return late if late > settings.LATE_RECORDING_DAYS else None

    def save(self, *args, **kwargs):
        self.out_of_hours = is_out_of_hours(self.starts_at)
        recorded_on = (
            timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
        )
        self.recorded_after_working_days = min(
            working_days_between(self.contact_date, recorded_on), 32767
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "out_of_hours",
                "recorded_after_working_days",
            }
        super().save(*args, **kwargs)


class CaseEvent(CaseRecord):
    """A dated event that happened outside our own work (an arrest, a missing episode, a school
    exclusion) and belongs on the chronology."""

    class Kind(models.TextChoices):
        MISSING = "missing", "Went missing"
        POLICE = "police", "Police involvement"
        SCHOOL = "school", "School event (exclusion, move)"
        HEALTH = "health", "Health event"
        HOUSING = "housing", "Housing change"
        FAMILY = "family", "Family change"
        OTHER = "other", "Other"

    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, related_name="events")
    event_date = models.DateField("Date")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    summary = models.CharField(max_length=300)
    source = models.CharField("Who told us", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-event_date", "-id"]

    def __str__(self) -> str:
        return self.summary

    @property
    def recorded_days_later(self) -> int | None:
        return self.recorded_late_by(self.event_date)


class SignificantEvent(CaseRecord):
    """A worker's mark that a chronology entry matters, with their analysis of what it means for
    the young person. Points at the entry by kind and id, because entries come from many models."""

    case = models.ForeignKey(
        "families.Case", on_delete=models.PROTECT, related_name="significant_marks"
    )
    entry_kind = models.CharField(max_length=30)
    entry_id = models.BigIntegerField()
    analysis = models.TextField("What this means for the young person")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "entry_kind", "entry_id"], name="one_mark_per_chronology_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_kind} {self.entry_id}"
