"""The outcome report's charts: where a manager would rather look than read. Each one sits
beside a table of the same numbers."""

from __future__ import annotations

from edgecare.charts import paired_bar_chart, simple_bar_chart
from managers.outcomes import OutcomeReport


def outcome_charts(report: OutcomeReport, *, width: int = 640) -> dict:
    at_home = [(label, share) for label, share, _yes, answered in report.at_home_rows if answered]
    worker = [(d.name, d.worker_baseline, d.worker_closure) for d in report.distance if d.worker_n]
    family = [(d.name, d.family_baseline, d.family_closure) for d in report.distance if d.family_n]
    return {
        "referrals": simple_bar_chart(
            report.referrals_by_month, title="Referrals received each month", width=width
        ),
        "response": simple_bar_chart(
            report.response_bands,
            title="Time from referral to first contact (families)",
            width=width,
        ),
        "closures": simple_bar_chart(
            report.closures_by_reason, title="Cases closed, by reason", width=width
        ),
        "at_home": simple_bar_chart(
            at_home, title="Young people living at home", unit="%", width=width
        ),
        "distance_worker": paired_bar_chart(
            worker,
            series=("Baseline", "At closure"),
            title="Outcome scores at the baseline and at closure (worker's scores, mean)",
            width=width,
        ),
        "distance_family": paired_bar_chart(
            family,
            series=("Baseline", "At closure"),
            title="Outcome scores at the baseline and at closure (family's own scores, mean)",
            width=width,
        ),
    }
