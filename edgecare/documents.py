"""Documents made in the background: the case record, the subject access export and the
outcome report take seconds to lay out, so a web request only queues them and a worker makes
them (edgecare.background). The person sees a "being prepared" page that refreshes itself and
then offers the download (edgecare.document_views).

Each kind of document registers its maker at start-up (`register_maker`, from the app that owns
the document: casefile, managers), so the floor never imports the layers above it. A maker is
given the PreparedDocument (who asked, and the identifiers of what to make); it must load what
it reads within the requester's scope as it is *now*, and raise DocumentRefused if the person
may no longer see it.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from edgecare.background import attempts_left, retry_delay
from edgecare.models import AccessLog, PreparedDocument, User
from edgecare.pdf import DocumentTimedOut

log = logging.getLogger("edgecare.documents")


class DocumentRefused(Exception):
    """The requester may no longer see what the document would hold: it is not made."""


@dataclass(frozen=True)
class AccessRow:
    """One access-log row the download writes (identifiers only)."""

    record_type: AccessLog.RecordType
    record_id: int | None = None
    case_id: int | None = None

    def as_json(self) -> dict:
        return {
            "record_type": str(self.record_type),
            "record_id": self.record_id,
            "case_id": self.case_id,
        }


@dataclass(frozen=True)
class MadeDocument:
    content: bytes
    filename: str
    access_rows: list[AccessRow] = field(default_factory=list)
    content_type: str = "application/pdf"


Maker = Callable[[PreparedDocument], MadeDocument]
_makers: dict[str, Maker] = {}


def register_maker(kind: PreparedDocument.Kind, maker: Maker) -> None:
    """Called once per kind from the owning app's AppConfig.ready."""
    _makers[str(kind)] = maker


def keep_until(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(minutes=settings.DOCUMENT_KEEP_MINUTES)


def queue_document(
    *,
    requested_by: User,
    kind: PreparedDocument.Kind,
    parameters: dict,
    title: str,
    again_url: str,
) -> PreparedDocument:
    """The same document asked for again while it is still being made is the same document
    (a reload, a double click): one job. Once made, asking again makes a fresh one."""
    with transaction.atomic():
        pending = (
            PreparedDocument.objects.select_for_update()
            .filter(
                requested_by=requested_by,
                kind=kind,
                parameters=parameters,
                status=PreparedDocument.Status.PREPARING,
                expires_at__gt=timezone.now(),
            )
            .first()
        )
        if pending is not None:
            return pending
        now = timezone.now()
        document = PreparedDocument.objects.create(
            requested_by=requested_by,
            kind=kind,
            parameters=parameters,
            title=title[:200],
            again_url=again_url[:500],
            requested_at=now,
            expires_at=keep_until(now),
        )
        result = prepare_document.enqueue(str(document.pk))
        document.task_id = str(result.id)
        document.save(update_fields=["task_id"])
    log.info(
        "document queued id=%s kind=%s user=%s task=%s",
        document.pk,
        kind,
        requested_by.pk,
        document.task_id,
    )
    return document


def _fail(document: PreparedDocument, reason: str) -> None:
    PreparedDocument.objects.filter(
        pk=document.pk, status=PreparedDocument.Status.PREPARING
    ).update(status=PreparedDocument.Status.FAILED, finished_at=timezone.now())
    log.error(
        "document failed id=%s kind=%s user=%s attempt=%s reason=%s: giving up",
        document.pk,
        document.kind,
        document.requested_by_id,
        document.attempts,
        reason,
    )


@task()
def prepare_document(document_id: str) -> str:
    """Make one queued document. Safe to run twice (a worker killed part-way, the job put back):
    the file is written in one UPDATE that only matches a document still being prepared, so
    there is never a second copy nor a half-made one."""
    claimed = PreparedDocument.objects.filter(
        pk=document_id, status=PreparedDocument.Status.PREPARING
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        return "nothing to make"  # made already, failed, or purged
    document = PreparedDocument.objects.select_related("requested_by").get(pk=document_id)
    if document.attempts > settings.TASK_MAX_ATTEMPTS:
        # Put back after kills more often than it may be tried: something in it kills workers.
        _fail(document, "too many attempts")
        return "failed"
    maker = _makers.get(document.kind)
    started = timezone.now()
    try:
        if maker is None:
            raise LookupError(f"no maker registered for {document.kind}")
        if not document.requested_by.is_active:
            raise DocumentRefused("account deactivated")
        made = maker(document)
    except (DocumentRefused, DocumentTimedOut) as error:
        # Trying again would give the same answer: the person is told at once.
        _fail(document, type(error).__name__)
        return "failed"
    except Exception as error:  # noqa: BLE001 - any other failure is retried, then failed
        if attempts_left(document.attempts):
            again = prepare_document.using(
                run_after=timezone.now() + retry_delay(document.attempts)
            ).enqueue(document_id)
            PreparedDocument.objects.filter(pk=document.pk).update(task_id=str(again.id))
            log.warning(
                "document failed id=%s kind=%s attempt=%s error=%s: will retry",
                document.pk,
                document.kind,
                document.attempts,
                type(error).__name__,
            )
            return "retrying"
        _fail(document, type(error).__name__)
        return "failed"
    saved = PreparedDocument.objects.filter(
        pk=document.pk, status=PreparedDocument.Status.PREPARING
    ).update(
        status=PreparedDocument.Status.READY,
        content=made.content,
        filename=made.filename[:200],
        content_type=made.content_type,
        access_rows=[row.as_json() for row in made.access_rows],
        finished_at=timezone.now(),
    )
    log.info(
        "document made id=%s kind=%s attempt=%s bytes=%s seconds=%.2f",
        document.pk,
        document.kind,
        document.attempts,
        len(made.content),
        (timezone.now() - started).total_seconds(),
    )
    return "made" if saved else "made by another attempt"


def purge_expired_documents() -> int:
    """Delete every document past its keeping time, made or not. Returns how many."""
    deleted, _ = PreparedDocument.objects.expired().delete()
    if deleted:
        log.info("documents purged count=%s", deleted)
    return deleted
