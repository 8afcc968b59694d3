"""Writes that touch several models: starting and completing a review, closing a case with its
sustainability plan, the manager's sign-off, re-opening, and scheduling follow-up checks.
Each runs in one transaction and refuses, with messages a worker can act on, anything that
would leave the record half-done."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.forms import IndicatorSetForm
from assessments.models import Assessment, IndicatorSet, OutcomeDomain
from assessments.selectors import baseline_scores, latest_signed_off_assessment
from edgecare.dates import add_months, next_working_day
from edgecare.models import User
from edgecare.records_common import require_open_case
from families.models import Case
from plans.models import Plan
from plans.selectors import plan_in_force
from reviews.models import (
    CaseReopening,
    Closure,
    ClosureAmendment,
    ClosureDomainScore,
    ClosureGoalOutcome,
    FollowUpCheck,
    Review,
    ReviewDomainScore,
    ReviewGoalProgress,
    closure_date_problems,
    risk_has_risen,
)

log = logging.getLogger("edgecare.reviews")

CLOSABLE_STATUSES = frozenset({Case.Status.ACTIVE, Case.Status.CLOSING})


# Reviews -------------------------------------------------------------------------------------


def review_date_problems(plan: Plan, review_date: datetime.date | None) -> list[str]:
    if review_date is None:
        return ["Enter the date of the review."]
    if review_date > timezone.localdate():
        return ["The date of the review cannot be in the future."]
    if plan.agreed_on and review_date < plan.agreed_on:
        return [
            "The review cannot be before the plan was agreed "
            f"({plan.agreed_on:%-d %B %Y}): it reviews that plan."
        ]
    return []


def default_next_review_date(review: Review) -> datetime.date:
    """The plan's cadence after this review, moved off a weekend or bank holiday."""
    return next_working_day(
        review.review_date + datetime.timedelta(weeks=review.plan.review_cadence_weeks)
    )


@transaction.atomic
def review_start(
    *,
    case: Case,
    started_by: User,
    review_date: datetime.date,
    review_type: str = Review.ReviewType.PLANNED,
) -> Review:
    """A draft review of the plan in force, with a row for each goal of the plan and each
    outcome area the organisation scores, ready to fill in."""
    case = Case.objects.select_for_update().select_related("family").get(pk=case.pk)
    require_open_case(case)
    plan = plan_in_force(case)
    if plan is None:
        raise ValidationError(
            "There is no agreed plan to review. A review looks at the plan agreed with the "
            "family: agree the plan first."
        )
    if Review.objects.filter(case=case).drafts().exists():
        raise ValidationError("A review is already being written: finish that one first.")
    problems = review_date_problems(plan, review_date)
    if problems:
        raise ValidationError(problems)
    review = Review.objects.create(
        case=case,
        plan=plan,
        review_date=review_date,
        review_type=review_type,
        created_by=started_by,
    )
    ReviewGoalProgress.objects.bulk_create(
        ReviewGoalProgress(review=review, goal=goal) for goal in plan.goals.all()
    )
    ReviewDomainScore.objects.bulk_create(
        ReviewDomainScore(review=review, domain=d, domain_name=d.name, domain_order=d.order)
        for d in OutcomeDomain.objects.active_for(case.family.organisation_id).order_by(
            "order", "pk"
        )
    )
    log.info("review started review=%s case=%s by=%s", review.pk, case.pk, started_by.pk)
    return review


def previous_risk_level(review: Review) -> str:
    """What the risk was before this review: the last completed review's, or the
    assessment's."""
    earlier = (
        Review.objects.completed()
        .filter(case_id=review.case_id)
        .exclude(pk=review.pk)
        .exclude(risk_level="")
        .filter(review_date__lte=review.review_date)
        .order_by("-review_date", "-completed_at", "-pk")
        .values_list("risk_level", flat=True)
        .first()
    )
    if earlier:
        return earlier
    assessment = latest_signed_off_assessment(review.case)
    return assessment.risk_level if assessment is not None else ""


def review_completion_problems(review: Review, *, previous_risk: str | None = None) -> list[str]:
    """Why this review cannot be completed yet, in words a worker can act on."""
    if not review.is_editable:
        return ["This review has already been completed."]
    problems = review_date_problems(review.plan, review.review_date)
    for n, row in enumerate(review.goal_progress.all(), start=1):
        if row.score is None or not row.commentary.strip():
            problems.append(f"Give a score and say how it is going for goal {n}.")
    for row in review.domain_scores.all():
        if row.worker_score is None:
            problems.append(f"Give a worker's score for {row.domain_name}.")
    if not review.risk_level or not review.risk_reason.strip():
        problems.append("Give the risk level now and the reason for it.")
    previous = previous_risk_level(review) if previous_risk is None else previous_risk
    raised = risk_has_risen(previous, review.risk_level)
    escalation_missing = not review.escalation_action.strip() or not review.manager_notified
    if (raised or review.decision == Review.Decision.ESCALATE) and escalation_missing:
        why = (
            "The risk has gone up since it was last assessed"
            if raised
            else "The decision is to escalate"
        )
        problems.append(
            f"{why}: say what is being done about it, who has been told, and confirm the "
            "team manager has been told."
        )
    if not review.decision or not review.decision_reason.strip():
        problems.append("Record the decision and the reason for it.")
    if review.decision != Review.Decision.PREPARE_CLOSURE and review.next_review_date is None:
        problems.append("Set the date of the next review.")
    if review.next_review_date is not None and review.next_review_date <= review.review_date:
        problems.append("The next review must be after this one.")
    return problems


@transaction.atomic
def review_complete(*, review: Review, completed_by: User) -> Review:
    """Complete the review: the plan's next review moves on, a decision to prepare for closure
    moves the case to "closing", and risk that has risen is recorded as such."""
    locked = Review.objects.select_for_update().select_related("plan", "case").get(pk=review.pk)
    require_open_case(locked.case)
    if not locked.is_editable:
        raise ValidationError("This review has already been completed.")
    previous = previous_risk_level(locked)
    problems = review_completion_problems(locked, previous_risk=previous)
    if problems:
        raise ValidationError(problems)
    locked.previous_risk_level = previous
    locked.risk_raised = risk_has_risen(previous, locked.risk_level)
    locked.status = Review.Status.COMPLETED
    locked.completed_by = completed_by
    locked.completed_at = timezone.now()
    locked.save()
    plan = locked.plan
    if plan.is_agreed:
        plan.set_next_review_date(locked.next_review_date)
    # The goal's "score now" becomes this review's score, dated the day of the review.
    for row in locked.goal_progress.select_related("goal"):
        row.goal.record_score(score=row.score, on=locked.review_date, at="review")
    case = locked.case
    if locked.decision == Review.Decision.PREPARE_CLOSURE and case.status == Case.Status.ACTIVE:
        case.prepare_closure(by=completed_by)
    log.info(
        "review completed review=%s case=%s by=%s raised=%s",
        locked.pk,
        case.pk,
        completed_by.pk,
        locked.risk_raised,
    )
    review.refresh_from_db()
    return locked


@transaction.atomic
def review_indicators_save(*, review: Review, form: IndicatorSetForm) -> IndicatorSet:
    """Save the indicators recorded at a review (a valid form of its IndicatorSet) and link
    them to the review, together or not at all."""
    indicators = form.save()
    if review.indicators_id != indicators.pk:
        review.indicators = indicators
        review.save(update_fields=["indicators", "updated_at", "row_version"])
    return indicators


# Closure -------------------------------------------------------------------------------------


@transaction.atomic
def closure_start(
    *,
    case: Case,
    started_by: User,
    reason: str,
    closure_date: datetime.date,
    key_outcome: str,
    key_outcome_other: str = "",
) -> Closure:
    """A draft closure: a row per outcome area with its baseline copied from the latest
    signed-off assessment, and a row per goal of the plan in force. The case moves to
    "closing" while the closure is written."""
    case = Case.objects.select_for_update().select_related("family").get(pk=case.pk)
    require_open_case(case)
    if case.status not in CLOSABLE_STATUSES:
        raise ValidationError(
            "Only an active case can be closed this way. A case still being assessed is "
            "closed by a decision."
        )
    if Closure.objects.filter(case=case).current().exists():
        raise ValidationError("A closure is already being written for this case.")
    problems = closure_date_problems(case, closure_date)
    if key_outcome == Closure.KeyOutcome.OTHER and not (key_outcome_other or "").strip():
        problems.append("Say where the young person is living.")
    if problems:
        raise ValidationError(problems)
    plan = plan_in_force(case)
    assessment = latest_signed_off_assessment(case)
    closure = Closure.objects.create(
        case=case,
        plan=plan,
        assessment=assessment,
        reason=reason,
        closure_date=closure_date,
        key_outcome=key_outcome,
        key_outcome_other=(key_outcome_other or "").strip(),
        created_by=started_by,
    )
    _add_domain_rows(closure, assessment)
    if plan is not None:
        # Each goal's score now (its latest review's, carried across revisions) is the start.
        ClosureGoalOutcome.objects.bulk_create(
            ClosureGoalOutcome(closure=closure, goal=goal, final_score=goal.latest_score)
            for goal in plan.goals.all()
        )
    if case.status == Case.Status.ACTIVE:
        case.prepare_closure(by=started_by)
    log.info("closure started closure=%s case=%s by=%s", closure.pk, case.pk, started_by.pk)
    return closure


def _add_domain_rows(closure: Closure, assessment: Assessment | None) -> None:
    baseline = {row.domain_id: row for row in baseline_scores(assessment)} if assessment else {}
    domains = list(
        OutcomeDomain.objects.active_for(closure.case.family.organisation_id).order_by(
            "order", "pk"
        )
    )
    rows = []
    for domain in domains:
        base = baseline.pop(domain.pk, None)
        rows.append(
            ClosureDomainScore(
                closure=closure,
                domain=domain,
                domain_name=domain.name,
                domain_order=domain.order,
                baseline_worker_score=base.worker_score if base else None,
                baseline_family_score=base.family_score if base else None,
            )
        )
    # An area scored at baseline but since retired is still scored at closure, so its
    # distance travelled is not lost.
    for base in baseline.values():
        rows.append(
            ClosureDomainScore(
                closure=closure,
                domain_id=base.domain_id,
                domain_name=base.domain_name,
                domain_order=base.domain_order,
                baseline_worker_score=base.worker_score,
                baseline_family_score=base.family_score,
            )
        )
    ClosureDomainScore.objects.bulk_create(rows)


def closure_submission_problems(closure: Closure) -> list[str]:
    """Why this closure cannot go for sign-off yet, in words a worker can act on."""
    return closure.sign_off_problems()


# The sign-off workflow is edgecare.signoff's (row lock, open case, readiness, who may sign);
# a closure adds what its sign-off does to the rest of the case.


def closure_submit(*, closure: Closure, by: User) -> Closure:
    closure.submit(by=by)
    return closure


def closure_return(*, closure: Closure, by: User, comments: str) -> Closure:
    closure.return_for_changes(by=by, comments=comments)
    return closure


def closure_sign_off_effects(closure: Closure) -> None:
    """A signed-off closure closes the case on the closure date, stops the plan's reviews and
    schedules the follow-up checks (inside the sign-off's transaction)."""
    case = Case.objects.select_for_update().get(pk=closure.case_id)
    case.close(on=closure.closure_date)
    plan = plan_in_force(case)
    if plan is not None and plan.next_review_date is not None:
        plan.set_next_review_date(None)
    for outcome in closure.goal_outcomes.select_related("goal"):
        outcome.goal.record_score(score=outcome.final_score, on=closure.closure_date, at="closure")
    follow_ups_schedule(closure=closure)


def closure_sign_off(
    *,
    closure: Closure,
    signed_off_by: User,
    comments: str = "",
    on: datetime.date | None = None,
) -> Closure:
    """The manager's sign-off (on `on`, today when not given) closes the case on the closure
    date and schedules the follow-up checks."""
    closure.sign_off(by=signed_off_by, comments=comments, on=on, effects=closure_sign_off_effects)
    return closure


# Closure amendments ------------------------------------------------------------------------------


@transaction.atomic
def closure_amendment_propose(
    *, closure: Closure, proposed_by: User, reason: str, key_outcome: str, key_outcome_other: str
) -> ClosureAmendment:
    """A correction of a signed-off closure's key outcome, saved and sent for a manager's
    sign-off in one step (nothing else of the closure is typed again)."""
    closure = Closure.objects.select_for_update().select_related("case").get(pk=closure.pk)
    if closure.amendments.filter(status__in=ClosureAmendment.EDITABLE_STATUSES | {"submitted"}):
        raise ValidationError(
            "A correction of this closure is already waiting: open it from the closure."
        )
    amendment = ClosureAmendment(
        case=closure.case,
        closure=closure,
        created_by=proposed_by,
        reason=reason.strip(),
        key_outcome=key_outcome,
        key_outcome_other=(key_outcome_other or "").strip(),
        previous_key_outcome=closure.key_outcome,
        previous_key_outcome_other=closure.key_outcome_other,
    )
    amendment._history_user = proposed_by
    amendment.save()
    amendment.submit(by=proposed_by)
    return amendment


@transaction.atomic
def closure_amendment_resubmit(
    *, amendment: ClosureAmendment, by: User, reason: str, key_outcome: str, key_outcome_other: str
) -> ClosureAmendment:
    """A returned correction, changed and sent for sign-off again."""
    amendment.reason = reason.strip()
    amendment.key_outcome = key_outcome
    amendment.key_outcome_other = (key_outcome_other or "").strip()
    amendment._history_user = by
    amendment.save()
    amendment.submit(by=by)
    return amendment


def amendment_sign_off_effects(amendment: ClosureAmendment) -> None:
    """The signed-off correction is written onto the closure (inside the sign-off's
    transaction); the closure's history keeps what it said before, and the amendment the old
    and new values side by side. The case stays closed."""
    closure = Closure.objects.select_for_update().get(pk=amendment.closure_id)
    amendment.previous_key_outcome = closure.key_outcome
    amendment.previous_key_outcome_other = closure.key_outcome_other
    amendment.save(update_fields=["previous_key_outcome", "previous_key_outcome_other"])
    closure.key_outcome = amendment.key_outcome
    closure.key_outcome_other = amendment.key_outcome_other
    closure._history_user = amendment.signed_off_by
    closure.save(update_fields=["key_outcome", "key_outcome_other"])
    log.info("closure amended id=%s amendment=%s", closure.pk, amendment.pk)


def follow_up_months() -> list[int]:
    return sorted({int(m) for m in getattr(settings, "FOLLOW_UP_MONTHS", [3, 6, 12]) if m})


def follow_ups_schedule(*, closure: Closure) -> list[FollowUpCheck]:
    """One check per configured month after the closure date (safe to rerun)."""
    existing = set(closure.follow_up_checks.values_list("months_after", flat=True))
    checks = [
        FollowUpCheck(
            case_id=closure.case_id,
            closure=closure,
            months_after=months,
            # Proposed by the system, so never on a weekend or a bank holiday.
            due_date=next_working_day(add_months(closure.closure_date, months)),
        )
        for months in follow_up_months()
        if months not in existing
    ]
    FollowUpCheck.objects.bulk_create(checks)
    return checks


@transaction.atomic
def closure_withdraw(*, closure: Closure, by: User, reason: str) -> Closure:
    """The work carries on after all: the draft is kept, marked withdrawn, and a case that
    was moved to "closing" for it goes back to "active"."""
    locked = Closure.objects.select_for_update().select_related("case").get(pk=closure.pk)
    require_open_case(locked.case)
    if not locked.is_editable:
        raise ValidationError("Only a draft or returned closure can be withdrawn.")
    if not (reason or "").strip():
        raise ValidationError("Say why the closure is being withdrawn.")
    locked.status = Closure.Status.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_reason = reason.strip()
    locked.save()
    if locked.case.status == Case.Status.CLOSING:
        locked.case.resume_support(by=by)
    log.info("closure withdrawn closure=%s by=%s", locked.pk, by.pk)
    return locked


# Re-opening ----------------------------------------------------------------------------------

REOPEN_CANCEL_NOTE = "Cancelled: the case was re-opened before this check was due to be made."


@transaction.atomic
def case_reopen(*, case: Case, by: User, reason: str) -> CaseReopening:
    """Re-open a closed case (a manager's decision, with the reason kept). The closure stays
    on the record, marked re-opened; follow-up checks not yet made are cancelled with a note,
    because the family is being worked with again."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    previous_closed_on = case.closed_on
    # Refuses a case that is not closed; a refusal below rolls the move back with the rest.
    case.reopen(by=by)
    if not (reason or "").strip():
        raise ValidationError("Say why the case is being re-opened.")
    now = timezone.now()
    closure = Closure.objects.filter(case=case).in_force().order_by("-pk").first()
    reopening = CaseReopening.objects.create(
        case=case,
        closure=closure,
        previous_closed_on=previous_closed_on,
        reopened_at=now,
        reopened_by=by,
        reason=reason.strip(),
    )
    if closure is not None:
        closure.reopened_at = now
        closure.save(update_fields=["reopened_at", "updated_at", "row_version"])
        for check in closure.follow_up_checks.outstanding():
            check.cancel(note=REOPEN_CANCEL_NOTE)
    log.info("case reopened case=%s by=%s", case.pk, by.pk)
    return reopening
