"""Documents' part of a person's subject access export: each document held on their cases
(withdrawn ones too: they are still held), and the files themselves in one zip, each under the
name the part gives it, with a manifest."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from typing import IO

from django.db.models import QuerySet

from attachments.models import Attachment
from attachments.selectors import attachments_of_cases
from attachments.storage import attachment_storage
from edgecare.csv_export import FormulaSafeWriter
from families.models import Case, Person
from families.subject_access import Section, as_text


def file_in_download(document: Attachment) -> str:
    """The document's path inside the zip: unique (its number) and readable (its name)."""
    return f"{document.case.reference}/{document.pk}-{document.file_name}"


def documents_part(person: Person, cases: QuerySet[Case]) -> Section:
    return Section(
        "Documents",
        [
            {
                "Case": document.case.reference,
                "Title": document.title,
                "Kind of document": document.get_kind_display(),
                "Date of the document": as_text(document.document_date),
                "Attached to": document.target_label,
                "Added by": str(document.added_by),
                "Added on": as_text(document.created_at),
                "File": f"{document.file_name} ({document.media_type}, {document.size} bytes)",
                "In the documents download as": file_in_download(document),
                "Withdrawn": f"{as_text(document.withdrawn_at)}: {document.withdrawal_reason}"
                if document.is_withdrawn
                else "No",
            }
            for document in attachments_of_cases(cases)
        ],
    )


def documents_zip(cases: QuerySet[Case]) -> tuple[IO[bytes], int]:
    """A zip of every document of these cases and a manifest (CSV), in a temporary file on
    disk (documents can be large, so it is never built in memory). Returns the open file,
    positioned at its start, and how many documents it holds."""
    documents = list(attachments_of_cases(cases))
    storage = attachment_storage()
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("manifest.csv", "w") as manifest_file:
            rows = [
                [
                    file_in_download(d),
                    d.case.reference,
                    d.title,
                    d.get_kind_display(),
                    as_text(d.document_date),
                    d.media_type,
                    str(d.size),
                    d.sha256,
                    "withdrawn" if d.is_withdrawn else "",
                ]
                for d in documents
            ]
            text = io.StringIO()
            writer = FormulaSafeWriter(text)
            writer.writerow(
                ["file", "case", "title", "kind", "dated", "type", "bytes", "sha256", "status"]
            )
            writer.writerows(rows)
            manifest_file.write(text.getvalue().encode("utf-8"))
        for document in documents:
            with (
                storage.open(document.stored_name, "rb") as source,
                archive.open(file_in_download(document), "w") as target,
            ):
                shutil.copyfileobj(source, target, 64 * 1024)
    spool.seek(0)
    return spool, len(documents)
