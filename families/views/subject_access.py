"""Subject access export for one family member: a page, a PDF and a JSON file."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from edgecare import subject_access as export
from edgecare.access import record_access
from edgecare.models import AccessLog
from edgecare.pdf import pdf_response, render_pdf
from families.models import Person
from families.selectors import family_for_user_or_404


def _person(request: HttpRequest, pk: int, person_pk: int) -> Person:
    family = family_for_user_or_404(request, pk)
    if not request.user.has_perm("families.subject_access"):
        raise PermissionDenied("Only a manager can export everything held about a person.")
    person = family.members.filter(pk=person_pk).first()
    if person is None:
        record_access(
            request, action=AccessLog.Action.REFUSED, record_type="person", record_id=person_pk
        )
        raise Http404("No such person")
    return person


def _log_export(request: HttpRequest, person: Person, action: str) -> None:
    record_access(request, action=action, record_type="subject-access", record_id=person.pk)


@require_GET
def subject_access_page(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    person = _person(request, pk, person_pk)
    _log_export(request, person, AccessLog.Action.VIEW)
    return render(
        request,
        "families/subject_access.html",
        {"person": person, "family": person.family, "sections": export.gather(person)},
    )


@require_GET
def subject_access_json(request: HttpRequest, pk: int, person_pk: int) -> JsonResponse:
    person = _person(request, pk, person_pk)
    data = export.as_json(person, export.gather(person), generated_by=request.user)
    _log_export(request, person, AccessLog.Action.EXPORT)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.json"'
    return response


@require_GET
def subject_access_pdf(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    person = _person(request, pk, person_pk)
    pdf = render_pdf(
        "families/subject_access_pdf.html",
        {
            "person": person,
            "sections": export.gather(person),
            "generated_by": request.user,
            "generated_at": timezone.now(),
        },
    )
    _log_export(request, person, AccessLog.Action.PDF)
    return pdf_response(pdf, f"subject-access-{person.pk}.pdf")
