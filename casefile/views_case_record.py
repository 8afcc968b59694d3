"""The case record's pages for managers and inspectors: the print view, and the PDF, which a
worker makes (casefile.documents) while the person waits on its "being prepared" page. What
the record holds is casefile.case_record."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casefile.case_record import (
    CHRONOLOGY_FULL,
    CHRONOLOGY_OPTIONS,
    CHRONOLOGY_SIGNIFICANT,
    CHRONOLOGY_SUMMARY,
    RECORD_TYPE,
    case_record_context,
)
from edgecare.documents import queue_document
from edgecare.models import AccessLog, PreparedDocument
from families.models import Case
from families.selectors import case_for_user_or_404, record_for_user_or_404


def chronology_option(request: HttpRequest) -> str:
    # An unknown value (an old or mistyped link) falls back to the summary.
    value = request.GET.get("chronology", "")
    return value if value in CHRONOLOGY_OPTIONS else CHRONOLOGY_SUMMARY


def _links(case: Case, chronology: str) -> dict:
    def with_mode(url: str, mode: str) -> str:
        return url if mode == CHRONOLOGY_SUMMARY else f"{url}?chronology={mode}"

    html_url = reverse("case_record:html", args=[case.pk])
    return {
        "pdf_url": with_mode(reverse("case_record:pdf", args=[case.pk]), chronology),
        "print_url": with_mode(html_url, chronology),
        "summary_url": html_url,
        "full_url": with_mode(html_url, CHRONOLOGY_FULL),
        "significant_url": with_mode(html_url, CHRONOLOGY_SIGNIFICANT),
    }


@require_GET
def case_record_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Queues the PDF (made by a worker: casefile.documents) and shows its "being prepared"
    page. The download, not this, writes the access-log row: nothing has left the system yet."""
    case = case_for_user_or_404(request, pk, record_type=RECORD_TYPE)
    chronology = chronology_option(request)
    document = queue_document(
        requested_by=request.user,
        kind=PreparedDocument.Kind.CASE_RECORD,
        parameters={"case": case.pk, "chronology": chronology},
        title=f"Case record {case.reference}",
        again_url=request.get_full_path(),
    )
    return redirect("document_status", document.pk)


@require_GET
def case_record_print(request: HttpRequest, pk: int) -> HttpResponse:
    case = record_for_user_or_404(
        request, pk, record_type=RECORD_TYPE, log_action=AccessLog.Action.PRINT
    ).case
    chronology = chronology_option(request)
    context = case_record_context(case, generated_by=request.user, chronology=chronology)
    context.update(_links(case, chronology))
    return render(request, "casefile/case_record/print.html", context)
