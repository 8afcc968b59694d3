"""The makers of the composition layer's background documents (edgecare.documents): the case
record and a person's subject access export. Each runs in a worker, loads what it reads within
the requester's scope as it is when the document is made, and says which access-log rows the
download writes."""

from __future__ import annotations

from django.utils import timezone

from casefile import subject_access as export
from casefile.case_record import (
    RECORD_TYPE,
    case_record_context,
    pdf_filename,
    render_case_record_pdf,
)
from edgecare.documents import AccessRow, DocumentRefused, MadeDocument
from edgecare.models import AccessLog, PreparedDocument
from edgecare.pdf import render_pdf
from families.selectors import cases_for_user, families_for_user


def make_case_record(document: PreparedDocument) -> MadeDocument:
    user = document.requested_by
    case = (
        cases_for_user(user)
        .select_related("family", "service", "team", "team__service", "lead_professional")
        .filter(pk=document.parameters["case"])
        .first()
    )
    if case is None:
        raise DocumentRefused("case out of scope")
    context = case_record_context(
        case, generated_by=user, chronology=document.parameters["chronology"]
    )
    return MadeDocument(
        content=render_case_record_pdf(context),
        filename=pdf_filename(case),
        access_rows=[AccessRow(RECORD_TYPE, record_id=case.pk, case_id=case.pk)],
    )


def make_subject_access(document: PreparedDocument) -> MadeDocument:
    user = document.requested_by
    family = families_for_user(user).filter(pk=document.parameters["family"]).first()
    person = family.members.filter(pk=document.parameters["person"]).first() if family else None
    if person is None or not user.has_perm("families.subject_access"):
        raise DocumentRefused("person out of scope")
    scope = export.scope_for(person, user)
    pdf = render_pdf(
        "casefile/subject_access_pdf.html",
        {
            "person": person,
            "scope": scope,
            "sections": export.gather(person, scope),
            "generated_by": user,
            "generated_at": timezone.now(),
        },
    )
    return MadeDocument(
        content=pdf,
        filename=f"subject-access-{person.pk}.pdf",
        # One row per case drawn from, so each case's audit trail shows the export.
        access_rows=[
            AccessRow(AccessLog.RecordType.SUBJECT_ACCESS, record_id=person.pk, case_id=case_id)
            for case_id in scope.case_ids or [None]
        ],
    )


def register() -> None:
    from edgecare.documents import register_maker

    register_maker(PreparedDocument.Kind.CASE_RECORD, make_case_record)
    register_maker(PreparedDocument.Kind.SUBJECT_ACCESS, make_subject_access)
