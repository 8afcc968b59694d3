"""The service outcome report as a PDF, through the project's one PDF pipeline
(edgecare.pdf: a template, styles from the static files, no external fetch). Aggregates only:
no family is named anywhere in it."""

from __future__ import annotations

import datetime

from edgecare.pdf import render_pdf
from managers.charts import outcome_charts
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
