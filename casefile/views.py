"""The home page: the signed-in worker's own open cases (it reads several apps' templates and
the families selectors, so it sits on top, not in the floor)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from families.selectors import cases_for_user, with_case_list_figures


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in worker's own open cases, with what needs doing next."""
    my_cases = with_case_list_figures(
        cases_for_user(request.user).open().filter(lead_professional=request.user)
    ).order_by("referral_date", "pk")
    return render(request, "casefile/home.html", {"cases": my_cases})
