"""Notifications, allocation from the caseloads page, and the organisation's cost assumptions."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from edgecare.background import queue_email
from edgecare.models import User
from families import services as family_services
from families.models import Allocation, Case
from managers.models import CostAssumptions, Notification

log = logging.getLogger("edgecare.managers")

EMAIL_SUBJECT = "Something needs your attention in {service}"
EMAIL_BODY = (
    "Something needs your attention in {service}.\n\n"
    "Sign in to see it: {link}\n\n"
    "This message says nothing about any family on purpose. Please do not reply to it."
)


def site_url() -> str:
    """The address e-mails link to: SITE_URL if a deployment sets it, else the first named
    host (never a wildcard)."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    if not hosts:
        return ""
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{hosts[0]}"


def _send_email(recipient: User) -> None:
    """Through a task (edgecare.background): recorded, retried, off the request."""
    service = settings.SERVICE_NAME
    link = site_url() + reverse("managers:notifications")
    queue_email(
        recipient=recipient,
        reason="notification",
        subject=EMAIL_SUBJECT.format(service=service),
        body=EMAIL_BODY.format(service=service, link=link),
    )


def notify(*, recipient: User, kind: str, text: str, url: str = "") -> Notification | None:
    """Tell a member of staff something needs them: in the app, and by e-mail (a bare link,
    no case content) when e-mail notifications are on and they have an address.

    Inactive accounts are not told anything.
    """
    if recipient is None or not recipient.is_active:
        return None
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, text=text[:200], url=url[:300]
    )
    log.info("notified user=%s kind=%s id=%s", recipient.pk, kind, notification.pk)
    if settings.NOTIFICATIONS_BY_EMAIL and recipient.email:
        # After the commit: no e-mail about a change that was rolled back.
        transaction.on_commit(lambda: _send_email(recipient))
    return notification


def notifications_settled(*, kind: str, url: str) -> int:
    """Everyone's unread notification of `kind` about the record at `url` is settled: once
    one manager has signed off or returned a record, "awaits your sign-off" is no longer true
    for any of them."""
    return (
        Notification.objects.unread()
        .filter(kind=kind, url=url[:300])
        .update(read_at=timezone.now())
    )


def notifications_mark_all_read(*, recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def case_allocate(
    *,
    case: Case,
    worker: User,
    allocated_by: User,
    reason: str,
    effective_on: datetime.date | None = None,
) -> Allocation:
    """Allocation from the caseloads page is the case record's own allocation: one service,
    one history of who held the case. (The worker is told through the Allocation signal.)"""
    return family_services.case_allocate(
        case=case,
        worker=worker,
        allocated_by=allocated_by,
        reason=reason,
        effective_on=effective_on,
    )


@transaction.atomic
def cost_assumptions_save(*, assumptions: CostAssumptions, updated_by: User) -> CostAssumptions:
    assumptions.updated_by = updated_by
    assumptions._history_user = updated_by
    assumptions.full_clean()
    assumptions.save()
    log.info(
        "cost assumptions saved organisation=%s by=%s",
        assumptions.organisation_id,
        updated_by.pk,
    )
    return assumptions
