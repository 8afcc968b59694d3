"""The retention rule: when a closed case comes up for a keep-or-dispose decision."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max

from edgecare.dates import add_years
from families.models import Case


@dataclass(frozen=True)
class RetentionDue:
    case_reference: str
    family_reference: str
    closed_on: datetime.date
    review_from: datetime.date


def review_date(*, closed_on: datetime.date, youngest_birth: datetime.date | None) -> datetime.date:
    after_closure = add_years(closed_on, settings.RETENTION_YEARS_AFTER_CLOSURE)
    if youngest_birth is None:
        return after_closure
    return max(after_closure, add_years(youngest_birth, settings.RETENTION_UNTIL_AGE))


def cases_due_for_review(
    today: datetime.date, *, organisation_id: int | None = None
) -> list[RetentionDue]:
    """Closed cases whose retention period has run out, oldest first. Identifiers only. Every
    organisation's, or one's (`organisation_id`: the list its administrators are sent).

    A family with a later, open or more recently closed episode is not due: the record is still
    in use."""
    held = Case.objects.all()
    if organisation_id is not None:
        held = held.filter(family__organisation_id=organisation_id)
    latest = held.values("family_id").annotate(last_closed=Max("closed_on"))
    still_in_use = {
        row["family_id"] for row in held.exclude(status=Case.Status.CLOSED).values("family_id")
    }
    last_closed = {row["family_id"]: row["last_closed"] for row in latest}
    due = []
    cases = (
        held.filter(status=Case.Status.CLOSED, closed_on__isnull=False)
        .annotate(youngest_birth=Max("young_people__date_of_birth"))
        .order_by("closed_on", "pk")
    )
    for case in cases:
        if case.family_id in still_in_use or last_closed.get(case.family_id) != case.closed_on:
            continue
        when = review_date(closed_on=case.closed_on, youngest_birth=case.youngest_birth)
        if when <= today:
            due.append(RetentionDue(case.reference, f"F{case.family_id:06d}", case.closed_on, when))
    return due
