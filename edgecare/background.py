"""Background work on Django's tasks API (django-tasks, the backport of Django 6's
django.tasks: on Django 6 only the import changes). Tasks run in `manage.py run_worker`
processes, off the web request. This module holds what every task shares: bounded retries, and
e-mail sent through a task with a record of what was sent.

Retries: django.tasks runs a task once. A task here that fails for a reason that may pass (a
mail relay that refuses, a database that went away) queues its next attempt itself, later each
time, until settings.TASK_MAX_ATTEMPTS is reached; then the work is marked failed and logged
with identifiers only. A task that was running when its worker was killed is put back in the
queue by the worker that notices (edgecare.worker), and counts as an attempt too.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from edgecare.models import SentEmail, User

log = logging.getLogger("edgecare.background")


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long to wait after the `attempt`-th failure: TASK_RETRY_SECONDS, doubling."""
    return datetime.timedelta(seconds=settings.TASK_RETRY_SECONDS * 2 ** max(attempt - 1, 0))


def attempts_left(attempt: int) -> bool:
    return attempt < settings.TASK_MAX_ATTEMPTS


# E-mail ------------------------------------------------------------------------------------


def queue_email(
    *, recipient: User, reason: str, subject: str, body: str, keep_body: bool = True
) -> SentEmail | None:
    """Record an e-mail and send it from a worker: a slow or refusing mail relay never holds a
    web request. Only links and the service's name belong in `body`, never case content.
    Nothing is queued for someone without an address."""
    if not recipient.email:
        return None
    with transaction.atomic():
        email = SentEmail.objects.create(
            recipient=recipient,
            to_address=recipient.email,
            reason=reason[:40],
            subject=subject[:200],
            body=body,
            keep_body=keep_body,
        )
        deliver_email.enqueue(email.pk)
    log.info("e-mail queued id=%s user=%s reason=%s", email.pk, recipient.pk, reason)
    return email


def _log_failure(level: int, email: SentEmail, outcome: str) -> None:
    """One line per failed attempt: the e-mail's id, the attempt and the error's class."""
    log.log(
        level,
        "e-mail failed id=%s attempt=%s error=%s: %s",
        email.pk,
        email.attempts,
        email.last_error,
        outcome,
    )


@task()
def deliver_email(email_id: int) -> str:
    """Send one recorded e-mail; on failure try again later, a bounded number of times."""
    claimed = SentEmail.objects.filter(pk=email_id, status=SentEmail.Status.QUEUED).update(
        attempts=F("attempts") + 1
    )
    if not claimed:
        return "nothing to send"  # already sent (a re-run after a killed worker) or failed
    email = SentEmail.objects.get(pk=email_id)
    try:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to_address])
    except Exception as error:  # noqa: BLE001 - any relay failure is retried, then recorded
        email.last_error = type(error).__name__[:200]
        if attempts_left(email.attempts):
            email.save(update_fields=["last_error"])
            deliver_email.using(run_after=timezone.now() + retry_delay(email.attempts)).enqueue(
                email_id
            )
            _log_failure(logging.WARNING, email, "will retry")
            return "retrying"
        email.finish(SentEmail.Status.FAILED)
        _log_failure(logging.ERROR, email, "giving up")
        return "failed"
    email.finish(SentEmail.Status.SENT, sent_at=timezone.now(), last_error="")
    log.info("e-mail sent id=%s user=%s attempt=%s", email.pk, email.recipient_id, email.attempts)
    return "sent"
