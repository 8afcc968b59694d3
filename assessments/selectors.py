"""The one way assessments are loaded: scoped by the cases the user may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from assessments.models import Assessment, DomainAssessment
from edgecare.models import AccessLog
from families.case_parts import once_per_case
from families.models import Case
from families.selectors import Loaded, cases_for_user, record_for_user_or_404

RECORD_TYPE = AccessLog.RecordType.ASSESSMENT


def assessments_for_user(user) -> QuerySet[Assessment]:
    """Every assessment on a case `user` may see."""
    return Assessment.objects.filter(case__in=cases_for_user(user).values("pk"))


def load_assessment(request: HttpRequest, case_pk: int, pk: int) -> Loaded:
    """One assessment of the case in the URL, with what the user may do with it, or 404
    (logged as a refusal). Scoped by the case in the URL too, so another case's assessment id
    under this case's address is a 404 even when the user could see both cases."""
    return record_for_user_or_404(
        request,
        case_pk,
        record_type=RECORD_TYPE,
        queryset=assessments_for_user(request.user).select_related(
            "framework", "assessor", "submitted_by", "signed_off_by", "returned_by"
        ),
        pk=pk,
        change_perm="assessments.change_assessment",
        sign_off_perm=Assessment.sign_off_permission,
    )


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
