"""The service outcome report as a PDF, through the project's WeasyPrint pipeline (see
plans.documents): HTML from a template, the stylesheet read from the static files, no network.
Aggregates only: no family is named anywhere in it."""

from __future__ import annotations

import datetime

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from managers.charts import outcome_charts
from managers.outcomes import OutcomeReport

STYLESHEET = "css/family-document.css"


def stylesheet_text() -> str:
    path = finders.find(STYLESHEET)
    if not path:
        return ""
    with open(path, encoding="utf-8") as handle:
        return handle.read()


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
"""


def render_outcome_report_pdf(
    report: OutcomeReport, *, organisation, produced_by, produced_at: datetime.datetime
) -> bytes:
    # Imported here: WeasyPrint is heavy and only this view needs it.
    from weasyprint import CSS, HTML

    html = render_to_string(
        "managers/outcomes_pdf.html",
        {
            "report": report,
            "charts": outcome_charts(report, width=620),
            "organisation": organisation,
            "produced_by": produced_by,
            "produced_at": produced_at,
        },
    )
    return HTML(string=html, base_url=None).write_pdf(
        stylesheets=[CSS(string=stylesheet_text()), CSS(string=REPORT_CSS)]
    )
