"""Cases: the team's list, taking a referral, the edge-of-care decision and allocating the lead
professional. The case page itself reads every app, so it is casefile.case_page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from edgecare.forms import form_status
from families import services
from families.filters import CaseFilter
from families.forms import AllocationForm, DecisionForm, ReferralEditForm, ReferralForm
from families.models import Case
from families.selectors import (
    case_for_user_or_404,
    cases_for_user,
    family_for_user_or_404,
    with_case_list_figures,
)

CASES_PER_PAGE = 25


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    base = with_case_list_figures(cases_for_user(request.user))
    case_filter = CaseFilter(request.GET or None, queryset=base, user=request.user)
    cases = case_filter.qs if case_filter.is_bound else base.open()
    cases = cases.order_by("-referral_date", "-pk")
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "families/case_list.html",
        {
            "filter": case_filter,
            "page": page,
            "cases": page.object_list,
            "query_string": query.urlencode(),
            "showing_open_only": not case_filter.is_bound,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1),
        },
    )


def require_change(request: HttpRequest, case: Case) -> None:
    """Adding to a case needs change rights; a closed case is read-only for everyone."""
    if not request.user.has_perm("families.change_case", case):
        raise PermissionDenied


def require_manage(request: HttpRequest, case: Case) -> None:
    if case.is_closed or not request.user.has_perm("families.manage_case", case):
        raise PermissionDenied


def form_page(request, form, *, title, case=None, caption=None, intro=None, back_url=None):
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": caption or (f"{case.family} · {case.reference}" if case else None),
            "intro": intro,
            "back_url": back_url or (case.get_absolute_url() if case else None),
            "cancel_url": back_url or (case.get_absolute_url() if case else None),
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, family_pk: int) -> HttpResponse:
    """The referral itself, for a family already recorded: opens a case, status "referred"."""
    family = family_for_user_or_404(request, family_pk)
    if not request.user.has_perm("families.change_family", family):
        raise PermissionDenied
    form = ReferralForm(request.POST or None, family=family, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open(
                family=family,
                service=data["service"],
                team=data["team"],
                opened_by=request.user,
                young_people=data["young_people"],
                referral_date=data["referral_date"],
                referral_source=data["referral_source"],
                referrer_name=data["referrer_name"],
                referrer_contact=data["referrer_contact"],
                presenting_concerns=data["presenting_concerns"],
                parent_requested_accommodation=data["parent_requested_accommodation"],
                urgency=data["urgency"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.user.has_perm("families.view_case", case):
                messages.success(request, f"Referral recorded: case {case.reference}.")
                return redirect(case)
            messages.success(
                request,
                f"Referral {case.reference} sent to {case.team.name}. Their manager will "
                "allocate it.",
            )
            return redirect("home")
    has_closed = family.cases.filter(status=Case.Status.CLOSED).exists()
    return render(
        request,
        "families/referral_form.html",
        {
            "form": form,
            "family": family,
            "title": "New referral",
            "caption": str(family),
            "back_url": reverse("families:referral_start"),
            "cancel_url": family.get_absolute_url(),
            "is_re_referral": has_closed,
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, pk)
    require_change(request, case)
    form = ReferralEditForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Referral details saved.")
        return redirect(case)
    return form_page(request, form, title="Referral details", case=case)


@require_http_methods(["GET", "POST"])
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, pk)
    require_change(request, case)
    form = DecisionForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(
                case=case, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            case.refresh_from_db()
            if case.is_closed:
                note = "This episode of work is now closed."
            else:
                note = f"The case is now at {case.get_status_display().lower()}."
            messages.success(
                request, f"Decision recorded: {decision.get_outcome_display()}. {note}"
            )
            return redirect(case)
    return form_page(
        request,
        form,
        title="Record the edge-of-care decision",
        case=case,
        intro="Support at home starts the assessment. Accommodate, step down and no further "
        "action close this episode of work.",
    )


@require_http_methods(["GET", "POST"])
def case_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, pk)
    require_manage(request, case)
    form = AllocationForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.case_allocate(
                case=case,
                worker=form.cleaned_data["worker"],
                allocated_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{allocation.worker} is now the lead professional.")
            return redirect(case)
    title = "Re-allocate the lead professional" if case.lead_professional_id else "Allocate"
    intro = (
        f"The current lead professional is {case.lead_professional}."
        if case.lead_professional_id
        else "Nobody leads the work with this family yet."
    )
    return form_page(request, form, title=title, case=case, intro=intro)
