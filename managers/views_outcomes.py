"""The service outcome report: page, CSV exports and PDF; and the cost assumptions behind it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods

from edgecare.access import record_access
from edgecare.csv_export import FormulaSafeWriter
from edgecare.documents import queue_document
from edgecare.models import AccessLog, PreparedDocument
from edgecare.section_page import render_form_page
from managers import charts, services
from managers.documents import report_filename
from managers.forms import CostAssumptionsForm, OutcomeFilterForm
from managers.models import CostAssumptions
from managers.outcome_cache import report_for
from managers.outcome_exports import case_rows, figure_rows
from managers.views import require_caseloads

RECORD_TYPE = AccessLog.RecordType.OUTCOME_REPORT


def _report(request: HttpRequest, *, with_cases: bool = False):
    form = OutcomeFilterForm(request.GET or None, user=request.user)
    filters = form.report_filters()
    return form, report_for(request.user, filters, with_cases=with_cases)


@require_GET
def outcomes(request: HttpRequest) -> HttpResponse:
    require_caseloads(request)
    form, report = _report(request)
    query = request.GET.urlencode()
    return render(
        request,
        "managers/outcomes.html",
        {
            "form": form,
            "report": report,
            # Drawn only if the page's figures are not already cached as rendered markup.
            "charts": SimpleLazyObject(lambda: charts.outcome_charts(report)),
            "query": query,
            "can_configure": request.user.has_perm("edgecare.configure"),
            "refresh_minutes": -(-settings.OUTCOME_REPORT_CACHE_SECONDS // 60),  # rounded up
            "refresh_seconds": settings.OUTCOME_REPORT_CACHE_SECONDS,
        },
    )


@require_GET
def outcomes_csv(request: HttpRequest) -> HttpResponse:
    """The report's figures (part=figures) or its anonymised case-level rows (part=cases)."""
    require_caseloads(request)
    part = request.GET.get("part", "figures")
    if part not in ("figures", "cases"):
        part = "figures"
    _form, report = _report(request, with_cases=part == "cases")
    record_access(request, action=AccessLog.Action.EXPORT, record_type=RECORD_TYPE)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{report_filename(report, "-" + part + ".csv")}"'
    )
    response["Cache-Control"] = "no-store"
    writer = FormulaSafeWriter(response)
    if part == "cases":
        header, rows = case_rows(report)
        writer.writerow(header)
        writer.writerows(rows)
    else:
        writer.writerow(["section", "measure", "value", "out_of", "definition"])
        for label, value in report.filters.described():
            writer.writerow(["Filters", label, value, "", ""])
        writer.writerows(figure_rows(report))
    return response


@require_GET
def outcomes_pdf(request: HttpRequest) -> HttpResponse:
    """Queues the PDF (made by a worker: managers.documents); the download writes the row."""
    require_caseloads(request)
    filters = OutcomeFilterForm(request.GET or None, user=request.user).report_filters()
    document = queue_document(
        requested_by=request.user,
        kind=PreparedDocument.Kind.OUTCOME_REPORT,
        parameters={"query": request.GET.urlencode()},
        title=f"Service outcome report, {filters.date_from:%d %B %Y} to {filters.date_to:%d %B %Y}",
        again_url=request.get_full_path(),
    )
    return redirect("document_status", document.pk)


@require_http_methods(["GET", "POST"])
def cost_assumptions(request: HttpRequest) -> HttpResponse:
    """The organisation's cost assumptions, set by its administrators."""
    if not request.user.has_perm("edgecare.configure") or request.user.organisation_id is None:
        raise PermissionDenied
    assumptions = CostAssumptions.for_organisation(request.user.organisation_id)
    form = CostAssumptionsForm(request.POST or None, instance=assumptions)
    if request.method == "POST" and form.is_valid():
        services.cost_assumptions_save(assumptions=form.save(commit=False), updated_by=request.user)
        messages.success(request, "Cost assumptions saved. The outcome report uses them now.")
        return redirect("managers:cost_assumptions")
    return render_form_page(
        request,
        form,
        title="Cost assumptions",
        caption=str(request.user.organisation),
        intro=(
            "The service outcome report estimates the cost of care avoided as: young people "
            "living at home at closure × weeks of care avoided for each × the weekly cost "
            "of a placement. Residential placements typically cost between £1,500 and "
            "£6,000 a week; use your own finance team's figure. The assumptions are printed "
            "beside the estimate wherever it appears."
        ),
    )
