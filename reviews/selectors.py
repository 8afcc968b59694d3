"""The one way reviews, closures and follow-up checks are loaded: scoped by the cases the user
may see, with what each page shows selected up front so query counts stay flat."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from assessments.models import DomainAssessment
from assessments.selectors import baseline_scores, latest_signed_off_assessment
from edgecare.line_charts import line_chart
from edgecare.models import AccessLog
from families.models import Case
from families.selectors import Loaded, cases_for_user, record_for_user_or_404
from plans.selectors import actions_with_owners
from reviews.models import (
    Closure,
    ClosureAmendment,
    ClosureDomainScore,
    ClosureGoalOutcome,
    FollowUpCheck,
    FollowUpCheckQuerySet,
    Review,
    ReviewDomainScore,
    ReviewGoalProgress,
)


def reviews_for_user(user) -> QuerySet[Review]:
    return Review.objects.filter(case__in=cases_for_user(user).values("pk"))


def closures_for_user(user) -> QuerySet[Closure]:
    return Closure.objects.filter(case__in=cases_for_user(user).values("pk"))


def follow_ups_for_user(user) -> FollowUpCheckQuerySet:
    return FollowUpCheck.objects.filter(case__in=cases_for_user(user).values("pk"))


def follow_ups_due_for_user(user, *, on: datetime.date | None = None) -> list[FollowUpCheck]:
    """Outstanding follow-up checks due by `on` (today) on cases the user may see; a key
    worker sees the ones on cases they led, a manager every one in their scope."""
    on = on or timezone.localdate()
    qs = follow_ups_for_user(user).due_by(on)
    if getattr(user, "is_key_worker", False):
        qs = qs.filter(case__lead_professional=user)
    return list(
        qs.select_related("case", "case__family", "case__lead_professional", "closure").order_by(
            "due_date", "pk"
        )
    )


def load_review(request: HttpRequest, case_pk: int, pk: int) -> Loaded:
    """One review of the case in the URL (scoped by it too), with what the user may do with
    it, or 404 logged as a refusal."""
    loaded = record_for_user_or_404(
        request,
        case_pk,
        record_type=AccessLog.RecordType.REVIEW,
        queryset=reviews_for_user(request.user).select_related(
            "plan", "indicators", "created_by", "completed_by"
        ),
        pk=pk,
        change_perm="reviews.change_review",
    )
    loaded.record.plan.case = loaded.case
    return loaded


def load_closure(request: HttpRequest, case_pk: int, pk: int) -> Loaded:
    """One closure of the case in the URL, with what the user may do with it, or 404."""
    return record_for_user_or_404(
        request,
        case_pk,
        record_type=AccessLog.RecordType.CLOSURE,
        queryset=closures_for_user(request.user).select_related(
            "plan", "assessment", "created_by", "submitted_by", "signed_off_by", "returned_by"
        ),
        pk=pk,
        change_perm="reviews.change_closure",
        sign_off_perm=Closure.sign_off_permission,
    )


def load_closure_amendment(request: HttpRequest, case_pk: int, pk: int) -> Loaded:
    """One correction of a closure of the case in the URL, or 404."""
    return record_for_user_or_404(
        request,
        case_pk,
        record_type=AccessLog.RecordType.CLOSURE_AMENDMENT,
        queryset=ClosureAmendment.objects.select_related(
            "closure", "created_by", "submitted_by", "signed_off_by", "returned_by"
        ),
        pk=pk,
        change_perm="reviews.change_closure_amendment",
        sign_off_perm=ClosureAmendment.sign_off_permission,
    )


def load_follow_up(request: HttpRequest, case_pk: int, pk: int) -> Loaded:
    """One follow-up check of the case in the URL (recorded on a closed case too), or 404."""
    return record_for_user_or_404(
        request,
        case_pk,
        record_type=AccessLog.RecordType.FOLLOW_UP,
        queryset=follow_ups_for_user(request.user).select_related("closure", "done_by"),
        pk=pk,
        change_perm="reviews.record_follow_up",
    )


# What pages show ------------------------------------------------------------------------------


def with_review_contents(qs: QuerySet[Review]) -> QuerySet[Review]:
    return qs.select_related("plan", "indicators", "created_by", "completed_by").prefetch_related(
        Prefetch(
            "goal_progress",
            queryset=ReviewGoalProgress.objects.select_related("goal")
            .prefetch_related(Prefetch("goal__actions", queryset=actions_with_owners()))
            .order_by("goal__order", "goal_id"),
        ),
        Prefetch("domain_scores", queryset=ReviewDomainScore.objects.order_by("domain_order")),
        "attendee_people",
        "attendee_agencies",
    )


def review_with_contents(review: Review) -> Review:
    full = with_review_contents(Review.objects.filter(pk=review.pk)).get()
    full.case = review.case
    full.plan.case = review.case
    return full


def case_reviews(case: Case) -> list[Review]:
    """Every review of the case, oldest first, with their domain scores: a fixed number of
    queries however many reviews there are."""
    return list(
        Review.objects.filter(case_id=case.pk)
        .select_related("plan", "completed_by", "created_by")
        .prefetch_related(
            Prefetch("domain_scores", queryset=ReviewDomainScore.objects.order_by("domain_order"))
        )
        .order_by("review_date", "pk")
    )


def closure_with_contents(closure: Closure) -> Closure:
    full = (
        Closure.objects.filter(pk=closure.pk)
        .select_related(
            "plan",
            "assessment",
            "indicators",
            "created_by",
            "submitted_by",
            "signed_off_by",
            "returned_by",
        )
        .prefetch_related(
            Prefetch("domain_scores", queryset=ClosureDomainScore.objects.order_by("domain_order")),
            Prefetch(
                "goal_outcomes",
                queryset=ClosureGoalOutcome.objects.select_related("goal").order_by(
                    "goal__order", "goal_id"
                ),
            ),
            "ongoing_needs_done_with",
            Prefetch("follow_up_checks", queryset=FollowUpCheck.objects.select_related("done_by")),
        )
        .get()
    )
    full.case = closure.case
    return full


def current_closure(case: Case) -> Closure | None:
    """The closure being written, awaiting sign-off or in force (not withdrawn or re-opened)."""
    return Closure.objects.filter(case_id=case.pk).current().order_by("-pk").first()


@dataclass(frozen=True)
class ProgressSeries:
    """Scores per outcome area across the baseline and each completed review."""

    labels: list[str]  # "Baseline", "Review 1 (3 Feb)", ...
    rows: list[tuple[str, list[int | None]]]  # (domain name, worker's score per label)

    def __bool__(self) -> bool:
        return len(self.labels) > 1


def progress_series(case: Case, reviews: list[Review] | None = None) -> ProgressSeries:
    """Baseline (latest signed-off assessment) then each completed review, per domain."""
    reviews = [
        r for r in (reviews if reviews is not None else case_reviews(case)) if r.is_completed
    ]
    baseline = latest_signed_off_assessment(case)
    baseline_rows: list[DomainAssessment] = baseline_scores(baseline) if baseline else []
    labels = ["Baseline"] if baseline_rows else []
    names: dict[int, str] = {}
    order: dict[int, int] = {}
    scores: dict[int, dict[str, int | None]] = {}
    for row in baseline_rows:
        names[row.domain_id] = row.domain_name
        order[row.domain_id] = row.domain_order
        scores.setdefault(row.domain_id, {})["Baseline"] = row.worker_score
    for n, review in enumerate(reviews, start=1):
        label = f"Review {n} ({review.review_date:%-d %b})"
        labels.append(label)
        for row in review.domain_scores.all():
            names.setdefault(row.domain_id, row.domain_name)
            order.setdefault(row.domain_id, row.domain_order)
            scores.setdefault(row.domain_id, {})[label] = row.worker_score
    rows = [
        (names[d], [scores[d].get(label) for label in labels])
        for d in sorted(names, key=lambda d: (order[d], names[d]))
    ]
    return ProgressSeries(labels=labels, rows=rows)


def progress_chart(series: ProgressSeries):
    """A line per outcome area across the baseline and each review (the numbers are also
    shown in a table beside it, for screen readers and for print)."""
    if not series:
        return None
    return line_chart(
        {name: list(zip(series.labels, scores, strict=True)) for name, scores in series.rows},
        title="Worker's scores per outcome area, baseline and each review (0 to 10)",
    )
