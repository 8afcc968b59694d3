"""What the reviews app adds to the case page and the chronology (listed in order by casefile).

Each provider runs a fixed number of queries per case, however many reviews it has.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localtime

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
from plans.models import Plan
from plans.selectors import plan_in_force
from reviews.models import CaseReopening, Closure, FollowUpCheck, Review
from reviews.selectors import case_reviews, current_closure, progress_chart, progress_series

PANEL_TEMPLATE = "reviews/case_panel.html"


def _closures(case: Case) -> list[Closure]:
    return once_per_case(
        case,
        "closures",
        lambda: list(
            Closure.objects.filter(case_id=case.pk)
            .select_related("submitted_by", "signed_off_by", "created_by")
            .order_by("created_at", "pk")
        ),
    )


def _follow_ups(case: Case) -> list[FollowUpCheck]:
    return once_per_case(
        case,
        "follow_ups",
        lambda: list(
            FollowUpCheck.objects.filter(case_id=case.pk)
            .select_related("done_by")
            .order_by("due_date", "pk")
        ),
    )


def review_due(plan: Plan | None, today) -> tuple[object, int] | None:
    """(due date, days overdue or 0) for the plan in force, if a review is scheduled."""
    if plan is None or plan.next_review_date is None:
        return None
    return plan.next_review_date, max((today - plan.next_review_date).days, 0)


def reviews_panel(request, case: Case) -> dict:
    """Reviews of the plan with a progress chart, the closure and the follow-up checks."""
    today = timezone.localdate()
    reviews = case_reviews(case)
    series = progress_series(case, reviews)
    plan = plan_in_force(case)
    due = review_due(plan, today) if not case.is_closed else None
    closure = current_closure(case)
    user = request.user
    return {
        "reviews": list(reversed(reviews)),
        "series": series,
        "chart": progress_chart(series),
        "review_plan": plan,
        "review_due_on": due[0] if due else None,
        "review_overdue_days": due[1] if due else 0,
        "closure": closure,
        "follow_ups": _follow_ups(case),
        "reopenings": list(
            CaseReopening.objects.filter(case_id=case.pk).select_related("reopened_by")
        ),
        "today": today,
        "can_start_review": plan is not None
        and not any(r.is_editable for r in reviews)
        and user.has_perm("reviews.add_review", case),
        "can_start_closure": closure is None
        and case.status in (Case.Status.ACTIVE, Case.Status.CLOSING)
        and user.has_perm("reviews.add_closure", case),
        "can_reopen": case.is_closed and user.has_perm("reviews.reopen_case", case),
        "can_record_follow_ups": user.has_perm("families.add_case"),
    }


def review_next_steps(case: Case) -> list[NextStep]:
    today = timezone.localdate()
    steps: list[NextStep] = []
    if case.is_closed:
        for check in _follow_ups(case):
            if check.is_outstanding and check.due_date <= today:
                overdue = check.due_date < today
                steps.append(
                    NextStep(
                        f"{check} overdue by {(today - check.due_date).days} days"
                        if overdue
                        else f"{check} due today",
                        url=check.get_absolute_url(),
                        due=check.due_date,
                        overdue=overdue,
                    )
                )
        return steps
    reviews = list(
        Review.objects.filter(case_id=case.pk).select_related("plan").order_by("review_date", "pk")
    )
    for review in reviews:
        if review.is_editable:
            steps.append(
                NextStep(
                    f"Finish the review of {review.review_date:%-d %B %Y} and complete it",
                    url=review.get_absolute_url(),
                )
            )
    plan = plan_in_force(case)
    closure = current_closure(case)
    due = review_due(plan, today)
    if due is not None and closure is None:
        day, overdue_days = due
        steps.append(
            NextStep(
                f"Review overdue by {overdue_days} day{'s' if overdue_days != 1 else ''}"
                if overdue_days
                else f"Review due on {day:%-d %B %Y}",
                url=reverse("reviews:review_start", args=[case.pk]),
                due=day,
                overdue=bool(overdue_days),
            )
        )
    completed = [r for r in reviews if r.is_completed]
    last = completed[-1] if completed else None
    if (
        last is not None
        and last.decision == Review.Decision.REVISE
        and plan is not None
        and plan.pk == last.plan_id
        and not Plan.objects.filter(previous_version=plan).exists()
    ):
        steps.append(
            NextStep(
                f"The review of {last.review_date:%-d %B %Y} decided to revise the plan: "
                "revise it with the family",
                # Straight to the revision: the task list already links to the plan itself.
                url=reverse("plans:revise", args=[case.pk, plan.pk]),
            )
        )
    if closure is None and case.status == Case.Status.CLOSING:
        steps.append(
            NextStep(
                "Prepare the closure with the family",
                url=reverse("reviews:closure_start", args=[case.pk]),
            )
        )
    elif closure is not None:
        text = {
            Closure.Status.DRAFT: "Finish the closure and submit it for sign-off",
            Closure.Status.RETURNED: "Closure returned: make the changes",
            Closure.Status.SUBMITTED: "Closure awaiting a manager's sign-off",
        }.get(closure.status)
        if text:
            steps.append(NextStep(text, url=closure.get_absolute_url()))
    return steps


def _at(value):
    at = localtime(value)
    return at.date(), at.time()


def review_entries(case: Case) -> list[ChronologyEntry]:
    entries = []
    for review in (
        Review.objects.filter(case_id=case.pk)
        .completed()
        .select_related("completed_by")
        .order_by("review_date", "pk")
    ):
        title = f"{review.get_review_type_display()} completed: {review.get_decision_display()}"
        if review.risk_raised:
            title += f" (risk raised to {review.get_risk_level_display().lower()})"
        entries.append(
            ChronologyEntry(
                kind="review_completed",
                id=review.pk,
                date=review.review_date,
                title=title,
                summary=review.decision_reason,
                url=review.get_absolute_url(),
                by=str(review.completed_by or ""),
            )
        )
    return entries


def closure_submitted_entries(case: Case) -> list[ChronologyEntry]:
    return present(
        sign_off_entry(
            closure,
            SUBMITTED,
            kind="closure",
            title=f"Closure submitted for sign-off: {closure.get_reason_display().lower()}",
        )
        for closure in _closures(case)
    )


def closure_signed_off_entries(case: Case) -> list[ChronologyEntry]:
    return present(
        sign_off_entry(
            closure,
            SIGNED_OFF,
            kind="closure",
            title=f"Case closed ({closure.get_reason_display().lower()}); "
            f"key outcome: {closure.key_outcome_display.lower()}",
            on=closure.closure_date,
            summary=closure.sign_off_comments,
        )
        for closure in _closures(case)
    )


def reopened_entries(case: Case) -> list[ChronologyEntry]:
    entries = []
    for reopening in CaseReopening.objects.filter(case_id=case.pk).select_related("reopened_by"):
        day, time = _at(reopening.reopened_at)
        entries.append(
            ChronologyEntry(
                kind="case_reopened",
                id=reopening.pk,
                date=day,
                time=time,
                title="Case re-opened",
                summary=reopening.reason,
                by=str(reopening.reopened_by),
            )
        )
    return entries


def follow_up_entries(case: Case) -> list[ChronologyEntry]:
    entries = []
    for check in _follow_ups(case):
        if check.done_on is None:
            continue
        if check.status == FollowUpCheck.Status.NO_CONTACT:
            title = f"{check}: could not contact the family"
        else:
            findings = [f"living at home: {check.get_still_living_at_home_display().lower()}"]
            if check.re_referred:
                findings.append("referred again")
            if check.entered_care:
                findings.append("entered care")
            title = f"{check} made: " + ", ".join(findings)
        entries.append(
            ChronologyEntry(
                kind="follow_up_done",
                id=check.pk,
                date=check.done_on,
                title=title[0].upper() + title[1:],
                summary=check.notes,
                url=check.get_absolute_url(),
                by=str(check.done_by or ""),
            )
        )
    return entries


def _reviews_task(case: Case, closure: Closure | None) -> JourneyTask:
    reviews = once_per_case(
        case,
        "journey_reviews",
        lambda: list(Review.objects.filter(case_id=case.pk).order_by("review_date", "pk")),
    )
    plan = once_per_case(case, "plan_in_force", lambda: plan_in_force(case))
    completed = [r for r in reviews if r.is_completed]
    counted = f"{len(completed)} review{'' if len(completed) == 1 else 's'} completed"
    if case.is_closed or (closure is not None and closure.is_signed_off):
        if not reviews:
            return JourneyTask(
                "Reviews", TaskStatus.CANNOT_START, hint="None: the case closed before a review"
            )
        return JourneyTask(
            "Reviews", TaskStatus.COMPLETED, url=reviews[-1].get_absolute_url(), hint=counted
        )
    if plan is None:
        return JourneyTask("Reviews", TaskStatus.CANNOT_START, hint="Needs an agreed plan")
    editable = next((r for r in reviews if r.is_editable), None)
    due = f"due {plan.next_review_date:%-d %B %Y}" if plan.next_review_date else ""
    if editable is not None:
        return JourneyTask(
            "Reviews",
            TaskStatus.IN_PROGRESS,
            url=editable.get_absolute_url(),
            hint=f"Review of {editable.review_date:%-d %B %Y} being written",
        )
    if not completed:
        return JourneyTask(
            "Reviews",
            TaskStatus.NOT_STARTED,
            url=reverse("reviews:review_start", args=[case.pk]),
            hint=f"First review {due}" if due else "",
        )
    return JourneyTask(
        "Reviews",
        TaskStatus.IN_PROGRESS,
        url=reverse("reviews:review_start", args=[case.pk]),
        hint=f"{counted}, next {due}" if due else counted,
    )


def _closure_task(case: Case, closure: Closure | None) -> JourneyTask:
    if closure is None:
        if case.status in (Case.Status.ACTIVE, Case.Status.CLOSING):
            return JourneyTask(
                "Closure",
                TaskStatus.NOT_STARTED,
                url=reverse("reviews:closure_start", args=[case.pk]),
                hint="With a sustainability plan the family keeps",
            )
        return JourneyTask(
            "Closure",
            TaskStatus.CANNOT_START,
            hint="Closed without a closure record"
            if case.is_closed
            else "The support starts once the plan is agreed",
        )
    status, hint = {
        Closure.Status.DRAFT: (TaskStatus.IN_PROGRESS, "Being written"),
        Closure.Status.RETURNED: (TaskStatus.IN_PROGRESS, "Returned for changes"),
        Closure.Status.SUBMITTED: (TaskStatus.WAITING, "Submitted for a manager's sign-off"),
    }.get(closure.status, (TaskStatus.COMPLETED, f"Closed {closure.closure_date:%-d %B %Y}"))
    return JourneyTask("Closure", status, url=closure.get_absolute_url(), hint=hint)


def _follow_ups_task(case: Case) -> JourneyTask:
    checks = _follow_ups(case)
    if not case.is_closed or not checks:
        return JourneyTask(
            "Follow-up checks",
            TaskStatus.CANNOT_START,
            hint="Scheduled when the closure is signed off",
        )
    outstanding = [c for c in checks if c.is_outstanding]
    if not outstanding:
        return JourneyTask(
            "Follow-up checks",
            TaskStatus.COMPLETED,
            url=checks[-1].get_absolute_url(),
            hint=f"{len(checks)} checks made",
        )
    first = outstanding[0]
    done = len(checks) - len(outstanding)
    return JourneyTask(
        "Follow-up checks",
        TaskStatus.IN_PROGRESS if done else TaskStatus.NOT_STARTED,
        url=first.get_absolute_url(),
        hint=f"{done} of {len(checks)} made; next due {first.due_date:%-d %B %Y}",
    )


def journey_tasks(request, case: Case) -> list[JourneyTask]:
    """Reviews of the plan, the closure and the follow-up checks after it."""
    closure = once_per_case(case, "current_closure", lambda: current_closure(case))
    return [_reviews_task(case, closure), _closure_task(case, closure), _follow_ups_task(case)]
