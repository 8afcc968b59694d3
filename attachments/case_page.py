"""Documents' part of a case: the case-page panel, the chronology entries, and the block a
record's own page shows (a plan version, a review, the closure)."""

from __future__ import annotations

from django.urls import reverse

from attachments.models import Attachment
from attachments.selectors import attachments_of_case, attachments_on
from attachments.targets import kind_of
from families.case_parts import ChronologyEntry, once_per_case

PANEL_TEMPLATE = "attachments/case_panel.html"
ON_RECORD_TEMPLATE = "attachments/on_record.html"
PANEL_SHOWS = 5


def _live(case) -> list[Attachment]:
    return once_per_case(case, "attachments", lambda: list(attachments_of_case(case)))


def documents_panel(request, case) -> dict:
    documents = _live(case)
    return {
        "latest_documents": documents[:PANEL_SHOWS],
        "document_count": len(documents),
        "can_add_document": request.user.has_perm("attachments.add_attachment", case),
    }


def document_entries(case) -> list[ChronologyEntry]:
    """A document in the chronology on the date it bears (the letter's, the report's)."""
    return [
        ChronologyEntry(
            kind="document",
            id=document.pk,
            date=document.document_date,
            title=f"Document: {document.title}",
            summary=f"{document.get_kind_display()}, {document.target_label.lower()}",
            url=reverse("attachments:documents", args=[case.pk]),
            by=str(document.added_by),
        )
        for document in _live(case)
    ]


def on_record(request, case, record, *, noun: str) -> dict:
    """The context of ON_RECORD_TEMPLATE for one record's page."""
    may_attach = request.user.has_perm("attachments.add_attachment", case)
    return {
        "record_documents": attachments_on(record),
        "record_noun": noun,
        "attach_url": reverse("attachments:attach_to", args=[case.pk, kind_of(record), record.pk])
        if may_attach
        else None,
    }
