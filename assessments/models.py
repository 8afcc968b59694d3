"""Assessments of risks and strengths, scored against the organisation's one outcome framework.

The public API other apps build on (plans, reviews, reports); the organisation's configuration
(framework, domains, risk factors) is defined in `models_configuration` and imported from here:

- `OutcomeFramework` / `OutcomeDomain`: the organisation's agreed outcome domains, each scored
  0-10 (10 = things are as good as they need to be). One active framework per organisation:
  `OutcomeFramework.active_for(organisation)` and `OutcomeDomain.objects.active_for(organisation)`.
  Domains are renamed or deactivated, never deleted.
- `RiskFactor`: the organisation's configurable list of risk factors.
- `Assessment`: one assessment of a case (type, date, assessor, version, status and its
  transitions). `Assessment.objects.signed_off()` / `.current()`; `case.assessments`.
- `DomainAssessment`: one row per outcome domain of an assessment: the baseline scores
  (`worker_score`, `family_score`) with a snapshot of the domain's name (`domain_name`) as it
  was when scored, so renaming a domain never rewrites what an old assessment said.
- `IdentifiedNeed`: what needs to change, per domain, in plain words, in priority order; the
  plan's goals are made from these.
- `YoungPersonView`, `CarerView`, `AgencyContribution`: whose voices the assessment records.
- `IndicatorSet`: measurable indicators (attendance, exclusions, missing episodes, offences,
  police call-outs, an optional validated tool score), recorded at an assessment, a review, a
  closure or a follow-up: `occasion` says which; `assessment` is set only for the first.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments.models_configuration import (
    OutcomeDomain,
    OutcomeDomainQuerySet,
    OutcomeFramework,
    RiskFactor,
    RiskFactorQuerySet,
)
from edgecare.dates import long_date, short_date
from edgecare.models import CaseRecord
from edgecare.records_common import optional_link, previous_version_link, version_number
from edgecare.signoff import SignOffRecord
from families.models import Case, Person

# Django finds the app's models through this module, so it re-exports the configuration's.
__all__ = [
    "SCORE_MAX",
    "SCORE_MIN",
    "SCORE_VALIDATORS",
    "SDQ_BANDS",
    "SDQ_TOOL_NAME",
    "AgencyContribution",
    "Assessment",
    "AssessmentQuerySet",
    "CarerView",
    "DomainAssessment",
    "IdentifiedNeed",
    "IndicatorSet",
    "OutcomeDomain",
    "OutcomeDomainQuerySet",
    "OutcomeFramework",
    "RiskFactor",
    "RiskFactorQuerySet",
    "YoungPersonView",
    "OutcomeAreaRow",
    "score_check",
    "score_checks",
    "sdq_total_difficulties_band",
]

SCORE_MIN, SCORE_MAX = 0, 10
SCORE_VALIDATORS = [
    MinValueValidator(SCORE_MIN, "A score is a whole number from 0 to 10."),
    MaxValueValidator(SCORE_MAX, "A score is a whole number from 0 to 10."),
]


def score_check(field: str, name: str) -> models.CheckConstraint:
    """A database check that an optional score field is at most SCORE_MAX."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": SCORE_MAX}), name=name
    )


def score_checks(prefix: str, *fields: str) -> list[models.CheckConstraint]:
    """Database checks that each optional score field is at most SCORE_MAX."""
    return [score_check(f, f"{prefix}_{f}_0_to_10") for f in fields]


# Strengths and Difficulties Questionnaire, total difficulties (0-40): the published
# four-band categorisation for 4-17 year olds (sdqinfo.org, "Scoring the SDQ"). The upper
# bound of each of the first three bands, per informant; anything above is "very high".
# Checked: the teacher bands against the published four-band table; the parent bands agree
# with the UK three-band cut-offs for 4-17 year olds (14 borderline, 17 abnormal, which "high"
# and "very high" split); the self-report "very high" starts where the original self-report
# "abnormal" band does (20). Kept as constants so a service can change them if the publisher
# revises them. Only the
# total score is ever recorded here, never the questionnaire or its items.
SDQ_TOOL_NAME = "SDQ total difficulties"
SDQ_BANDS = ("Close to average", "Slightly raised", "High", "Very high")
SDQ_TOTAL_DIFFICULTIES_UPPER_BOUNDS: dict[str, tuple[int, int, int]] = {
    "parent": (13, 16, 19),  # 0-13, 14-16, 17-19, 20-40
    "teacher": (11, 15, 18),  # 0-11, 12-15, 16-18, 19-40
    "young_person": (14, 17, 19),  # 0-14, 15-17, 18-19, 20-40
}


def sdq_total_difficulties_band(score: int | None, informant: str) -> str:
    """The four-band category of an SDQ total difficulties score, or "" if it has none."""
    bounds = SDQ_TOTAL_DIFFICULTIES_UPPER_BOUNDS.get(informant)
    if score is None or bounds is None or not 0 <= score <= 40:
        return ""
    for band, upper in zip(SDQ_BANDS, bounds, strict=False):
        if score <= upper:
            return band
    return SDQ_BANDS[-1]


# The assessment ---------------------------------------------------------------------------


class AssessmentQuerySet(models.QuerySet):
    def signed_off(self):
        return self.filter(status=Assessment.Status.SIGNED_OFF)

    def current(self):
        """Assessments that no later version has replaced."""
        return self.filter(next_versions__isnull=True)

    def with_relations(self):
        """With everything the assessment's page and its readiness check read."""
        return self.select_related(
            "case", "case__family", "assessor", "signed_off_by", "returned_by", "framework"
        ).prefetch_related(
            "case__young_people",
            models.Prefetch(
                "domain_assessments",
                queryset=DomainAssessment.objects.select_related("domain").prefetch_related(
                    "risk_factors"
                ),
            ),
            models.Prefetch("needs", queryset=IdentifiedNeed.objects.select_related("domain")),
            models.Prefetch(
                "young_person_views", queryset=YoungPersonView.objects.select_related("person")
            ),
            models.Prefetch("carer_views", queryset=CarerView.objects.select_related("person")),
            "agency_contributions",
            "indicator_sets",
        )

    def delete(self):
        raise PermissionError("Case records are never deleted; close or archive them instead.")


class Assessment(SignOffRecord):
    """An assessment of risks and strengths on a case.

    Lifecycle (edgecare.signoff): draft -> submitted -> signed off, or submitted -> returned ->
    submitted again. A signed-off assessment is read-only; a correction is a new draft version
    (`version` + 1, `previous_version` set) and the signed-off one stays readable.
    """

    class Type(models.TextChoices):
        INITIAL = "initial", "Initial assessment"
        REASSESSMENT = "reassessment", "Re-assessment"

    class RiskLevel(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        VERY_HIGH = "very_high", "Very high"

    author_field = "assessor"
    record_name = "assessment"
    sign_off_permission = "assessments.sign_off_assessment"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    framework = models.ForeignKey(
        OutcomeFramework,
        on_delete=models.PROTECT,
        related_name="assessments",
        help_text="The outcome framework this assessment was scored against.",
    )
    assessment_type = models.CharField(
        "Type of assessment", max_length=12, choices=Type.choices, default=Type.INITIAL
    )
    assessment_date = models.DateField("Date of the assessment")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments"
    )
    version = version_number()
    previous_version: models.ForeignKey[Assessment | None, Assessment | None] = (
        previous_version_link()
    )
    correction_reason = models.TextField("Why this version corrects the last one", blank=True)
    # The summary, in three columns, written so the family can understand it.
    worries = models.TextField(
        "What we are worried about",
        blank=True,
        help_text="Worry statements the family can understand: who, what might happen, why.",
    )
    working_well = models.TextField("What is working well", blank=True)
    needs_to_happen = models.TextField("What needs to happen", blank=True)
    analysis = models.TextField(
        "Analysis",
        blank=True,
        help_text="How the risks weigh against the strengths, and what that means.",
    )
    risk_level = models.CharField(
        "Overall risk level", max_length=10, choices=RiskLevel.choices, blank=True
    )
    risk_level_reason = models.TextField("Why this risk level", blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessment_date", "-version", "-id"]
        indexes = [models.Index(fields=["case", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["previous_version"],
                condition=Q(previous_version__isnull=False),
                name="one_correction_per_assessment_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_assessment_type_display()} of {short_date(self.assessment_date)}" + (
            f" (version {self.version})" if self.version > 1 else ""
        )

    @property
    def in_a_sentence(self) -> str:
        """The assessment named inside a sentence ("built from the full assessment of 4 Dec
        2026"): only the first letter lowered, never the month."""
        name = str(self)
        return name[:1].lower() + name[1:]

    def get_absolute_url(self) -> str:
        return reverse("assessments:detail", args=[self.case_id, self.pk])

    # The sign-off workflow (edgecare.signoff) asks these before submitting and signing off.

    def signed_off_not_before(self) -> tuple[datetime.date | None, str]:
        return self.assessment_date, "the date of the assessment"

    def sign_off_problems(self) -> list[str]:
        """Why this assessment cannot be submitted yet, in words a worker can act on.

        Reads the related rows; call on an instance loaded with its relations prefetched to
        keep the query count flat.
        """
        problems = []
        views_by_person = {v.person_id for v in self.young_person_views.all() if v.views.strip()}
        for person in self.case.young_people.all():
            if person.pk not in views_by_person:
                problems.append(f"Record {person.known_as}'s own views before submitting.")
        for row in self.domain_assessments.all():
            if row.domain.is_active and row.worker_score is None:
                problems.append(f"Give a worker's score for {row.domain_name}.")
        if not self.needs.all():
            problems.append("Add at least one identified need: the plan's goals come from them.")
        if not self.risk_level or not self.risk_level_reason.strip():
            problems.append("Give the overall risk level and the reason for it.")
        return problems

    @classmethod
    def for_transition(cls, pk: int) -> Assessment:
        return cls.objects.with_relations().get(pk=pk)

    def clean(self):
        super().clean()
        if self.assessment_date and self.case_id:
            if self.assessment_date < self.case.referral_date:
                raise ValidationError(
                    {
                        "assessment_date": "The date of the assessment cannot be before the "
                        f"referral ({long_date(self.case.referral_date)})."
                    }
                )
            if self.assessment_date > timezone.localdate():
                raise ValidationError(
                    {"assessment_date": "The date of the assessment cannot be in the future."}
                )


class OutcomeAreaRow(CaseRecord):
    """A record's row for one outcome area (an assessment's scores, a review's re-scoring, a
    closure's final scores), in the framework's order."""

    domain = models.ForeignKey(OutcomeDomain, on_delete=models.PROTECT, related_name="+")
    # Snapshots taken when the row is created: a later rename or re-order of the domain never
    # changes what the record said.
    domain_name = models.CharField(max_length=120, editable=False)
    domain_order = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        abstract = True
        ordering = ["domain_order", "id"]

    def __str__(self) -> str:
        return self.domain_name

    def save(self, *args, **kwargs):
        if not self.domain_name and self.domain_id:
            self.domain_name = self.domain.name
            self.domain_order = self.domain.order
        super().save(*args, **kwargs)


class DomainAssessment(OutcomeAreaRow):
    """The assessment of one outcome domain: risks, strengths and the baseline scores."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="domain_assessments"
    )
    risk_factors = models.ManyToManyField(RiskFactor, blank=True, related_name="+")
    strengths = models.TextField("Strengths and protective factors", blank=True)
    narrative = models.TextField(
        "What we found", blank=True, help_text="What is happening, what the family told you."
    )
    worker_score = models.PositiveSmallIntegerField(
        "Worker's score (0 to 10)", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    family_score = models.PositiveSmallIntegerField(
        "Family's own score (0 to 10)",
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
        help_text="Leave empty until the family has given their score.",
    )

    class Meta(OutcomeAreaRow.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain"], name="one_row_per_domain_per_assessment"
            ),
            score_check("worker_score", "worker_score_0_to_10"),
            score_check("family_score", "family_score_0_to_10"),
        ]


class YoungPersonView(CaseRecord):
    """A focus young person's own views, recorded separately, ideally seen alone."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="young_person_views"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    views = models.TextField(
        "Their views, in their own words",
        help_text="What they want, what worries them, what is going well for them.",
    )
    seen_alone = models.BooleanField("Seen on their own", default=False)
    seen_on = models.DateField("Date their views were given", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "person"], name="one_young_person_view_per_assessment"
            )
        ]

    def __str__(self) -> str:
        return f"Views of {self.person}"


class CarerView(CaseRecord):
    """A parent's or carer's views: every one of them, fathers and male carers included."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="carer_views")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    views = models.TextField("Their views, in their own words")
    seen_on = models.DateField("Date their views were given", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "person"], name="one_carer_view_per_assessment"
            )
        ]

    def __str__(self) -> str:
        return f"Views of {self.person}"


class AgencyContribution(CaseRecord):
    """What another agency (school, police, health...) contributed to the assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="agency_contributions"
    )
    agency_name = models.CharField("Agency", max_length=200)
    contributor = models.CharField("Who contributed", max_length=200)
    contribution = models.TextField("What they told us")
    received_on = models.DateField("Date received", null=True, blank=True)

    class Meta:
        ordering = ["agency_name", "id"]

    def __str__(self) -> str:
        return f"{self.agency_name} ({self.contributor})"


class IdentifiedNeed(CaseRecord):
    """Something that needs to change, found by the assessment. A plan's goals are made from
    these, so they are written in plain words and put in priority order (1 first)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="needs")
    domain = models.ForeignKey(OutcomeDomain, on_delete=models.PROTECT, related_name="+")
    domain_name = models.CharField(max_length=120, editable=False)
    description = models.TextField(
        "What needs to change", help_text="In plain words the family would use."
    )
    priority = models.PositiveSmallIntegerField(
        "Priority", default=1, help_text="1 is the most important."
    )

    class Meta:
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return self.description[:80]

    def save(self, *args, **kwargs):
        if self.domain_id and (
            not self.domain_name or self._state.adding or self._domain_changed()
        ):
            self.domain_name = self.domain.name
        super().save(*args, **kwargs)

    def _domain_changed(self) -> bool:
        saved = type(self).objects.filter(pk=self.pk).values_list("domain_id", flat=True).first()
        return saved != self.domain_id


class IndicatorSet(CaseRecord):
    """Measurable indicators on one date, for comparing the start of the work with reviews,
    closure and follow-up. Every figure is optional: record what is known."""

    class Occasion(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment"
        REVIEW = "review", "Review"
        CLOSURE = "closure", "Closure"
        FOLLOW_UP = "follow_up", "Follow-up check"
        OTHER = "other", "Other"

    class Informant(models.TextChoices):
        PARENT = "parent", "Parent or carer"
        TEACHER = "teacher", "Teacher"
        YOUNG_PERSON = "young_person", "Young person (self-report)"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="indicator_sets")
    assessment = optional_link(Assessment, related_name="indicator_sets")
    occasion = models.CharField(max_length=12, choices=Occasion.choices, default=Occasion.OTHER)
    recorded_on = models.DateField("Date recorded")
    period_weeks = models.PositiveSmallIntegerField(
        "Weeks the counts cover",
        null=True,
        blank=True,
        validators=[MinValueValidator(1, "The period is at least 1 week.")],
        help_text="For example 12 for the last 12 weeks.",
    )
    school_attendance_percent = models.DecimalField(
        "School attendance (%)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0"), "Attendance is a percentage from 0 to 100."),
            MaxValueValidator(Decimal("100"), "Attendance is a percentage from 0 to 100."),
        ],
    )
    exclusions = models.PositiveSmallIntegerField("Exclusions (number)", null=True, blank=True)
    fixed_term_exclusion_days = models.DecimalField(
        "Days of suspension (fixed-term exclusion)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), "Days cannot be negative.")],
    )
    missing_episodes = models.PositiveSmallIntegerField("Missing episodes", null=True, blank=True)
    offences = models.PositiveSmallIntegerField("Offences", null=True, blank=True)
    police_callouts = models.PositiveSmallIntegerField(
        "Police call-outs to the home", null=True, blank=True
    )
    tool_name = models.CharField(
        "Validated tool", max_length=100, blank=True, default=SDQ_TOOL_NAME
    )
    tool_informant = models.CharField(
        "Who completed it", max_length=12, choices=Informant.choices, blank=True
    )
    tool_score = models.PositiveSmallIntegerField(
        "Score",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, "An SDQ total difficulties score is from 0 to 40."),
            MaxValueValidator(40, "An SDQ total difficulties score is from 0 to 40."),
        ],
    )
    # Derived on save from the tool, informant and score; stored so reports can count it.
    tool_band = models.CharField(max_length=20, blank=True, editable=False)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-id"]
        indexes = [models.Index(fields=["case", "-recorded_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(school_attendance_percent__isnull=True)
                | Q(school_attendance_percent__gte=0, school_attendance_percent__lte=100),
                name="attendance_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(tool_score__isnull=True) | Q(tool_score__lte=40),
                name="tool_score_0_to_40",
            ),
        ]

    def __str__(self) -> str:
        return f"Indicators on {short_date(self.recorded_on)}"

    def compute_tool_band(self) -> str:
        if self.tool_name.strip().lower() != SDQ_TOOL_NAME.lower():
            return ""
        return sdq_total_difficulties_band(self.tool_score, self.tool_informant)

    def save(self, *args, **kwargs):
        self.tool_band = self.compute_tool_band()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "tool_band"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.tool_score is not None and not self.tool_informant:
            raise ValidationError({"tool_informant": "Say who completed the questionnaire."})
        if self.recorded_on and self.recorded_on > timezone.localdate():
            raise ValidationError({"recorded_on": "The date cannot be in the future."})
