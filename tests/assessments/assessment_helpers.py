"""Builders for assessment tests. Every name is invented."""

from __future__ import annotations

import datetime

from django.utils import timezone

from assessments import services
from assessments.models import (
    Assessment,
    IdentifiedNeed,
    YoungPersonView,
)


def start(case, assessor, **kwargs) -> Assessment:
    return services.assessment_start(
        case=case,
        assessor=assessor,
        type=kwargs.pop("type", Assessment.Type.INITIAL),
        assessment_date=kwargs.pop(
            "assessment_date", timezone.localdate() - datetime.timedelta(days=2)
        ),
    )


def complete(assessment: Assessment) -> Assessment:
    """Fill in everything submission needs."""
    for i, row in enumerate(assessment.domain_assessments.all()):
        row.worker_score = i % 11
        row.family_score = (i + 2) % 11
        row.save()
    for person in assessment.case.young_people.all():
        YoungPersonView.objects.create(
            assessment=assessment,
            person=person,
            views="I want the shouting to stop.",
            seen_alone=True,
        )
    first_row = assessment.domain_assessments.first()
    IdentifiedNeed.objects.create(
        assessment=assessment, domain=first_row.domain, description="Fewer arguments at home."
    )
    assessment.refresh_from_db()
    assessment.risk_level = Assessment.RiskLevel.HIGH
    assessment.risk_level_reason = "Two missing episodes this month."
    assessment.save()
    return assessment


def submitted(case, assessor) -> Assessment:
    assessment = complete(start(case, assessor))
    return services.assessment_submit(assessment=assessment, by=assessor)


def signed_off(case, assessor, manager) -> Assessment:
    assessment = submitted(case, assessor)
    return services.assessment_sign_off(assessment=assessment, by=manager)
