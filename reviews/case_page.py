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
    NextStep,
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
                url=plan.get_absolute_url(),
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
