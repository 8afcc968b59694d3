"""Cases: the team's list, the case page, taking a referral, the edge-of-care decision and
allocating the lead professional."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from edgecare.access import record_access
from edgecare.forms import form_status
from edgecare.models import AccessLog
from edgecare.section_page import section_page
from families import services
from families.case_forms import AllocationForm, DecisionForm, ReferralEditForm, ReferralForm
from families.filters import CaseFilter
from families.models import Case, Decision
from families.selectors import (
    Loaded,
    cases_for_user,
    family_for_user_or_404,
    record_for_user_or_404,
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


def _case_form(request: HttpRequest, loaded: Loaded, *, make_form, title: str, **page):
    """A form about the case as a whole, through the one section page."""
    case = loaded.case
    return section_page(
        request,
        loaded,
        make_form=make_form,
        title=title,
        caption=f"{case.family} · {case.reference}",
        back_url=case.get_absolute_url(),
        **page,
    )


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, family_pk: int) -> HttpResponse:
    """The referral itself, for a family already recorded: opens a case, status "referred"."""
    family = family_for_user_or_404(request, family_pk)
    if not request.user.has_perm("families.change_family", family):
        raise PermissionDenied
    if request.method in ("GET", "HEAD"):  # the form shows the family's members
        record_access(
            request,
            action=AccessLog.Action.VIEW,
            record_type=AccessLog.RecordType.FAMILY,
            record_id=family.pk,
        )
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
                referral_time=data["referral_time"],
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
    loaded = record_for_user_or_404(request, pk, record_type=AccessLog.RecordType.CASE)
    return _case_form(
        request,
        loaded,
        make_form=lambda data: ReferralEditForm(data, instance=loaded.case),
        on_saved="Referral details saved.",
        title="Referral details",
    )


@require_http_methods(["GET", "POST"])
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = record_for_user_or_404(request, pk, record_type=AccessLog.RecordType.CASE)
    case = loaded.case

    def recorded(decision) -> None:
        case.refresh_from_db()
        if case.is_closed:
            note = "This episode of work is now closed."
        else:
            note = f"The case is now at {case.get_status_display().lower()}."
        if decision.is_pending:
            note += f" The decision is pending until {decision.decider} confirms it."
        messages.success(request, f"Decision recorded: {decision.get_outcome_display()}. {note}")

    return _case_form(
        request,
        loaded,
        make_form=lambda data: DecisionForm(data, case=case, recorded_by=request.user),
        save=lambda form: services.decision_record(
            case=case, recorded_by=request.user, **form.cleaned_data
        ),
        on_saved=recorded,
        title="Record the edge-of-care decision",
        intro="Support at home starts the assessment. Accommodate, step down and no further "
        "action close this episode of work.",
    )


@require_POST
def decision_confirm(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    """The manager or panel chair named confirms the decision a key worker recorded."""
    loaded = record_for_user_or_404(
        request,
        pk,
        record_type=AccessLog.RecordType.CASE,
        queryset=Decision.objects.select_related("decider"),
        pk=decision_pk,
        change_perm="families.confirm_decision",
    )
    if not loaded.can_change:
        raise PermissionDenied("Only the manager or panel chair named can confirm it.")
    try:
        services.decision_confirm(decision=loaded.record, confirmed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Decision confirmed.")
    return redirect(loaded.case.get_absolute_url())


@require_http_methods(["GET", "POST"])
def case_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = record_for_user_or_404(
        request, pk, record_type=AccessLog.RecordType.CASE, change_perm="families.manage_case"
    )
    case = loaded.case
    if case.is_closed or not loaded.can_change:
        raise PermissionDenied
    title = "Re-allocate the lead professional" if case.lead_professional_id else "Allocate"
    intro = (
        f"The current lead professional is {case.lead_professional}."
        if case.lead_professional_id
        else "Nobody leads the work with this family yet."
    )
    return _case_form(
        request,
        loaded,
        make_form=lambda data: AllocationForm(data, case=case),
        save=lambda form: services.case_allocate(
            case=case,
            worker=form.cleaned_data["worker"],
            allocated_by=request.user,
            reason=form.cleaned_data["reason"],
            effective_on=form.cleaned_data["effective_on"],
        ),
        on_saved=lambda allocation: messages.success(
            request, f"{allocation.worker} is now the lead professional."
        ),
        title=title,
        intro=intro,
        check_case=False,
    )
