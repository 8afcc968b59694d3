"""Caseloads, allocation, the needs-attention list and notifications."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from edgecare.models import AccessLog
from edgecare.section_page import render_form_page
from families.case_forms import AllocationForm
from families.selectors import record_for_user_or_404
from managers import selectors, services
from managers.models import Notification

NOTIFICATIONS_PER_PAGE = 30


def require_caseloads(request: HttpRequest) -> None:
    if not request.user.has_perm("edgecare.view_caseloads"):
        raise PermissionDenied


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# Caseloads ----------------------------------------------------------------------------------


@require_GET
def caseloads(request: HttpRequest) -> HttpResponse:
    require_caseloads(request)
    today = timezone.localdate()
    sort_key, descending = selectors.parse_sort(request.GET.get("sort"))
    sort = f"-{sort_key}" if descending else sort_key
    rows = selectors.caseloads(request.user, today=today, sort=sort)
    columns = [
        {
            "figure": figure,
            "sort": figure.key,
            # A second click on the sorted column turns it round; counts start high to low.
            "next_sort": figure.key if descending and sort_key == figure.key else f"-{figure.key}",
            "sorted": sort_key == figure.key,
            "descending": descending,
        }
        for figure in selectors.FIGURES
    ]
    drill_down = reverse("managers:caseload_cases")
    labels = {figure.key: escape(figure.label.lower()) for figure in selectors.FIGURES}
    for row in rows:
        row.cells_html = _caseload_cells(row, drill_down, labels)
    totals = [
        None if figure.key == "quiet" else sum(row.figures.get(figure.key) or 0 for row in rows)
        for figure in selectors.FIGURES
    ]
    return render(
        request,
        "managers/caseloads.html",
        {
            "rows": rows,
            "columns": columns,
            "totals": totals,
            "sort_key": sort_key,
            "descending": descending,
            "worker_next_sort": "-worker" if sort_key == "worker" and not descending else "worker",
            "unallocated": list(selectors.unallocated_cases(request.user)),
            "quiet_days": selectors.quiet_case_days(),
            "late_share_weeks": selectors.LATE_SHARE_WEEKS,
            "late_recording_days": settings.LATE_RECORDING_DAYS,
            "today": today,
        },
    )


def _caseload_cells(row, drill_down: str, labels: dict[str, str]) -> str:
    """A worker's row of figures, as table cells. A service's table has hundreds of cells, and
    building them here rather than through a dozen template nodes each is most of what keeps
    the page quick (docs/performance.md). Safe: the figures are integers, the URL is built
    from integers and fixed keys, and the worker's name and the labels are escaped."""
    name = escape(str(row.worker))
    base = f"{drill_down}?worker={int(row.worker.pk)}&amp;figure="
    cells = []
    for figure in selectors.FIGURES:
        value = row.figures.get(figure.key)
        url = f"{base}{figure.key}"
        if figure.key == "quiet":
            if value is None:
                cell = '<span aria-label="No open cases">–</span>'
            elif not row.is_quiet:
                cell = str(int(value))
            else:
                cell = (
                    f'<a class="govuk-link" href="{url}">{int(value)}<span '
                    f'class="govuk-visually-hidden"> days: {name}\'s cases gone quiet</span></a> '
                    '<strong class="govuk-tag govuk-tag--yellow">Quiet</strong>'
                )
        elif not value:
            cell = "0"
        else:
            cell = (
                f'<a class="govuk-link" href="{url}">{int(value)}<span '
                f'class="govuk-visually-hidden"> {labels[figure.key]}: {name}</span></a>'
            )
        cells.append(f'<td class="govuk-table__cell govuk-table__cell--numeric">{cell}</td>')
    return mark_safe("".join(cells))  # noqa: S308 - every part escaped or an integer, above


@require_GET
def caseload_cases(request: HttpRequest) -> HttpResponse:
    """The cases behind one figure of one worker's caseload."""
    require_caseloads(request)
    figure = selectors.FIGURES_BY_KEY.get(request.GET.get("figure", "open_cases"))
    worker_id = request.GET.get("worker", "")
    if figure is None or not worker_id.isdigit():
        raise Http404("No such figure")
    worker = selectors.worker_in_scope(request.user, int(worker_id))
    if worker is None:
        raise Http404("No such worker")
    today = timezone.localdate()
    cases = list(
        selectors.drill_down_cases(request.user, figure=figure, worker=worker, today=today)
    )
    for case in cases:
        case.quiet_since = selectors.as_date(case.quiet_since)
        case.days_quiet = (today - case.quiet_since).days if case.quiet_since else None
    return render(
        request,
        "managers/caseload_cases.html",
        {
            "figure": figure,
            "worker": worker,
            "cases": cases,
            "figures": selectors.FIGURES,
            "today": today,
            "quiet_days": selectors.quiet_case_days(),
        },
    )


@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    """Allocate or re-allocate a case's lead professional, then back to the caseloads."""
    # Through the scoped loader: the page shows the case, so a GET writes its access-log row.
    case = record_for_user_or_404(request, pk, record_type=AccessLog.RecordType.CASE).case
    if case.is_closed or not request.user.has_perm("families.manage_case", case):
        raise PermissionDenied
    back = _safe_next(request, reverse("managers:caseloads"))
    form = AllocationForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.case_allocate(
                case=case,
                worker=form.cleaned_data["worker"],
                allocated_by=request.user,
                reason=form.cleaned_data["reason"],
                effective_on=form.cleaned_data["effective_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{allocation.worker} is now the lead professional for {case.reference}."
            )
            return redirect(back)
    form.helper.form_action = "?" + urlencode({"next": back})
    if case.lead_professional_id:
        title = "Re-allocate the lead professional"
        intro = f"The current lead professional is {case.lead_professional}."
    else:
        title = "Allocate a lead professional"
        intro = f"Referred on {case.referral_date:%-d %B %Y}. Nobody leads the work yet."
    return render_form_page(
        request,
        form,
        title=title,
        caption=f"{case.family} · {case.reference}",
        intro=intro,
        back_url=back,
    )


# Needs attention ----------------------------------------------------------------------------


@require_GET
def attention(request: HttpRequest) -> HttpResponse:
    require_caseloads(request)
    lists = selectors.needs_attention(request.user)
    return render(
        request,
        "managers/attention.html",
        {
            "lists": lists,
            "decision_due_days": selectors.DECISION_DUE_DAYS,
            "thin_rationale_chars": selectors.THIN_RATIONALE_CHARS,
        },
    )


# Notifications ------------------------------------------------------------------------------


@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    mine = Notification.objects.filter(recipient=request.user)
    page = Paginator(mine, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "managers/notifications.html",
        {"page": page, "notifications": page.object_list, "unread": mine.unread().count()},
    )


@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification marks it read and goes to what it is about."""
    notification = Notification.objects.filter(recipient=request.user, pk=pk).first()
    if notification is None:
        raise Http404("No such notification")
    notification.mark_read()
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = reverse("managers:notifications")
    return redirect(target)


@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(recipient=request.user)
    if count:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    return redirect("managers:notifications")
