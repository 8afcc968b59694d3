"""The daily digest: each lead professional and manager is told, once a day, what is coming
due on the cases they may see: reviews due within settings.DIGEST_REVIEW_DAYS or overdue,
follow-up checks due, cases gone quiet and (managers) sign-offs waiting. An in-app
notification naming the cases by reference, and an e-mail with a link only where e-mail
notifications are on. Run by the schedule (casefile.schedule), once across every instance.

Each recipient's lists come from their own scope (families.selectors.cases_for_user; a key
worker's from the cases they lead), so nobody is told of a case they may not open. Sending is
idempotent per recipient and day: a retried or repeated run tells nobody twice.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from edgecare.models import User
from families.models import Case
from families.selectors import cases_for_user, quiet_case_days
from managers.models import Notification
from managers.selectors import awaiting_sign_off_q, quiet_since
from managers.services import notify
from plans.models import Plan
from reviews.models import FollowUpCheck

log = logging.getLogger("edgecare.managers.digest")

DIGEST_ROLES = (User.Role.KEY_WORKER, User.Role.TEAM_MANAGER, User.Role.SERVICE_MANAGER)
MANAGER_ROLES = (User.Role.TEAM_MANAGER, User.Role.SERVICE_MANAGER)


@dataclass(frozen=True)
class Digest:
    reviews_due: list[str]
    follow_ups_due: list[str]
    gone_quiet: list[str]
    sign_offs_waiting: list[str]

    @property
    def is_empty(self) -> bool:
        return not (
            self.reviews_due or self.follow_ups_due or self.gone_quiet or self.sign_offs_waiting
        )

    def text(self, limit: int = 200) -> str:
        """Case references only (never what a record says), shortened to fit a notification."""
        parts = []
        for label, refs in (
            ("Reviews due", self.reviews_due),
            ("Follow-ups due", self.follow_ups_due),
            ("Gone quiet", self.gone_quiet),
            ("Sign-offs waiting", self.sign_offs_waiting),
        ):
            if refs:
                parts.append(f"{label} ({len(refs)}): {', '.join(refs)}")
        text = "Today: " + "; ".join(parts)
        return text if len(text) <= limit else text[: limit - 1] + "…"


def _references(cases: QuerySet[Case]) -> list[str]:
    # A case's reference is made from its id.
    ids = sorted(set(cases.values_list("pk", flat=True)))
    return [Case(pk=pk).reference for pk in ids]


def digest_cases(user: User) -> QuerySet[Case]:
    """The cases a digest is about: a key worker's own (the ones they lead); a manager's, every
    case they may see."""
    cases = cases_for_user(user)
    if user.role == User.Role.KEY_WORKER:
        cases = cases.filter(lead_professional=user)
    return cases


def digest_for(user: User, *, today: datetime.date) -> Digest:
    cases = digest_cases(user)
    open_cases = cases.open()
    review_by = today + datetime.timedelta(days=settings.DIGEST_REVIEW_DAYS)
    reviews_due = open_cases.filter(
        Exists(Plan.objects.agreed().filter(case=OuterRef("pk"), next_review_date__lte=review_by))
    )
    follow_ups_due = cases.filter(
        Exists(
            FollowUpCheck.objects.outstanding().filter(case=OuterRef("pk"), due_date__lte=review_by)
        )
    )
    quiet = open_cases.annotate(quiet_since=quiet_since()).filter(
        quiet_since__lt=today - datetime.timedelta(days=quiet_case_days())
    )
    sign_offs = (
        open_cases.filter(awaiting_sign_off_q())
        if user.role in MANAGER_ROLES
        else Case.objects.none()
    )
    return Digest(
        reviews_due=_references(reviews_due),
        follow_ups_due=_references(follow_ups_due),
        gone_quiet=_references(quiet),
        sign_offs_waiting=_references(sign_offs),
    )


def recipients() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=DIGEST_ROLES).order_by("pk")


def send_daily_digests(*, today: datetime.date | None = None) -> int:
    """Tell every recipient with something due; returns how many were told."""
    today = today or timezone.localdate()
    start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    already = set(
        Notification.objects.filter(
            kind=Notification.Kind.DAILY_DIGEST, created_at__gte=start_of_day
        ).values_list("recipient_id", flat=True)
    )
    told = 0
    for user in recipients():
        if user.pk in already:
            continue
        digest = digest_for(user, today=today)
        if digest.is_empty:
            continue
        url = reverse("managers:attention") if user.role in MANAGER_ROLES else reverse("home")
        notify(recipient=user, kind=Notification.Kind.DAILY_DIGEST, text=digest.text(), url=url)
        told += 1
    log.info("daily digest sent recipients=%s day=%s", told, today)
    return told
