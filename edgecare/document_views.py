"""The pages of a document made in the background: "being prepared" (its static script asks
for the status as JSON every few seconds and reloads the page once there is news: no inline
script, and no timed refresh that would interrupt a reader), "ready"
with the download, and "could not be prepared" with a way to try again.

A document is its requester's alone: anyone else, or anyone after it expired, gets the same
404 as for an address that never existed, and the attempt is written to the access log as a
refusal. The download writes the access-log rows the document's maker worked out.
"""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from edgecare.access import record_access
from edgecare.models import AccessLog, PreparedDocument

# How often the "being prepared" page asks again, in seconds.
REFRESH_SECONDS = 2


def _refusal_record_type(kind: str) -> AccessLog.RecordType:
    return {
        PreparedDocument.Kind.CASE_RECORD: AccessLog.RecordType.CASE_RECORD,
        PreparedDocument.Kind.SUBJECT_ACCESS: AccessLog.RecordType.SUBJECT_ACCESS,
        PreparedDocument.Kind.OUTCOME_REPORT: AccessLog.RecordType.OUTCOME_REPORT,
    }.get(kind, AccessLog.RecordType.CASE_RECORD)


def _document_or_404(request: HttpRequest, document_id: uuid.UUID) -> PreparedDocument:
    document = (
        PreparedDocument.objects.defer("content")
        .filter(pk=document_id, expires_at__gt=timezone.now())
        .first()
    )
    if document is None or document.requested_by_id != request.user.pk:
        record_access(
            request,
            action=AccessLog.Action.REFUSED,
            record_type=_refusal_record_type(document.kind if document else ""),
            case_id=(document.parameters.get("case") if document else None),
        )
        raise Http404("No such document")
    return document


@require_GET
def document_status(request: HttpRequest, document_id: uuid.UUID) -> HttpResponse:
    document = _document_or_404(request, document_id)
    preparing = document.status == PreparedDocument.Status.PREPARING
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"status": document.status})
    return render(
        request,
        "edgecare/document_status.html",
        {
            "document": document,
            "refresh_seconds": REFRESH_SECONDS if preparing else None,
        },
    )


@require_GET
def document_download(request: HttpRequest, document_id: uuid.UUID) -> HttpResponse:
    document = _document_or_404(request, document_id)
    if document.status != PreparedDocument.Status.READY:
        raise Http404("Not ready")
    content = (
        PreparedDocument.objects.filter(pk=document.pk).values_list("content", flat=True).get()
    )
    for row in document.access_rows or [{}]:
        record_access(
            request,
            action=AccessLog.Action.PDF,
            record_type=AccessLog.RecordType(
                row.get("record_type") or _refusal_record_type(document.kind)
            ),
            record_id=row.get("record_id"),
            case_id=row.get("case_id"),
        )
    response = HttpResponse(bytes(content), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "no-store"
    return response
