"""The pages the benchmark measures, who views them, and the targets they are held to.

Shared by inprocess.py (query counts, profiles) and load.py (HTTP). Needs Django set up.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

FLOOR_PATH = "/bench-floor-no-such-page/"


@dataclass
class Page:
    name: str
    label: str
    role: str  # "worker" or "manager": which signed-in account requests it
    path: str | None  # None: the page is not in this version of the application
    kind: str  # "html", "pdf" or "floor"
    expect: int = 200
    requests: int = 100  # per run, shared by the concurrent clients

    def as_dict(self) -> dict:
        return asdict(self)


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def outcome_year() -> tuple[datetime.date, datetime.date]:
    """The last complete calendar year: what a service reports on."""
    year = timezone.localdate().year - 1
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def pages(busy_case_id: int, busy_plan_id: int | None) -> list[Page]:
    start, end = outcome_year()
    outcomes = _url("managers:outcomes")
    if outcomes:
        outcomes += f"?date_from={start.isoformat()}&date_to={end.isoformat()}"
    plan_pdf = _url("plans:family_plan_pdf", busy_case_id, busy_plan_id) if busy_plan_id else None
    return [
        # A signed-in request for a page that does not exist: the whole middleware stack
        # (session, user, two-factor, access rules, headers), then the 404 page, which renders
        # without the request (edgecare.middleware.error_page: no menu). No URL is added for it.
        Page("floor", "Floor: signed-in 404", "worker", FLOOR_PATH, "floor", 404),
        Page("home", "Worker's home page", "worker", _url("home"), "html"),
        Page("case_list", "Team case list", "worker", _url("families:case_list"), "html"),
        Page(
            "busy_case",
            "Busy case page (500 contacts)",
            "worker",
            _url("families:case_detail", busy_case_id),
            "html",
        ),
        Page(
            "chronology",
            "Busy case chronology",
            "worker",
            _url("families:case_chronology", busy_case_id),
            "html",
        ),
        Page(
            "caseloads",
            "Caseloads (service manager)",
            "manager",
            _url("managers:caseloads"),
            "html",
        ),  # fmt: skip
        Page("outcomes", f"Outcome report {start.year}", "manager", outcomes, "html"),
        Page(
            "family_plan_pdf", "Family plan PDF (busy case)", "worker", plan_pdf, "pdf", requests=30
        ),  # fmt: skip
        Page(
            "case_record_pdf",
            "Case record PDF (busy case)",
            "manager",
            _url("case_record:pdf", busy_case_id),
            "document",  # queued: timed from the request to the finished download
            expect=302,
            requests=10,
        ),
        # For information (no target): the same record with all 500 contacts listed one by one,
        # which a manager asks for explicitly.
        Page(
            "case_record_pdf_full",
            "Case record PDF, every contact listed",
            "manager",
            _with_query(_url("case_record:pdf", busy_case_id), "chronology=full"),
            "document",
            expect=302,
            requests=10,
        ),
    ]


def _with_query(path: str | None, query: str) -> str | None:
    return f"{path}?{query}" if path else None
