"""The one way assessments are loaded: scoped by the cases the user may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from assessments.models import Assessment, DomainAssessment
from edgecare.access import record_access
from edgecare.models import AccessLog
from families.case_parts import once_per_case
from families.models import Case
from families.selectors import cases_for_user


def assessments_for_user(user) -> QuerySet[Assessment]:
    """Every assessment on a case `user` may see."""
    return Assessment.objects.filter(case__in=cases_for_user(user).values("pk"))


def assessment_for_user_or_404(
    request: HttpRequest, *, case: Case, pk: int, record_type: str = "assessment"
) -> Assessment:
    """One assessment of `case`, or 404 (logged as a refusal).

    Always scoped by the case in the URL too, so another case's assessment id under this
    case's address is a 404 even when the user could see both cases.
    """
    assessment = (
        assessments_for_user(request.user)
        .filter(case=case, pk=pk)
        .select_related("framework", "assessor", "signed_off_by", "returned_by")
        .first()
    )
    if assessment is None:
        record_access(
            request,
            action=AccessLog.Action.REFUSED,
            record_type=record_type,
            record_id=pk,
            case_id=case.pk,
        )
        raise Http404("No assessment found")
    assessment.case = case
    return assessment


def latest_signed_off_assessment(case: Case) -> Assessment | None:
    """The newest signed-off assessment of the case: its scores are the case's baseline.
    The assessment panel and the reviews' progress chart both ask on the case page: once."""
    return once_per_case(
        case,
        "latest_signed_off_assessment",
        lambda: (
            case.assessments.signed_off()
            .select_related("assessor", "signed_off_by")
            .order_by("-signed_off_at", "-version", "-pk")
            .first()
        ),
    )


def baseline_scores(assessment: Assessment) -> list[DomainAssessment]:
    def load() -> list[DomainAssessment]:
        return list(assessment.domain_assessments.select_related("domain").order_by("domain_order"))

    # Shared on a page only when the assessment came from its case (never a query to find out).
    if not Assessment.case.is_cached(assessment):
        return load()
    return once_per_case(assessment.case, f"baseline_scores:{assessment.pk}", load)


def version_chain(assessment: Assessment) -> list[Assessment]:
    """Every version of this assessment, oldest first, in one query."""
    on_case = {
        a.pk: a
        for a in Assessment.objects.filter(case_id=assessment.case_id).select_related(
            "assessor", "signed_off_by"
        )
    }
    root = on_case.get(assessment.pk, assessment)
    while root.previous_version_id and root.previous_version_id in on_case:
        root = on_case[root.previous_version_id]
    children = {a.previous_version_id: a for a in on_case.values() if a.previous_version_id}
    chain = [root]
    while chain[-1].pk in children:
        chain.append(children[chain[-1].pk])
    return chain
