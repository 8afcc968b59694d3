"""Documents for tests: one kept in the storage as the service keeps it, and the files the
bad-input tests send."""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import zipfile

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from attachments.models import Attachment
from attachments.storage import attachment_storage, random_name

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def kept_attachment(case, by, *, content: bytes = PDF_BYTES, title="Signed family plan", **extra):
    """A document as add_attachment keeps it (for pages that list or send one)."""
    stored = attachment_storage().save(random_name(), ContentFile(content))
    return Attachment.objects.create(
        case=case,
        title=title,
        kind=extra.pop("kind", Attachment.Kind.SIGNED_PLAN),
        document_date=extra.pop("document_date", timezone.localdate()),
        file_name=extra.pop("file_name", "signed-plan.pdf"),
        media_type=extra.pop("media_type", "application/pdf"),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        stored_name=stored,
        scanned_at=timezone.now(),
        added_by=by,
        **extra,
    )


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def word_document(document_xml: bytes = b"<w:document/>", *, extra_parts=()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
        for name, data in extra_parts:
            archive.writestr(name, data)
    return buffer.getvalue()


@functools.cache
def zip_bomb_word_document() -> bytes:
    """A real .docx shape with one part that unpacks from about 250 KB to 250 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as part:
            block = bytes(1024 * 1024)
            for _ in range(250):
                part.write(block)
    return buffer.getvalue()


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)
