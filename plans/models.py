"""The family's plan: goals in their own words, actions, contingencies, who to call, and the
family's agreement. Plans are versioned: a revision is a new row, never an overwrite.

The public API other apps build on (reviews, closure, reports):

- `Plan`: one version of a case's plan. `case.plans`; `Plan.objects.agreed()` (in force),
  `.current()` (not superseded). Status: draft -> agreed -> superseded (superseded only when a
  later version is agreed). `plan.version`, `plan.previous_version`, `plan.agreed_on`,
  `plan.review_cadence_weeks` and `plan.next_review_date` (stored; set to agreed_on + cadence on
  agreement; the reviews service moves it with `plan.set_next_review_date(date)`).
  `plan.is_review_overdue`. Selectors: `plans.selectors.plan_in_force(case)`.
- `Goal`: one goal of a plan: `domain` (assessments.OutcomeDomain) with a `domain_name`
  snapshot, the `need` it came from, the family's words (`what_we_want_to_be_different`,
  `how_we_will_know`), `baseline_score` (worker's, from the assessment), `family_baseline_score`
  and `target_score`, all 0-10. `plan.goals.all()` lists the live goals in order.
- `Action`: what, who (exactly one owner: a family member, a worker, an agency involved or a
  name typed in), by when, status (not started / under way / done / dropped with a reason).
- `ActionProgress`: a step of an action between reviews (status, date, note, who recorded it):
  `action.record_progress(...)`, through `plans.services.action_progress_record`.
- `Contingency`: "if this happens, this is what we will do, and who does it".
- `PlanContact`: who to call, when, including out of hours.
- `JargonTerm`: the organisation's own terms for the plain-language check;
  `glossary_for(organisation)` merges them with the built-in list.

Items of a draft plan can be taken out (`remove()`): nothing is ever hard-deleted. The default
managers hide removed items (`plan.goals.all()`), `all_objects` includes them.
`copied_from` links an item to the one it was copied from in the previous version, so what
changed between versions can be shown.
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
    IdentifiedNeed,
    OutcomeDomain,
    score_check,
)
from edgecare.dates import next_working_day
from edgecare.models import CaseRecord, NoHardDeleteQuerySet
from edgecare.records_common import (
    optional_link,
    previous_version_link,
    staff_link,
    version_number,
)
from families.models import AgencyInvolvement, Case, Person
from plans.models_glossary import JargonTerm, glossary_for
from plans.models_items import Contingency, PlanContact, PlanItem, PlanItemQuerySet

__all__ = [
    "Action",
    "ActionProgress",
    "Contingency",
    "Goal",
    "JargonTerm",
    "Plan",
    "PlanContact",
    "PlanItem",
    "PlanItemQuerySet",
    "PlanQuerySet",
    "glossary_for",
]

CADENCE_MIN_WEEKS, CADENCE_MAX_WEEKS = 2, 12
DEFAULT_CADENCE_WEEKS = 6


class PlanQuerySet(NoHardDeleteQuerySet):
    def agreed(self):
        """Plans in force: agreed and not yet superseded by a later agreed version."""
        return self.filter(status=Plan.Status.AGREED)

    def drafts(self):
        return self.filter(status=Plan.Status.DRAFT)

    def current(self):
        """Versions not superseded: the one in force and a draft revision, if any."""
        return self.exclude(status=Plan.Status.SUPERSEDED)


class Plan(CaseRecord):
    """One version of a case's plan."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft: not yet agreed"
        AGREED = "agreed", "Agreed"
        SUPERSEDED = "superseded", "Replaced by a later version"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text="The signed-off assessment this plan was built from.",
    )
    version = version_number()
    previous_version: models.ForeignKey[Plan | None, Plan | None] = previous_version_link()
    revision_reason = models.TextField("Why the plan is being revised", blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    start_date = models.DateField(
        "When the plan starts", help_text="Actions cannot be due before this date."
    )
    review_cadence_weeks = models.PositiveSmallIntegerField(
        "How often the plan is reviewed (weeks)",
        default=DEFAULT_CADENCE_WEEKS,
        validators=[
            MinValueValidator(CADENCE_MIN_WEEKS, "Reviews are at least 2 weeks apart."),
            MaxValueValidator(CADENCE_MAX_WEEKS, "Review the plan at least every 12 weeks."),
        ],
        help_text="Between 2 and 12 weeks.",
    )
    # The family's agreement.
    agreed_on = models.DateField("Date the family agreed the plan", null=True, blank=True)
    agreed_by_people = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name="Family members who agreed"
    )
    agreed_by_others = models.CharField(
        "Anyone else who agreed",
        max_length=300,
        blank=True,
        help_text="For example a grandparent or family friend not recorded as a family member.",
    )
    family_comments = models.TextField("The family's comments, in their own words", blank=True)
    agreed_recorded_by = staff_link()
    agreed_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set to agreed_on + cadence when the plan is agreed; each review moves it on.
    next_review_date = models.DateField("Next review", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-version", "-id"]
        indexes = [
            models.Index(fields=["case", "status"]),
            models.Index(fields=["status", "next_review_date"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="unique_plan_version"),
            models.UniqueConstraint(
                fields=["previous_version"],
                condition=Q(previous_version__isnull=False),
                name="one_revision_per_plan_version",
            ),
            models.CheckConstraint(
                condition=Q(review_cadence_weeks__gte=CADENCE_MIN_WEEKS)
                & Q(review_cadence_weeks__lte=CADENCE_MAX_WEEKS),
                name="plan_review_cadence_2_to_12_weeks",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan version {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.case_id, self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED

    @property
    def is_superseded(self) -> bool:
        return self.status == self.Status.SUPERSEDED

    @property
    def is_editable(self) -> bool:
        """Only a draft is changed; an agreed plan is revised with a new version."""
        return self.is_draft

    @property
    def created_on(self) -> datetime.date:
        return timezone.localdate(self.created_at) if self.created_at else timezone.localdate()

    def first_review_date(self, agreed_on: datetime.date) -> datetime.date:
        """The cadence after the agreement, moved on to a working day (never a weekend or a
        bank holiday: nobody is there to hold the review)."""
        return next_working_day(agreed_on + datetime.timedelta(weeks=self.review_cadence_weeks))

    @property
    def is_review_overdue(self) -> bool:
        return (
            self.is_agreed
            and self.next_review_date is not None
            and self.next_review_date < timezone.localdate()
        )

    def set_next_review_date(self, date: datetime.date | None) -> None:
        """Move the next review (the reviews app calls this when a review is recorded)."""
        self.next_review_date = date
        self.save(update_fields=["next_review_date", "updated_at", "row_version"])

    def agreement_problems(self) -> list[str]:
        """What stops the family agreeing this plan yet, in words a worker can act on.

        Reads goals and actions: call with them prefetched to keep the query count flat.
        """
        if not self.is_draft:
            return ["Only a draft plan can be agreed."]
        problems = []
        goals = list(self.goals.all())
        if not goals:
            problems.append("Add at least one goal.")
        for n, goal in enumerate(goals, start=1):
            if goal.target_score is None:
                problems.append(f"Give goal {n} ({goal.domain_name}) a target score.")
            for action in goal.actions.all():
                if not action.has_owner:
                    problems.append(f"Say who will do “{action.short}” (goal {n}).")
                if action.due_date is None:
                    problems.append(f"Say by when “{action.short}” will be done (goal {n}).")
                elif action.due_date < self.start_date and action.is_open:
                    problems.append(
                        f"“{action.short}” (goal {n}) was due before this plan starts: "
                        "give it a new date."
                    )
        return problems


class Goal(PlanItem):
    """A goal the family owns, tied to an outcome domain and (usually) an assessed need."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    domain = models.ForeignKey(
        OutcomeDomain, on_delete=models.PROTECT, related_name="+", verbose_name="Outcome area"
    )
    domain_name = models.CharField(max_length=120, editable=False)
    need = optional_link(
        IdentifiedNeed,
        related_name="goals",
        verbose_name="The need from the assessment",
    )
    what_we_want_to_be_different = models.TextField(
        "What we want to be different", help_text="In the family's own words."
    )
    how_we_will_know = models.TextField(
        "How we'll know", blank=True, help_text="What the family will see when it has happened."
    )
    baseline_score = models.PositiveSmallIntegerField(
        "Score now (worker's, 0 to 10)", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    family_baseline_score = models.PositiveSmallIntegerField(
        "Score now (family's own, 0 to 10)", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    target_score = models.PositiveSmallIntegerField(
        "Target score (0 to 10)", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    # The latest review's (or the closure's) score for this goal, with the day it was given.
    # Kept here, not read from the reviews app, because plans sit below reviews; the reviews
    # service sets it (`record_score`) when a review is completed or a closure signed off, and
    # a revision copies it with the goal.
    latest_score = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, validators=SCORE_VALIDATORS
    )
    latest_score_on = models.DateField(null=True, blank=True, editable=False)
    latest_score_at = models.CharField(max_length=20, blank=True, editable=False)

    class Meta(PlanItem.Meta):
        constraints = [
            score_check("latest_score", "goal_latest_score_0_to_10"),
            score_check("baseline_score", "goal_baseline_0_to_10"),
            score_check("family_baseline_score", "goal_family_baseline_0_to_10"),
            score_check("target_score", "goal_target_0_to_10"),
        ]

    def __str__(self) -> str:
        return self.what_we_want_to_be_different[:80]

    def save(self, *args, **kwargs):
        if self.domain_id and (not self.domain_name or self._domain_changed()):
            self.domain_name = self.domain.name
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "domain_name"}
        super().save(*args, **kwargs)

    @property
    def score_now(self) -> int | None:
        """The latest review's or closure's score, else the assessment's (the baseline)."""
        return self.latest_score if self.latest_score is not None else self.baseline_score

    @property
    def score_now_source(self) -> str:
        """Where the score now comes from, in words: "review", "closure" or "assessment"."""
        if self.latest_score is not None:
            return self.latest_score_at or "review"
        return "assessment"

    @property
    def score_now_on(self) -> datetime.date | None:
        """The day the score now was given: the review's or closure's date, else the day the
        plan's assessment was signed off."""
        if self.latest_score is not None:
            return self.latest_score_on
        return self.plan.assessment.signed_off_day if self.plan_id else None

    def record_score(self, *, score: int | None, on: datetime.date, at: str) -> None:
        """A review (`at="review"`) or closure (`at="closure"`) scored this goal on `on`. An
        older record never overwrites a newer one (a late-typed review of an earlier date)."""
        if score is None:
            return
        if self.latest_score_on is not None and on < self.latest_score_on:
            return
        self.latest_score, self.latest_score_on, self.latest_score_at = score, on, at
        self.save(update_fields=["latest_score", "latest_score_on", "latest_score_at"])

    def _domain_changed(self) -> bool:
        if self._state.adding:
            return True
        saved = type(self).all_objects.filter(pk=self.pk).values_list("domain_id", flat=True)
        return saved.first() != self.domain_id

    def clean(self):
        super().clean()
        if (
            self.target_score is not None
            and self.baseline_score is not None
            and self.target_score < self.baseline_score
        ):
            raise ValidationError(
                {
                    "target_score": f"The target ({self.target_score}) cannot be below the score "
                    f"now ({self.baseline_score}): a goal is about things getting better."
                }
            )


class Action(PlanItem):
    """Who does what by when, towards one goal."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        UNDER_WAY = "under_way", "Under way"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField("What will be done", help_text="In plain words the family would use.")
    # Exactly one owner: a family member, a worker, an agency involved, or a name typed in.
    owner_person = optional_link(Person, related_name="+", verbose_name="A family member")
    owner_worker = optional_link(
        settings.AUTH_USER_MODEL,
        related_name="+",
        verbose_name="A worker",
    )
    owner_agency = optional_link(
        AgencyInvolvement,
        related_name="+",
        verbose_name="An agency involved",
    )
    owner_name = models.CharField("Someone else (name)", max_length=200, blank=True)
    due_date = models.DateField("By when", null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    # The day the status was last moved (by progress recorded between reviews, or in a draft).
    status_on = models.DateField("Since", null=True, blank=True, editable=False)
    dropped_reason = models.TextField("Why it was dropped", blank=True)

    class Meta(PlanItem.Meta):
        ordering = ["order", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="dropped_action_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.short

    @property
    def is_open(self) -> bool:
        """Still to do: date rules (due before the plan starts) apply to open actions only."""
        return self.status in (self.Status.NOT_STARTED, self.Status.UNDER_WAY)

    @property
    def latest_progress(self) -> ActionProgress | None:
        """The last step recorded (reads the prefetched `progress`, oldest first)."""
        steps = list(self.progress.all())
        return steps[-1] if steps else None

    def record_progress(self, *, status: str, on: datetime.date, note: str, by) -> ActionProgress:
        """Move the action on between reviews and keep the step (who, when, what)."""
        self.status, self.status_on = status, on
        if status == self.Status.DROPPED:
            self.dropped_reason = note
        self.save(update_fields=["status", "status_on", "dropped_reason"])
        return ActionProgress.objects.create(
            action=self, status=status, happened_on=on, note=note, recorded_by=by
        )

    @property
    def short(self) -> str:
        text = " ".join(self.what.split())
        return text if len(text) <= 60 else text[:57].rstrip() + "..."

    def owners_given(self) -> list[str]:
        return [
            name
            for name, given in (
                ("owner_person", self.owner_person_id),
                ("owner_worker", self.owner_worker_id),
                ("owner_agency", self.owner_agency_id),
                ("owner_name", (self.owner_name or "").strip()),
            )
            if given
        ]

    @property
    def has_owner(self) -> bool:
        return bool(self.owners_given())

    @property
    def owner_display(self) -> str:
        """The owner in plain words, as the family would say it."""
        if self.owner_person_id:
            return self.owner_person.known_as
        if self.owner_worker_id:
            return self.owner_worker.get_full_name() or str(self.owner_worker)
        if self.owner_agency_id:
            agency = self.owner_agency
            return f"{agency.contact_name} ({agency.agency_name})"
        return self.owner_name.strip()

    def clean(self):
        super().clean()
        owners = self.owners_given()
        if not owners:
            raise ValidationError(
                "Say who will do this: a family member, a worker, an agency or someone else.",
                code="no_owner",
            )
        if len(owners) > 1:
            raise ValidationError(
                "Choose one person who will do this. If several people share it, "
                "add an action for each of them.",
                code="several_owners",
            )
        if self.status == self.Status.DROPPED and not (self.dropped_reason or "").strip():
            raise ValidationError({"dropped_reason": "Say why the action was dropped."})


class ActionProgress(CaseRecord):
    """One step of an action between reviews, on the plan in force: its new status, the day
    it happened, a short note and who recorded it (and when: `created_at`)."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(max_length=12, choices=Action.Status.choices)
    happened_on = models.DateField("When")
    note = models.CharField("Note", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["happened_on", "created_at", "id"]
        verbose_name = "action progress"
        verbose_name_plural = "action progress"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(note=""),
                name="dropped_progress_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.happened_on:%-d %B %Y}"

    @property
    def recorded_days_later(self) -> int | None:
        return self.recorded_late_by(self.happened_on)
