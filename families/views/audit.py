from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from edgecare.access import record_access
from edgecare.models import AccessLog
from families.audit import access_for_case, changes_for_case
from families.selectors import case_for_user_or_404


@require_GET
def case_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """Who viewed, printed, exported and changed the case record: for its managers."""
    case = case_for_user_or_404(request, pk)
    if not request.user.has_perm("families.manage_case", case):
        raise PermissionDenied("The audit trail of a case is for its managers.")
    record_access(
        request,
        action=AccessLog.Action.VIEW,
        record_type=AccessLog.RecordType.CASE_AUDIT,
        case_id=case.pk,
    )
    return render(
        request,
        "families/case_audit.html",
        {"case": case, "accesses": access_for_case(case), "changes": changes_for_case(case)},
    )
