"""The service outcome report as a PDF, through the project's one PDF pipeline
(edgecare.pdf: a template, styles from the static files, no external fetch). Aggregates only:
no family is named anywhere in it."""

from __future__ import annotations

import datetime

from django.http import QueryDict
from django.utils import timezone

from edgecare.documents import AccessRow, DocumentRefused, MadeDocument, register_maker
from edgecare.models import AccessLog, PreparedDocument
from edgecare.pdf import render_pdf
from managers.charts import outcome_charts
from managers.outcome_cache import report_for
from managers.outcomes import OutcomeReport

STYLESHEET = "css/family-document.css"

# The family document's type is sized for families reading at home; a report for managers
# needs tables that fit the page.
REPORT_CSS = """
.fd-pdf { font-size: 10.5pt; }
.or-table { width: 100%; border-collapse: collapse; margin: 0 0 1em; }
.or-table th, .or-table td { border-bottom: 1px solid #b1b4b6; padding: 3px 6px; text-align: left;
  vertical-align: top; }
.or-table td.num, .or-table th.num { text-align: right; }
.or-figures { width: 100%; border-collapse: collapse; margin: 0 0 1em; }
.or-figures td { border: 1px solid #0b0c0c; padding: 6px; width: 25%; vertical-align: top; }
.or-big { font-size: 1.8em; font-weight: bold; display: block; }
.or-note { font-size: 0.9em; color: #505a5f; }
.or-chart svg { max-width: 100%; height: auto; }
.or-section { page-break-inside: avoid; }
/* A long table may run on to the next page, but never splits a row, repeats its column
   headings there, and keeps the heading or chart above it with its first rows. */
.or-table thead { display: table-header-group; }
.or-table tr { break-inside: avoid; page-break-inside: avoid; }
.or-chart { break-inside: avoid; page-break-inside: avoid; }
.or-chart, .fd-heading { break-after: avoid; page-break-after: avoid; }
"""


def render_outcome_report_pdf(
    report: OutcomeReport, *, organisation, produced_by, produced_at: datetime.datetime
) -> bytes:
    return render_pdf(
        "managers/outcomes_pdf.html",
        {
            "report": report,
            "charts": outcome_charts(report, width=620),
            "organisation": organisation,
            "produced_by": produced_by,
            "produced_at": produced_at,
        },
        stylesheets=(STYLESHEET,),
        extra_css=REPORT_CSS,
    )


def report_filename(report: OutcomeReport, suffix: str) -> str:
    f = report.filters
    return f"service-outcomes-{f.date_from:%Y%m%d}-{f.date_to:%Y%m%d}{suffix}"


def make_outcome_report(document: PreparedDocument) -> MadeDocument:
    """In a worker: the report for the requester's scope and the filters they chose (the
    page's query string, read by the page's own form)."""
    from managers.forms import OutcomeFilterForm

    user = document.requested_by
    if not user.has_perm("edgecare.view_caseloads"):
        raise DocumentRefused("no longer a manager")
    query = QueryDict(document.parameters.get("query", ""))
    filters = OutcomeFilterForm(query or None, user=user).report_filters()
    report = report_for(user, filters)
    pdf = render_outcome_report_pdf(
        report,
        organisation=user.organisation,
        produced_by=user,
        produced_at=timezone.localtime(),
    )
    return MadeDocument(
        content=pdf,
        filename=report_filename(report, ".pdf"),
        access_rows=[AccessRow(AccessLog.RecordType.OUTCOME_REPORT)],
    )


def register() -> None:
    register_maker(PreparedDocument.Kind.OUTCOME_REPORT, make_outcome_report)
