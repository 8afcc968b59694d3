"""Closure with a sustainability plan, re-opening, and follow-up checks after closure.

The reviews app's models module (`reviews.models`) imports every model here, so Django finds
them and other apps import them from there.

- `Closure`: the end of an episode of work (`case.closures`). Status draft -> submitted ->
  signed off, or submitted -> returned -> submitted again; a draft may be withdrawn. The
  manager's sign-off closes the case. A re-opened case keeps its closure (`reopened_at` set)
  and a later closure is a new row, so `Closure.objects.in_force()` is "signed off and not
  re-opened" and `.signed_off()` counts every episode that was ever closed. `reason`,
  `closure_date`, `key_outcome` (the kinds of living arrangement: with a parent, kinship care,
  supported living count as living at home or in the community; in care; custody; other),
  the ongoing-needs assessment done with the family, and the sustainability plan (named
  contact with phone, out-of-hours cover, step-down and back-up support, what helped, the
  family's confidence 0-10 in their words).
- `ClosureDomainScore`: per domain, the baseline (copied from the latest signed-off
  assessment) beside the closure scores; `distance_travelled` / `family_distance_travelled`.
- `ClosureGoalOutcome`: per goal of the plan in force, the final `state` and score.
- `CaseReopening`: each time a closed case was re-opened: who, when, why.
- `FollowUpCheck`: scheduled at sign-off `settings.FOLLOW_UP_MONTHS` after the closure date
  (default 3, 6 and 12 months): due / done / could not contact / cancelled (when the case is
  re-opened first). `still_living_at_home`, `re_referred`, `entered_care`.
  `FollowUpCheck.objects.outstanding()` are the due ones not yet done.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    SCORE_VALIDATORS,
    Assessment,
    IndicatorSet,
    OutcomeAreaRow,
    score_checks,
)
from edgecare.dates import short_date
from edgecare.models import CaseRecord, NoHardDeleteQuerySet
from edgecare.records_common import optional_link, staff_link
from edgecare.signoff import SignOffRecord
from families.models import ArrangementKind, Case, Person
from families.models_household import IN_CARE, is_at_home_or_in_community
from plans.models import Goal, Plan

# Closure ------------------------------------------------------------------------------------


class ClosureQuerySet(NoHardDeleteQuerySet):
    def signed_off(self):
        """Every closure a manager signed off, including those whose case was re-opened."""
        return self.filter(status=Closure.Status.SIGNED_OFF)

    def in_force(self):
        """Signed off and not re-opened: the closure of a case that is closed now."""
        return self.signed_off().filter(reopened_at__isnull=True)

    def current(self):
        """Not withdrawn and not re-opened: at most one per case."""
        return self.exclude(status=Closure.Status.WITHDRAWN).filter(reopened_at__isnull=True)


def closure_date_problems(case: Case, closure_date: datetime.date | None) -> list[str]:
    if closure_date is None:
        return ["Enter the date of closure."]
    if closure_date > timezone.localdate():
        return ["The date of closure cannot be in the future."]
    if closure_date < case.referral_date:
        return [
            f"The date of closure cannot be before the referral ({case.referral_date:%-d %B %Y})."
        ]
    # The case's reviews (related name on reviews.Review, defined beside this module).
    last_review = (
        case.reviews.filter(status="completed")
        .order_by("-review_date")
        .values_list("review_date", flat=True)
        .first()
    )
    if last_review is not None and closure_date < last_review:
        return [
            "The date of closure cannot be before the last review "
            f"({last_review:%-d %B %Y}): the work was still going on then."
        ]
    return []


class Closure(SignOffRecord):
    """The end of an episode of work, with the sustainability plan the family keeps.

    Signed off through the one workflow (edgecare.signoff); a draft may also be withdrawn.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting sign-off"
        RETURNED = "returned", "Returned for changes"
        SIGNED_OFF = "signed_off", "Signed off"
        WITHDRAWN = "withdrawn", "Withdrawn: the work carried on"

    class Reason(models.TextChoices):
        GOALS_ACHIEVED = "goals_achieved", "Goals achieved"
        STEP_DOWN_EARLY_HELP = "step_down_early_help", "Step down to early help"
        STEP_DOWN_UNIVERSAL = "step_down_universal", "Step down to universal services"
        DISENGAGED = "disengaged", "Family disengaged"
        MOVED_AWAY = "moved_away", "Family moved away"
        ENTERED_CARE = "entered_care", "Young person entered care"
        TRANSFERRED = "transferred", "Transferred to another service"

    # Where the young person lives at closure: the kinds of living arrangement, so kinship
    # care and supported living are recorded as what they are and counted as living at home or
    # in the community (families.models_household.AT_HOME_OR_IN_COMMUNITY).
    KeyOutcome = ArrangementKind

    record_name = "closure"
    sign_off_permission = "reviews.sign_off_closure"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closures")
    plan = optional_link(
        Plan,
        related_name="closures",
        help_text="The plan in force when closure started: its goals get a final state.",
    )
    assessment = optional_link(
        Assessment,
        related_name="closures",
        help_text="The signed-off assessment whose scores are the baseline.",
    )
    indicators = models.OneToOneField(
        IndicatorSet, on_delete=models.PROTECT, null=True, blank=True, related_name="closure"
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    reason = models.CharField("Why the work is ending", max_length=24, choices=Reason.choices)
    closure_date = models.DateField("Date of closure")
    key_outcome = models.CharField(
        "Where the young person is living", max_length=20, choices=ArrangementKind.choices
    )
    key_outcome_other = models.CharField("Where, in a few words", max_length=300, blank=True)
    work_summary = models.TextField(
        "Summary of the work",
        blank=True,
        help_text="For the record: what was done and why it ended.",
    )
    # The assessment of ongoing support needs, done with the family.
    ongoing_needs_assessment = models.TextField(
        "What support the family still needs",
        blank=True,
        help_text="Worked out with the family: what they still need and who will help.",
    )
    ongoing_needs_done_with = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name="Family members it was done with"
    )
    # The sustainability plan, in the family's words: it goes into their closure letter.
    contact_name = models.CharField(
        "Who to contact if things get difficult again", max_length=200, blank=True
    )
    contact_role = models.CharField("Who they are", max_length=200, blank=True)
    contact_phone = models.CharField("Their phone number", max_length=40, blank=True)
    out_of_hours_cover = models.TextField(
        "Evenings, nights and weekends",
        blank=True,
        help_text="Who to call out of hours, with the number.",
    )
    step_down_who = models.CharField("Who will carry on helping", max_length=300, blank=True)
    step_down_what = models.TextField("What they will do", blank=True)
    back_up_support = models.TextField(
        "Back-up support",
        blank=True,
        help_text="Family, friends and groups the family can lean on.",
    )
    what_helped = models.TextField(
        "What helped",
        blank=True,
        help_text="The things that worked, in the family's words, to fall back on.",
    )
    family_confidence = models.PositiveSmallIntegerField(
        "How confident the family feel about keeping things going (0 to 10)",
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    family_confidence_words = models.TextField("In their words", blank=True)
    message_to_family = models.TextField("A few words from the worker for the letter", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(blank=True, editable=False)
    # Set when the case is re-opened after this closure (see CaseReopening for the history).
    reopened_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ClosureQuerySet.as_manager()

    class Meta:
        ordering = ["-closure_date", "-id"]
        indexes = [models.Index(fields=["status", "closure_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(reopened_at__isnull=True) & ~Q(status="withdrawn"),
                name="one_current_closure_per_case",
            ),
            *score_checks("closure", "family_confidence"),
        ]

    def __str__(self) -> str:
        return f"Closure of {short_date(self.closure_date)}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:closure_detail", args=[self.case_id, self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES and self.reopened_at is None

    def signed_off_not_before(self) -> tuple[datetime.date | None, str]:
        return self.closure_date, "its date of closure"

    def sign_off_problems(self) -> list[str]:
        """Why this closure cannot go for sign-off yet, in words a worker can act on."""
        problems = closure_date_problems(self.case, self.closure_date)
        if self.key_outcome == self.KeyOutcome.OTHER and not self.key_outcome_other.strip():
            problems.append("Say where the young person is living.")
        if not self.ongoing_needs_assessment.strip():
            problems.append("Record the assessment of ongoing support needs, done with the family.")
        elif not self.ongoing_needs_done_with.all():
            problems.append("Say which family members the ongoing needs were worked out with.")
        if not self.contact_name.strip() or not self.contact_phone.strip():
            problems.append(
                "Sustainability plan: name who the family can contact if things get difficult "
                "again, with their phone number."
            )
        if not self.out_of_hours_cover.strip():
            problems.append("Sustainability plan: say who the family can call out of hours.")
        if not self.what_helped.strip():
            problems.append("Sustainability plan: write down what helped, in the family's words.")
        if self.family_confidence is None:
            problems.append(
                "Sustainability plan: record how confident the family feel about keeping "
                "things going (0 to 10)."
            )
        for row in self.domain_scores.all():
            if row.worker_score is None:
                problems.append(f"Give a closure score for {row.domain_name}.")
        for n, row in enumerate(self.goal_outcomes.all(), start=1):
            if not row.state:
                problems.append(f"Say how goal {n} ended.")
        return problems

    @property
    def key_outcome_display(self) -> str:
        if self.key_outcome == self.KeyOutcome.OTHER and self.key_outcome_other.strip():
            return self.key_outcome_other.strip()
        if self.key_outcome_other.strip():
            return f"{self.get_key_outcome_display()}: {self.key_outcome_other.strip()}"
        return self.get_key_outcome_display()

    @property
    def stayed_at_home(self) -> bool:
        """The service measure: living at home or in the community, not in care (kinship care
        and supported living included)."""
        return is_at_home_or_in_community(self.key_outcome)

    @property
    def entered_care(self) -> bool:
        return self.key_outcome in IN_CARE


class ClosureDomainScore(OutcomeAreaRow):
    """One outcome domain at closure, beside its baseline from the assessment."""

    closure = models.ForeignKey(Closure, on_delete=models.PROTECT, related_name="domain_scores")
    baseline_worker_score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    baseline_family_score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    worker_score = models.PositiveSmallIntegerField(
        "Worker's score at closure (0 to 10)", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    family_score = models.PositiveSmallIntegerField(
        "Family's own score at closure (0 to 10)",
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )

    class Meta(OutcomeAreaRow.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["closure", "domain"], name="one_score_per_domain_per_closure"
            ),
            *score_checks(
                "closure_domain",
                "baseline_worker_score",
                "baseline_family_score",
                "worker_score",
                "family_score",
            ),
        ]

    @property
    def distance_travelled(self) -> int | None:
        """Worker's closure score minus the worker's baseline (positive = better)."""
        if self.worker_score is None or self.baseline_worker_score is None:
            return None
        return self.worker_score - self.baseline_worker_score

    @property
    def family_distance_travelled(self) -> int | None:
        if self.family_score is None or self.baseline_family_score is None:
            return None
        return self.family_score - self.baseline_family_score


class ClosureGoalOutcome(CaseRecord):
    """How one goal of the plan ended."""

    class State(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        PARTLY = "partly", "Partly achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"
        NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"

    closure = models.ForeignKey(Closure, on_delete=models.PROTECT, related_name="goal_outcomes")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="closure_outcomes")
    state = models.CharField("How it ended", max_length=16, choices=State.choices, blank=True)
    final_score = models.PositiveSmallIntegerField(
        "Score at closure (0 to 10)", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    comment = models.TextField("What changed, in the family's words", blank=True)

    class Meta:
        ordering = ["goal__order", "goal_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["closure", "goal"], name="one_outcome_per_goal_per_closure"
            ),
            *score_checks("closure_goal", "final_score"),
        ]

    def __str__(self) -> str:
        return f"Outcome of goal {self.goal_id}"

    @property
    def is_achieved(self) -> bool:
        return self.state == self.State.ACHIEVED


class CaseReopening(CaseRecord):
    """A closed case re-opened by a manager: the reason is kept, the closure stays readable."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reopenings")
    closure = models.ForeignKey(
        Closure, on_delete=models.PROTECT, null=True, blank=True, related_name="reopenings"
    )
    previous_closed_on = models.DateField(null=True, blank=True)
    reopened_at = models.DateTimeField(default=timezone.now)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("Why the case is being re-opened")

    class Meta:
        ordering = ["-reopened_at", "-id"]

    def __str__(self) -> str:
        return f"Re-opened on {short_date(timezone.localdate(self.reopened_at))}"


# Follow-up checks ----------------------------------------------------------------------------


class FollowUpCheckQuerySet(NoHardDeleteQuerySet):
    def outstanding(self):
        """Scheduled and not yet done (nor cancelled)."""
        return self.filter(status=FollowUpCheck.Status.DUE)

    def due_by(self, day: datetime.date):
        return self.outstanding().filter(due_date__lte=day)


class FollowUpCheck(CaseRecord):
    """A check on the family some months after closure: did the changes last?"""

    class Status(models.TextChoices):
        DUE = "due", "Due"
        DONE = "done", "Done"
        NO_CONTACT = "no_contact", "Could not contact"
        CANCELLED = "cancelled", "Cancelled: the case was re-opened"

    class AtHome(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNKNOWN = "unknown", "Not known"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_up_checks")
    closure = models.ForeignKey(Closure, on_delete=models.PROTECT, related_name="follow_up_checks")
    months_after = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DUE, editable=False
    )
    done_on = models.DateField("Date of the check", null=True, blank=True)
    done_by = staff_link()
    still_living_at_home = models.CharField(
        "Is the young person still living at home?",
        max_length=8,
        choices=AtHome.choices,
        blank=True,
    )
    re_referred = models.BooleanField("Has the family been referred again?", default=False)
    entered_care = models.BooleanField("Has the young person entered care?", default=False)
    notes = models.TextField(blank=True)
    cancelled_note = models.TextField(blank=True, editable=False)

    objects = FollowUpCheckQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["closure", "months_after"], name="one_check_per_month_per_closure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.months_after}-month follow-up check"

    def get_absolute_url(self) -> str:
        return reverse("reviews:follow_up", args=[self.case_id, self.pk])

    @property
    def is_outstanding(self) -> bool:
        return self.status == self.Status.DUE

    def is_overdue_on(self, day: datetime.date) -> bool:
        return self.is_outstanding and self.due_date < day

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    # Transitions: each checks where it starts from and saves only this row.

    def record_result(
        self,
        *,
        by,
        done_on: datetime.date,
        still_living_at_home: str,
        re_referred: bool,
        entered_care: bool,
        notes: str = "",
    ) -> None:
        if not self.is_outstanding:
            raise ValidationError("This follow-up check has already been recorded.")
        self.status = self.Status.DONE
        self.done_on = done_on
        self.done_by = by
        self.still_living_at_home = still_living_at_home
        self.re_referred = re_referred
        self.entered_care = entered_care
        self.notes = (notes or "").strip()
        self.save()

    def record_no_contact(self, *, by, done_on: datetime.date, notes: str = "") -> None:
        if not self.is_outstanding:
            raise ValidationError("This follow-up check has already been recorded.")
        self.status = self.Status.NO_CONTACT
        self.done_on = done_on
        self.done_by = by
        self.still_living_at_home = self.AtHome.UNKNOWN
        self.notes = (notes or "").strip()
        self.save()

    def cancel(self, *, note: str) -> None:
        if not self.is_outstanding:
            raise ValidationError("Only a check not yet made can be cancelled.")
        self.status = self.Status.CANCELLED
        self.cancelled_note = note
        self.save()
