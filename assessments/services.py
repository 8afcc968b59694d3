"""Writes that touch several models: loading the outcome frameworks, starting, submitting,
signing off, returning and correcting assessments. Each runs in one transaction."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.frameworks import FRAMEWORKS, RISK_FACTORS
from assessments.models import (
    AgencyContribution,
    Assessment,
    CarerView,
    DomainAssessment,
    IdentifiedNeed,
    IndicatorSet,
    OutcomeDomain,
    OutcomeFramework,
    RiskFactor,
    YoungPersonView,
)
from edgecare.models import Organisation, User
from edgecare.records_common import require_open_case
from families.models import Case

log = logging.getLogger("edgecare.assessments")


# The organisation's framework ------------------------------------------------------------


@transaction.atomic
def outcome_frameworks_load(
    *, organisation: Organisation, activate: str = "default"
) -> list[OutcomeFramework]:
    """Create the shipped outcome frameworks and risk factors for `organisation`.

    Safe to run again: what exists (perhaps reworded by the administrators) is left alone.
    The framework named by `activate` becomes active only if none is active yet.
    """
    frameworks = []
    for text in FRAMEWORKS:
        framework, created = OutcomeFramework.objects.get_or_create(
            organisation=organisation,
            key=text.key,
            defaults={"name": text.name, "description": text.description},
        )
        if created:
            for order, domain in enumerate(text.domains, start=1):
                OutcomeDomain.objects.create(
                    framework=framework,
                    order=order,
                    name=domain.name,
                    description=domain.description,
                    low_anchor=domain.low,
                    middle_anchor=domain.middle,
                    high_anchor=domain.high,
                )
        frameworks.append(framework)
    if not OutcomeFramework.objects.filter(organisation=organisation, is_active=True).exists():
        chosen = next((f for f in frameworks if f.key == activate), frameworks[0])
        chosen.is_active = True
        chosen.save(update_fields=["is_active"])
    existing = set(
        RiskFactor.objects.filter(organisation=organisation).values_list("name", flat=True)
    )
    RiskFactor.objects.bulk_create(
        RiskFactor(organisation=organisation, name=name, order=order)
        for order, name in enumerate(RISK_FACTORS, start=1)
        if name not in existing
    )
    return frameworks


@transaction.atomic
def outcome_framework_activate(*, framework: OutcomeFramework) -> OutcomeFramework:
    """Make `framework` the organisation's one active framework. Assessments already started
    keep the framework they were scored against."""
    OutcomeFramework.objects.filter(
        organisation_id=framework.organisation_id, is_active=True
    ).exclude(pk=framework.pk).update(is_active=False)
    framework.is_active = True
    framework.save(update_fields=["is_active"])
    return framework


def outcome_framework_for(organisation: Organisation) -> OutcomeFramework:
    """The organisation's active framework; the shipped ones are loaded on first use."""
    framework = OutcomeFramework.active_for(organisation)
    if framework is None:
        outcome_frameworks_load(organisation=organisation)
        framework = OutcomeFramework.active_for(organisation)
    assert framework is not None  # loading the shipped frameworks activates one
    return framework


# Assessments ---------------------------------------------------------------------------


def _in_progress(case: Case) -> Assessment | None:
    return (
        case.assessments.exclude(status=Assessment.Status.SIGNED_OFF)
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def assessment_start(
    *,
    case: Case,
    assessor: User,
    type: str = Assessment.Type.INITIAL,  # noqa: A002 - the domain's word
    assessment_date: datetime.date,
) -> Assessment:
    """Start an assessment with one row per active outcome domain, ready to be filled in."""
    require_open_case(case)
    in_progress = _in_progress(case)
    if in_progress is not None:
        raise ValidationError(
            "This case already has an assessment in progress. Finish that one first."
        )
    if (
        type == Assessment.Type.INITIAL
        and case.assessments.filter(assessment_type=Assessment.Type.INITIAL).exists()
    ):
        raise ValidationError(
            "This case already has an initial assessment. Start a re-assessment instead, "
            "or correct the initial assessment."
        )
    framework = outcome_framework_for(case.family.organisation)
    assessment = Assessment(
        case=case,
        framework=framework,
        assessment_type=type,
        assessment_date=assessment_date,
        assessor=assessor,
    )
    assessment.full_clean()
    assessment.save()
    DomainAssessment.objects.bulk_create(
        DomainAssessment(
            assessment=assessment,
            domain=domain,
            domain_name=domain.name,
            domain_order=domain.order,
        )
        for domain in framework.domains.filter(is_active=True).order_by("order", "id")
    )
    log.info("assessment started id=%s case=%s", assessment.pk, case.pk)
    return assessment


def assessment_with_relations(pk: int) -> Assessment:
    """One assessment with everything its page and its submission checks read."""
    return Assessment.objects.with_relations().get(pk=pk)


# The sign-off workflow is edgecare.signoff's (row lock, open case, readiness, who may sign);
# an assessment's transitions change nothing else, so these only name them for the views.


def assessment_submit(*, assessment: Assessment, by: User) -> Assessment:
    """Submit for sign-off. Raises ValidationError listing everything still missing."""
    assessment.submit(by=by)
    return assessment


def assessment_sign_off(
    *, assessment: Assessment, by: User, comments: str = "", on: datetime.date | None = None
) -> Assessment:
    """Signed off by a manager on `on` (today when not given)."""
    assessment.sign_off(by=by, comments=comments, on=on)
    return assessment


def assessment_return(*, assessment: Assessment, by: User, comments: str) -> Assessment:
    assessment.return_for_changes(by=by, comments=comments)
    return assessment


_COPIED_FIELDS = (
    "assessment_type",
    "assessment_date",
    "worries",
    "working_well",
    "needs_to_happen",
    "analysis",
    "risk_level",
    "risk_level_reason",
)

# The rows a corrected version copies just as they were written (model, the assessment's
# related rows, the fields written), saved together. The outcome areas and the needs are
# copied one by one: an outcome area's risk factors are set once it is saved, and a need's
# own save() refreshes the outcome area's name it keeps.
# (Any: the table holds three models, which one loop cannot type.)
_COPIED_AS_WRITTEN: tuple[tuple[Any, str, tuple[str, ...]], ...] = (
    (YoungPersonView, "young_person_views", ("person_id", "views", "seen_alone", "seen_on")),
    (CarerView, "carer_views", ("person_id", "views", "seen_on")),
    (
        AgencyContribution,
        "agency_contributions",
        ("agency_name", "contributor", "contribution", "received_on"),
    ),
)


@transaction.atomic
def assessment_correct(*, assessment: Assessment, by: User, reason: str = "") -> Assessment:
    """Start a corrected version of a signed-off assessment: a new draft copying everything.

    The signed-off version is left exactly as it was and stays readable.
    """
    if not assessment.is_signed_off:
        raise ValidationError("Only a signed-off assessment is corrected with a new version.")
    if assessment.next_versions.exists():
        raise ValidationError("This version has already been corrected: correct the latest one.")
    if assessment.case.is_closed:
        raise ValidationError("This case is closed: its record can no longer be changed.")
    new = Assessment(
        case=assessment.case,
        framework=assessment.framework,
        assessor=by,
        version=assessment.version + 1,
        previous_version=assessment,
        correction_reason=reason,
        **{name: getattr(assessment, name) for name in _COPIED_FIELDS},
    )
    new.save()
    for row in assessment.domain_assessments.prefetch_related("risk_factors"):
        copy = DomainAssessment.objects.create(
            assessment=new,
            domain_id=row.domain_id,
            domain_name=row.domain_name,
            domain_order=row.domain_order,
            strengths=row.strengths,
            narrative=row.narrative,
            worker_score=row.worker_score,
            family_score=row.family_score,
        )
        copy.risk_factors.set(row.risk_factors.all())
    for need in assessment.needs.all():
        IdentifiedNeed.objects.create(
            assessment=new,
            domain_id=need.domain_id,
            domain_name=need.domain_name,
            description=need.description,
            priority=need.priority,
        )
    for model, rows, fields in _COPIED_AS_WRITTEN:
        model.objects.bulk_create(
            model(assessment=new, **{name: getattr(row, name) for name in fields})
            for row in getattr(assessment, rows).all()
        )
    for indicators in assessment.indicator_sets.all():
        indicators.pk = None
        indicators.id = None
        indicators._state.adding = True
        indicators.assessment = new
        indicators.row_version = 0
        indicators.save()
    log.info("assessment corrected old=%s new=%s by=%s", assessment.pk, new.pk, by.pk)
    return new


def indicators_for(assessment: Assessment) -> IndicatorSet | None:
    """The assessment's indicator set (an assessment records at most one)."""
    rows = assessment.indicator_sets.all()
    return rows[0] if rows else None
