"""Subject access export for one family member: a page, a PDF (made in the background) and a
JSON file. Each draws only on the cases the manager may see, and writes one access-log row for
every case it drew from (the PDF's at its download)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from attachments.selectors import attachments_of_cases
from attachments.subject_access import documents_zip
from casefile import subject_access as export
from edgecare.access import record_access
from edgecare.documents import queue_document
from edgecare.models import AccessLog, PreparedDocument
from edgecare.refusals import refuse_as_missing
from families.models import Person
from families.selectors import family_for_user_or_404

RECORD_TYPE = AccessLog.RecordType.SUBJECT_ACCESS


def _person(request: HttpRequest, pk: int, person_pk: int) -> Person:
    family = family_for_user_or_404(request, pk)
    if not request.user.has_perm("families.subject_access"):
        raise PermissionDenied("Only a manager can export everything held about a person.")
    person = family.members.filter(pk=person_pk).first()
    if person is None:
        refuse_as_missing(
            request,
            record_type=AccessLog.RecordType.PERSON,
            record_id=person_pk,
            message="No such person",
        )
    return person


def _log_export(request: HttpRequest, person: Person, scope: export.Scope, action: str) -> None:
    """One row per case drawn from, so each case's audit trail shows the export."""
    for case_id in scope.case_ids or [None]:
        record_access(
            request, action=action, record_type=RECORD_TYPE, record_id=person.pk, case_id=case_id
        )


@require_GET
def subject_access_page(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    person = _person(request, pk, person_pk)
    scope = export.scope_for(person, request.user)
    _log_export(request, person, scope, AccessLog.Action.VIEW)
    return render(
        request,
        "casefile/subject_access.html",
        {
            "person": person,
            "family": person.family,
            "scope": scope,
            "sections": export.gather(person, scope),
            "document_count": attachments_of_cases(scope.cases).count(),
        },
    )


@require_GET
def subject_access_documents(request: HttpRequest, pk: int, person_pk: int) -> FileResponse:
    """The documents themselves, in one zip with a manifest: the export's files."""
    person = _person(request, pk, person_pk)
    scope = export.scope_for(person, request.user)
    archive, _count = documents_zip(scope.cases)
    _log_export(request, person, scope, AccessLog.Action.EXPORT)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=f"subject-access-{person.pk}-documents.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def subject_access_json(request: HttpRequest, pk: int, person_pk: int) -> JsonResponse:
    person = _person(request, pk, person_pk)
    scope = export.scope_for(person, request.user)
    data = export.as_json(
        person, export.gather(person, scope), scope=scope, generated_by=request.user
    )
    _log_export(request, person, scope, AccessLog.Action.EXPORT)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.json"'
    return response


@require_GET
def subject_access_pdf(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """Queues the PDF (made by a worker: casefile.documents); the download writes the rows."""
    person = _person(request, pk, person_pk)
    document = queue_document(
        requested_by=request.user,
        kind=PreparedDocument.Kind.SUBJECT_ACCESS,
        parameters={"family": person.family_id, "person": person.pk},
        title=f"Subject access export: {person.full_name}",
        again_url=request.get_full_path(),
    )
    return redirect("document_status", document.pk)
