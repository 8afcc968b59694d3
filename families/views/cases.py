from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from edgecare.access import record_access
from edgecare.models import AccessLog
from families.selectors import case_for_user_or_404, cases_for_user, with_case_list_figures


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    cases = with_case_list_figures(cases_for_user(request.user)).order_by("-referral_date", "-pk")
    return render(request, "families/case_list.html", {"cases": cases})


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, pk)
    record_access(
        request,
        action=AccessLog.Action.VIEW,
        record_type="case",
        record_id=case.pk,
        case_id=case.pk,
    )
    return render(request, "families/case_detail.html", {"case": case})
