"""Keeping a document: the file into the storage, the row into the database, together."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from attachments.checks import FileType
from attachments.models import Attachment
from attachments.storage import attachment_storage, random_name
from edgecare.models import User
from families.models import Case

CLOSED = "This case has been closed, so documents can no longer be added to it. Nothing was kept."


def _digest(upload: Any) -> tuple[str, int]:
    upload.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := upload.read(64 * 1024):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


def add_attachment(
    *,
    case: Case,
    target_kind: str,
    target_id: int | None,
    upload: Any,
    file_type: FileType,
    file_name: str,
    title: str,
    kind: str,
    document_date: datetime.date,
    scanned_at: datetime.datetime,
    added_by: User,
) -> Attachment:
    """Keep a file that has passed every check and the scan. The case is locked first, so a
    document cannot land on a case closed a moment before; if the row cannot be written, the
    file just stored is removed again, so nothing is half-kept."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.is_closed:
            raise ValidationError(CLOSED, code="closed")
        sha256, size = _digest(upload)
        storage = attachment_storage()
        stored_name = storage.save(random_name(), File(upload))
        try:
            attachment = Attachment(
                case=locked,
                target_kind=target_kind,
                target_id=target_id,
                title=title,
                kind=kind,
                document_date=document_date,
                file_name=file_name,
                media_type=file_type.media_type,
                size=size,
                sha256=sha256,
                stored_name=stored_name,
                scanned_at=scanned_at,
                added_by=added_by,
            )
            attachment._history_user = added_by
            attachment.save()
        except BaseException:
            storage.delete(stored_name)
            raise
    return attachment
