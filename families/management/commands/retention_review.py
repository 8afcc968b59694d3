"""Lists closed case records whose retention period has run out, for a person to decide on.

Prints identifiers only: no names or case content, so the output can go to a ticket."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from edgecare.dates import short_date
from families.retention import cases_due_for_review


class Command(BaseCommand):
    help = "List closed cases due for a retention review (identifiers only)."

    def add_arguments(self, parser):
        parser.add_argument("--on", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, on: datetime.date | None, **options):
        today = on or timezone.localdate()
        due = cases_due_for_review(today)
        self.stdout.write(
            f"Retention rule: {settings.RETENTION_YEARS_AFTER_CLOSURE} years after closure, and "
            f"not before the youngest young person is {settings.RETENTION_UNTIL_AGE}."
        )
        if not due:
            self.stdout.write(f"No closed cases are due for review on {short_date(today)}.")
            return
        self.stdout.write(f"{len(due)} closed cases are due for review on {short_date(today)}:")
        for row in due:
            self.stdout.write(
                f"  {row.case_reference}  family {row.family_reference}  "
                f"closed {short_date(row.closed_on)}  due since {short_date(row.review_from)}"
            )
