"""Changing staff records. Every change names who made it in the user's history."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from edgecare.background import queue_email
from edgecare.models import Organisation, User
from edgecare.sign_in import is_break_glass, uses_password
from staff.models import CODE_LIFETIME, EnrolmentCode, hash_code

log = logging.getLogger("staff")


def _save_with_history(member: User, *, by: User | None, reason: str) -> None:
    # Set explicitly, not left to the request middleware: a command or a test changes staff
    # too, and history must still say who did it.
    member._history_user = by
    member._change_reason = reason
    member.save()


def set_up_path(member: User) -> str:
    """The one-time link that lets a new member choose their password. Django's password-reset
    token: it stops working once a password is set (or after PASSWORD_RESET_TIMEOUT)."""
    return reverse(
        "staff:set_up_account",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(member.pk)),
            "token": default_token_generator.make_token(member),
        },
    )


@transaction.atomic
def staff_member_add(*, organisation: Organisation, member: User, by: User, site_url: str) -> User:
    """Add `member` (a validated, unsaved User) to `organisation`, with no usable password until
    they set one through the link e-mailed to them; with password sign-in turned off they sign
    in with their council account instead, and no link is sent."""
    member.organisation = organisation
    member.is_staff = False
    member.is_superuser = False
    member.set_unusable_password()
    _save_with_history(member, by=by, reason="Added")
    log.info("staff member added user=%s by=%s", member.pk, by.pk)
    if uses_password(member):
        transaction.on_commit(lambda: send_set_up_link(member=member, site_url=site_url))
    return member


@transaction.atomic
def staff_member_change(*, member: User, by: User) -> User:
    """Save the administrator's changes to `member` (validated by StaffMemberForm)."""
    member.keep_only_used_placement()
    _save_with_history(member, by=by, reason="Changed")
    log.info("staff member changed user=%s by=%s", member.pk, by.pk)
    return member


@transaction.atomic
def staff_member_deactivate(*, member: User, by: User) -> User:
    """They can no longer sign in (an open session ends at its next request); their name stays
    on everything they recorded. Outstanding enrolment codes are withdrawn."""
    if member.pk == by.pk:
        raise PermissionError("Nobody deactivates their own account.")
    member.is_active = False
    _save_with_history(member, by=by, reason="Deactivated")
    EnrolmentCode.objects.outstanding().filter(user=member).update(withdrawn_at=timezone.now())
    log.info("staff member deactivated user=%s by=%s", member.pk, by.pk)
    return member


@transaction.atomic
def staff_member_reactivate(*, member: User, by: User) -> User:
    member.is_active = True
    member.deactivated_unused_at = None
    _save_with_history(member, by=by, reason="Reactivated")
    log.info("staff member reactivated user=%s by=%s", member.pk, by.pk)
    return member


def inactive_accounts(*, days: int | None = None, now: datetime | None = None) -> QuerySet[User]:
    """Active accounts nobody has signed in to for `days` (INACTIVE_ACCOUNT_DAYS): last signed in
    before the cut-off, or never signed in and added before it."""
    days = settings.INACTIVE_ACCOUNT_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    # A service account never signs in (it reads the API with its token, and ends with its
    # expiry date or revocation): it is no leaver.
    return (
        User.objects.filter(is_active=True)
        .exclude(role=User.Role.SERVICE_ACCOUNT)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
    )


def deactivate_inactive_accounts(
    *, days: int | None = None, now: datetime | None = None
) -> list[User]:
    """Leavers the council forgot to tell us about: deactivate every account unused for
    INACTIVE_ACCOUNT_DAYS, except the break-glass accounts (unused by design). Run daily by
    `manage.py deactivate_inactive_accounts` (or the scheduler). Returns who was deactivated;
    the staff list shows them to the administrator."""
    now = now or timezone.now()
    days = settings.INACTIVE_ACCOUNT_DAYS if days is None else days
    deactivated = []
    for member in inactive_accounts(days=days, now=now).order_by("pk"):
        if is_break_glass(member):
            continue
        with transaction.atomic():
            member.is_active = False
            member.deactivated_unused_at = now
            _save_with_history(
                member,
                by=None,
                reason=f"Deactivated: not used for {days} days",
            )
            EnrolmentCode.objects.outstanding().filter(user=member).update(withdrawn_at=now)
        log.info("staff member deactivated as unused user=%s", member.pk)
        deactivated.append(member)
    return deactivated


def send_set_up_link(*, member: User, site_url: str) -> None:
    """E-mail the member their set-up link. A link only: no other account details."""
    link = f"{site_url.rstrip('/')}{set_up_path(member)}"
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    queue_email(
        recipient=member,
        reason="set-up link",
        subject=f"Set up your account: {settings.SERVICE_NAME}",
        body=(
            f"An administrator has given you an account on {settings.SERVICE_NAME}.\n\n"
            f"Choose your password here (the link works once, for {hours} hours):\n{link}\n\n"
            "Your username is on the page the link opens. If you did not expect this e-mail, "
            "tell your administrator."
        ),
        keep_body=False,
    )
    log.info("set-up link queued user=%s", member.pk)


@transaction.atomic
def enrolment_code_issue(*, member: User, by: User) -> str:
    """A new one-time two-factor enrolment code for `member`, returned once to be shown to the
    administrator; only its hash is kept. Any earlier outstanding code is withdrawn."""
    now = timezone.now()
    EnrolmentCode.objects.outstanding().filter(user=member).update(withdrawn_at=now)
    code = EnrolmentCode.new_code()
    issued = EnrolmentCode.objects.create(
        user=member,
        code_hash=hash_code(code),
        issued_by=by,
        issued_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    log.info(
        "enrolment code issued user=%s code_id=%s by=%s",
        member.pk,
        issued.pk,
        getattr(by, "pk", None),
    )
    return code
