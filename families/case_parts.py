"""The shapes of one app's part of a case: a chronology entry, a next step, a case-page panel,
and the per-page memo they share.

Each app writes its parts as plain functions in its own `case_page.py` (or `chronology.py`);
the composition layer (`casefile`) lists them in their order. These shapes live here, low
enough for every app to import. Each part runs a fixed number of queries per case, so the
case page's cost does not grow with the number of an app's records.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from edgecare.signoff import SignOffRecord


@dataclass(frozen=True)
class ChronologyEntry:
    kind: str  # its kind in the chronology, e.g. "contact"
    id: int  # the record's primary key (with kind, identifies the entry for marking)
    date: datetime.date
    title: str
    summary: str = ""
    time: datetime.time | None = None
    url: str | None = None
    by: str = ""  # who recorded it, as a display name

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def sort_key(self) -> tuple:
        return (self.date, self.time or datetime.time(0, 0), self.kind, self.id)


@dataclass(frozen=True)
class ChronologyKind:
    """One kind of chronology entry: `provider(case) -> Iterable[ChronologyEntry]`."""

    kind: str
    label: str
    provider: Callable[..., Iterable[ChronologyEntry]]


@dataclass(frozen=True)
class NextStep:
    """Something that should happen next on a case; `overdue` ones are shown as warnings."""

    text: str
    url: str | None = None
    due: datetime.date | None = None
    overdue: bool = False


class TaskStatus:
    """The GOV.UK task list's statuses, in the words the pattern uses."""

    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    WAITING = "Waiting for sign-off"
    COMPLETED = "Completed"
    CANNOT_START = "Cannot start yet"


@dataclass(frozen=True)
class JourneyTask:
    """One stage of the case journey on the case page's task list (GOV.UK task list): its
    status, a hint saying where it stands, and the page it is done on. A task that cannot
    start yet has no link; its hint says what it waits for."""

    name: str
    status: str
    url: str | None = None
    hint: str = ""

    @property
    def slug(self) -> str:
        return self.name.lower().replace(" ", "-").replace("-of-", "-")

    @property
    def tag_class(self) -> str | None:
        """The tag colour of a status to act on; completed and cannot-start are plain text."""
        return {
            TaskStatus.NOT_STARTED: "govuk-tag--blue",
            TaskStatus.IN_PROGRESS: "govuk-tag--light-blue",
            TaskStatus.WAITING: "govuk-tag--yellow",
        }.get(self.status)

    @property
    def has_link(self) -> bool:
        return bool(self.url) and self.status != TaskStatus.CANNOT_START


@dataclass(frozen=True)
class CasePanel:
    """A template included on the case page, with `context(request, case) -> dict`."""

    template: str
    context: Callable[..., dict] = field(default=lambda request, case: {})


def once_per_case(case, key: str, load: Callable[[], object]):
    """Rows that several panels, next steps and chronology providers read about one case,
    loaded once per page. Only a page that asks for it (`remember_for_page(case)`, on GET
    pages that read and never write) shares them; anywhere else every call loads afresh."""
    memo = getattr(case, "_page_memo", None)
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


def remember_for_page(case) -> None:
    case._page_memo = {}


def present(entries: Iterable[ChronologyEntry | None]) -> list[ChronologyEntry]:
    """The entries that exist: a sign-off step not yet taken gives None."""
    return [entry for entry in entries if entry is not None]


def sign_off_entry(
    record: SignOffRecord,
    transition: str,
    *,
    kind: str,
    title: str,
    on: datetime.date | None = None,
    summary: str = "",
) -> ChronologyEntry | None:
    """The chronology entry of one sign-off step (`SUBMITTED` or `SIGNED_OFF`) of `record`,
    or None if the record has not taken it: the one shape every record's sign-off takes in
    the chronology. `kind` is the record's prefix ("assessment" gives "assessment_submitted");
    `on` replaces the step's own date and time (a closure is dated by its closure date). Select
    `submitted_by` and `signed_off_by` with the records to keep the query count flat."""
    at = getattr(record, f"{transition}_at")
    if at is None:
        return None
    local = timezone.localtime(at)
    return ChronologyEntry(
        kind=f"{kind}_{transition}",
        id=record.pk,
        date=on or local.date(),
        time=None if on else local.time(),
        title=title,
        summary=summary,
        url=record.get_absolute_url(),
        by=str(getattr(record, f"{transition}_by") or ""),
    )
