"""What the plans app adds to the case page and the chronology (listed in order by casefile).

Each provider runs a fixed number of queries per case, however many plan versions it has.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localtime

from assessments.models import Assessment
from families.case_parts import (
    ChronologyEntry,
    JourneyTask,
    NextStep,
    TaskStatus,
    once_per_case,
)
from families.models import Case
from plans.models import Goal, Plan

PANEL_TEMPLATE = "plans/case_panel.html"


def _plans(case: Case) -> list[Plan]:
    return once_per_case(
        case,
        "plans",
        lambda: list(
            Plan.objects.filter(case_id=case.pk)
            .select_related("created_by", "agreed_recorded_by")
            .order_by("version", "pk")
        ),
    )


def plan_panel(request, case: Case) -> dict:
    """The plan in force (or the draft being written), its goals and the next review."""
    plans = _plans(case)
    in_force = next((p for p in reversed(plans) if p.is_agreed), None)
    draft = next((p for p in reversed(plans) if p.is_draft), None)
    shown = in_force or draft
    goals = list(Goal.objects.filter(plan=shown).order_by("order", "id")) if shown else []
    has_signed_off = Assessment.objects.filter(
        case_id=case.pk, status=Assessment.Status.SIGNED_OFF
    ).exists()
    return {
        "plan": shown,
        "draft": draft if draft is not shown else None,
        "plan_goals": goals,
        "plan_count": len(plans),
        "can_start_plan": not plans
        and has_signed_off
        and request.user.has_perm("plans.add_plan", case),
        "needs_assessment": not plans and not has_signed_off,
        "start_url": reverse("plans:start", args=[case.pk]),
        "versions_url": reverse("plans:versions", args=[case.pk]),
        "today": timezone.localdate(),
    }


def plan_next_steps(case: Case) -> list[NextStep]:
    if case.is_closed:
        return []
    plans = _plans(case)
    steps = []
    if not plans:
        if Assessment.objects.filter(case_id=case.pk, status=Assessment.Status.SIGNED_OFF).exists():
            steps.append(
                NextStep(
                    "Build the plan from the signed-off assessment",
                    url=reverse("plans:start", args=[case.pk]),
                )
            )
        return steps
    for plan in plans:
        if plan.is_draft:
            steps.append(
                NextStep(
                    f"Plan version {plan.version} awaiting the family's agreement",
                    url=plan.get_absolute_url(),
                )
            )
    # When the next review is due (or overdue) is the reviews app's next step, shown once.
    return steps


def plan_entries(case: Case) -> list[ChronologyEntry]:
    """A plan written (version 1) or revised (later versions)."""
    entries = []
    for plan in _plans(case):
        at = localtime(plan.created_at)
        entries.append(
            ChronologyEntry(
                kind="plan",
                id=plan.pk,
                date=at.date(),
                time=at.time(),
                title="Plan written"
                if plan.version == 1
                else f"Plan revised: version {plan.version} started",
                summary=plan.revision_reason,
                url=plan.get_absolute_url(),
                by=str(plan.created_by),
            )
        )
    return entries


def plan_agreed_entries(case: Case) -> list[ChronologyEntry]:
    return [
        ChronologyEntry(
            kind="plan_agreed",
            id=plan.pk,
            date=plan.agreed_on,
            title=f"Plan version {plan.version} agreed with the family",
            summary=plan.family_comments,
            url=plan.get_absolute_url(),
            by=str(plan.agreed_recorded_by or ""),
        )
        for plan in _plans(case)
        if plan.agreed_on is not None
    ]


def journey_tasks(request, case: Case) -> list[JourneyTask]:
    """The plan task: completed once the family has agreed a version; it cannot start before
    an assessment is signed off, because the plan's goals start from its scores."""
    plans = _plans(case)
    agreed = [p for p in plans if p.is_agreed]
    if agreed:
        plan = agreed[-1]
        return [
            JourneyTask(
                "Plan",
                TaskStatus.COMPLETED,
                url=plan.get_absolute_url(),
                hint=f"Version {plan.version} agreed"
                + (f" {plan.agreed_on:%-d %B %Y}" if plan.agreed_on else ""),
            )
        ]
    if plans:
        return [
            JourneyTask(
                "Plan",
                TaskStatus.IN_PROGRESS,
                url=plans[-1].get_absolute_url(),
                hint="Awaiting the family's agreement",
            )
        ]
    signed_off = once_per_case(
        case,
        "has_signed_off_assessment",
        lambda: Assessment.objects.filter(
            case_id=case.pk, status=Assessment.Status.SIGNED_OFF
        ).exists(),
    )
    if case.is_closed or not signed_off:
        return [
            JourneyTask(
                "Plan",
                TaskStatus.CANNOT_START,
                hint="None: the case closed first"
                if case.is_closed
                else "Needs a signed-off assessment",
            )
        ]
    return [
        JourneyTask(
            "Plan",
            TaskStatus.NOT_STARTED,
            url=reverse("plans:start", args=[case.pk]),
            hint="Goals in the family's words, built from the assessment",
        )
    ]
