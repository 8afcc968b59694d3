"""Reviews of the plan and their scores; closure and what follows it are in `models_closure`.

The public API other apps build on (case record PDF, managers' caseloads and outcome reports);
every model of the app is importable from here (`from reviews.models import Closure`), because
this is the module Django loads:

- `Review`: one review of the agreed plan in force (`plan`) on a case (`case.reviews`). Status
  draft -> completed (`Review.objects.completed()`). Who attended (`attendee_people`,
  `attendee_agencies`, `attendees_others`), the young person's and family's views, the risk
  re-assessed (`risk_level` with `Assessment.RiskLevel` choices, `risk_reason`), and whether it
  has risen (`risk_raised`, worked out on completion against the previous completed review or
  else the assessment; `previous_risk_level` keeps what it was compared with) with the
  escalation (`escalation_action`, `escalation_told`, `manager_notified`). The `decision`
  (continue / revise the plan / escalate / prepare for closure) with its reason, and the
  `next_review_date` (empty only when preparing for closure). `indicators` is the
  `assessments.IndicatorSet` (occasion "review") recorded at the review, if any.
- `ReviewGoalProgress`: one row per goal of the reviewed plan: `score` 0-10 and `commentary`.
- `ReviewDomainScore`: one row per active outcome domain: `worker_score`, `family_score` (0-10)
  with `domain_name` / `domain_order` snapshots.
- `Closure`, `ClosureDomainScore`, `ClosureGoalOutcome`, `CaseReopening`, `FollowUpCheck`:
  see `reviews.models_closure`.
- `ClosureAmendment`: a correction of a signed-off closure's key outcome, with its reason and
  a manager's sign-off: see `reviews.models_amendment`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from assessments.models import (
    SCORE_VALIDATORS,
    Assessment,
    IndicatorSet,
    OutcomeAreaRow,
    score_checks,
)
from edgecare.dates import short_date
from edgecare.models import CaseRecord, NoHardDeleteQuerySet
from edgecare.records_common import staff_link
from families.models import AgencyInvolvement, Case, Person
from plans.models import Goal, Plan
from reviews.models_amendment import ClosureAmendment

# Django loads this module to find the app's models; the closure models live beside it.
from reviews.models_closure import (
    CaseReopening,
    Closure,
    ClosureDomainScore,
    ClosureGoalOutcome,
    ClosureQuerySet,
    FollowUpCheck,
    FollowUpCheckQuerySet,
    closure_date_problems,
)

__all__ = [
    "RISK_ORDER",
    "CaseReopening",
    "Closure",
    "ClosureAmendment",
    "ClosureDomainScore",
    "ClosureGoalOutcome",
    "ClosureQuerySet",
    "FollowUpCheck",
    "FollowUpCheckQuerySet",
    "Review",
    "ReviewDomainScore",
    "ReviewGoalProgress",
    "ReviewQuerySet",
    "closure_date_problems",
    "risk_has_risen",
]


RiskLevel = Assessment.RiskLevel
# Higher is worse; used to tell whether risk has risen since it was last assessed.
RISK_ORDER = {RiskLevel.LOW: 1, RiskLevel.MEDIUM: 2, RiskLevel.HIGH: 3, RiskLevel.VERY_HIGH: 4}


def risk_has_risen(previous: str, now: str) -> bool:
    return RISK_ORDER.get(now, 0) > RISK_ORDER.get(previous, 0) > 0


class ReviewQuerySet(NoHardDeleteQuerySet):
    def completed(self):
        return self.filter(status=Review.Status.COMPLETED)

    def drafts(self):
        return self.filter(status=Review.Status.DRAFT)


class Review(CaseRecord):
    """A review of the agreed plan: progress, re-scored outcomes, risk, views and a decision."""

    class ReviewType(models.TextChoices):
        PLANNED = "planned", "Planned review"
        EARLY = "early", "Early review (things changed)"
        MULTI_AGENCY = "multi_agency", "Multi-agency review meeting"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed"

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Continue with the plan"
        REVISE = "revise", "Revise the plan"
        ESCALATE = "escalate", "Escalate"
        PREPARE_CLOSURE = "prepare_closure", "Prepare for closure"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text="The agreed plan this review looked at.",
    )
    indicators = models.OneToOneField(
        IndicatorSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review",
        help_text="The measurable indicators recorded at this review (occasion 'review').",
    )
    review_date = models.DateField("Date of the review")
    review_type = models.CharField(
        "Type of review", max_length=14, choices=ReviewType.choices, default=ReviewType.PLANNED
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    attendee_people = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name="Family members who took part"
    )
    attendee_agencies = models.ManyToManyField(
        AgencyInvolvement, blank=True, related_name="+", verbose_name="Agencies who took part"
    )
    attendees_others = models.CharField("Anyone else who took part", max_length=500, blank=True)
    progress_summary = models.TextField(
        "What has changed since the plan was agreed or last reviewed", blank=True
    )
    young_person_views = models.TextField(
        "The young person's views, in their own words", blank=True
    )
    family_views = models.TextField("The family's views, in their own words", blank=True)
    risk_level = models.CharField(
        "Risk level now", max_length=10, choices=RiskLevel.choices, blank=True
    )
    risk_reason = models.TextField("Why this risk level", blank=True)
    # Worked out on completion: what the risk was compared with, and whether it has risen.
    previous_risk_level = models.CharField(
        max_length=10, choices=RiskLevel.choices, blank=True, editable=False
    )
    risk_raised = models.BooleanField(default=False, editable=False)
    escalation_action = models.TextField("What is being done about the raised risk", blank=True)
    escalation_told = models.CharField(
        "Who has been told", max_length=300, blank=True, help_text="Names and roles."
    )
    manager_notified = models.BooleanField("The team manager has been told", default=False)
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    decision_reason = models.TextField("Why this decision", blank=True)
    next_review_date = models.DateField("Next review", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_by = staff_link()
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-review_date", "-id"]
        indexes = [models.Index(fields=["case", "status", "-review_date"])]

    def __str__(self) -> str:
        return f"Review of {short_date(self.review_date)}"

    @property
    def recorded_days_later(self) -> int | None:
        return self.recorded_late_by(self.review_date)

    def get_absolute_url(self) -> str:
        return reverse("reviews:review_detail", args=[self.case_id, self.pk])

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def needs_escalation(self) -> bool:
        return self.risk_raised or self.decision == self.Decision.ESCALATE


class ReviewGoalProgress(CaseRecord):
    """Progress on one goal of the reviewed plan."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="goal_progress")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="review_progress")
    score = models.PositiveSmallIntegerField(
        "Score now (0 to 10)", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    commentary = models.TextField("How it is going", blank=True)

    class Meta:
        ordering = ["goal__order", "goal_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="one_progress_per_goal"),
            *score_checks("review_goal", "score"),
        ]

    def __str__(self) -> str:
        return f"Progress on goal {self.goal_id}"


class ReviewDomainScore(OutcomeAreaRow):
    """One outcome domain re-scored at a review."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="domain_scores")
    worker_score = models.PositiveSmallIntegerField(
        "Worker's score (0 to 10)", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    family_score = models.PositiveSmallIntegerField(
        "Family's own score (0 to 10)", null=True, blank=True, validators=SCORE_VALIDATORS
    )

    class Meta(OutcomeAreaRow.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["review", "domain"], name="one_score_per_domain_per_review"
            ),
            *score_checks("review_domain", "worker_score", "family_score"),
        ]
