"""What the assessments app adds to the case page and the chronology (listed in order by casefile).

Each provider runs a fixed number of queries per case, however many assessments it has.
"""

from __future__ import annotations

from django.urls import reverse

from assessments.models import Assessment
from assessments.selectors import baseline_scores, latest_signed_off_assessment
from edgecare.charts import horizontal_bar_chart
from edgecare.signoff import SIGNED_OFF, SUBMITTED
from families.case_parts import (
    ChronologyEntry,
    JourneyTask,
    NextStep,
    TaskStatus,
    once_per_case,
    present,
    sign_off_entry,
)
from families.models import Case

PANEL_TEMPLATE = "assessments/case_panel.html"


def _assessments(case: Case) -> list[Assessment]:
    return once_per_case(
        case,
        "assessments",
        lambda: list(
            Assessment.objects.filter(case_id=case.pk)
            .select_related("assessor", "signed_off_by", "submitted_by")
            .order_by("created_at", "pk")
        ),
    )


def assessment_panel(request, case: Case) -> dict:
    """The baseline: the latest signed-off assessment's scores per outcome area."""
    baseline = latest_signed_off_assessment(case)
    rows = baseline_scores(baseline) if baseline is not None else []
    chart = None
    if rows:
        chart = horizontal_bar_chart(
            [(row.domain_name, row.worker_score) for row in rows],
            title="Baseline scores (worker's score, 0 to 10)",
        )
    assessments = _assessments(case)
    return {
        "baseline": baseline,
        "baseline_rows": rows,
        "baseline_chart": chart,
        "case_assessments": list(reversed(assessments)),
        "can_start_assessment": request.user.has_perm("assessments.add_assessment", case)
        and not any(not a.is_signed_off for a in assessments),
        "start_url": reverse("assessments:start", args=[case.pk]),
    }


def assessment_next_steps(case: Case) -> list[NextStep]:
    assessments = _assessments(case)
    steps = []
    if case.status == Case.Status.ASSESSMENT and not assessments:
        steps.append(
            NextStep(
                "Start the initial assessment", url=reverse("assessments:start", args=[case.pk])
            )
        )
    for a in assessments:
        if a.status == Assessment.Status.SUBMITTED:
            steps.append(NextStep("Assessment awaiting sign-off", url=a.get_absolute_url()))
        elif a.status == Assessment.Status.RETURNED:
            steps.append(
                NextStep("Assessment returned: make the changes", url=a.get_absolute_url())
            )
        elif a.status == Assessment.Status.DRAFT:
            steps.append(NextStep("Finish the assessment and submit it", url=a.get_absolute_url()))
    return steps


def assessment_started_entries(case: Case) -> list[ChronologyEntry]:
    return [
        ChronologyEntry(
            kind="assessment",
            id=a.pk,
            date=a.assessment_date,
            title=f"{a} started",
            url=a.get_absolute_url(),
            by=str(a.assessor),
        )
        for a in _assessments(case)
    ]


def assessment_submitted_entries(case: Case) -> list[ChronologyEntry]:
    return present(
        sign_off_entry(a, SUBMITTED, kind="assessment", title=f"{a} submitted for sign-off")
        for a in _assessments(case)
    )


def assessment_signed_off_entries(case: Case) -> list[ChronologyEntry]:
    return present(
        sign_off_entry(
            a,
            SIGNED_OFF,
            kind="assessment",
            title=f"{a} signed off"
            + (f": overall risk {a.get_risk_level_display().lower()}" if a.risk_level else ""),
        )
        for a in _assessments(case)
    )


def journey_tasks(request, case: Case) -> list[JourneyTask]:
    """The assessment task: where the newest version stands (a correction in draft puts a
    signed-off assessment back in progress until it is signed off too)."""
    assessments = _assessments(case)
    if not assessments:
        if case.is_closed:
            return [
                JourneyTask(
                    "Assessment", TaskStatus.CANNOT_START, hint="None: the case closed first"
                )
            ]
        return [
            JourneyTask(
                "Assessment",
                TaskStatus.NOT_STARTED,
                url=reverse("assessments:start", args=[case.pk]),
                hint="Risks and strengths in each outcome area, with the family's views",
            )
        ]
    newest = assessments[-1]
    status, hint = {
        Assessment.Status.DRAFT: (TaskStatus.IN_PROGRESS, f"Version {newest.version} in draft"),
        Assessment.Status.RETURNED: (TaskStatus.IN_PROGRESS, "Returned for changes"),
        Assessment.Status.SUBMITTED: (
            TaskStatus.WAITING,
            "Submitted for a manager's sign-off",
        ),
    }.get(newest.status, (TaskStatus.COMPLETED, ""))
    if status == TaskStatus.COMPLETED and newest.signed_off_day:
        hint = f"Signed off {newest.signed_off_day:%-d %B %Y}"
    return [JourneyTask("Assessment", status, url=newest.get_absolute_url(), hint=hint)]
