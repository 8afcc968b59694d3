"""Reading staff records: always within the administrator's own organisation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from edgecare.models import AccessLog, Service, Team, User
from edgecare.refusals import refuse_as_missing


def staff_for_user(user) -> QuerySet[User]:
    """The members of staff `user` may administer: their own organisation's, nobody else's."""
    if not user.has_perm("staff.manage_staff") or user.organisation_id is None:
        return User.objects.none()
    # Service accounts are not staff: they are managed on the service accounts pages (api),
    # and a staff page must never give one a password set-up link.
    members = User.objects.filter(organisation_id=user.organisation_id).exclude(
        role=User.Role.SERVICE_ACCOUNT
    )
    if not user.is_superuser:
        # A platform superuser's account is the platform's, not the council's, to manage.
        members = members.exclude(is_superuser=True)
    return members.select_related("team", "service").annotate(
        has_authenticator=Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True))
    )


def unused_deactivated_for_user(user) -> QuerySet[User]:
    """Accounts deactivated because nobody used them (staff.services.deactivate_inactive_accounts),
    newest first, for the administrator to reactivate anyone who has not left."""
    return (
        staff_for_user(user)
        .filter(is_active=False, deactivated_unused_at__isnull=False)
        .order_by("-deactivated_unused_at", "pk")
    )


def require_staff_administrator(request: HttpRequest) -> None:
    user = request.user
    if not user.has_perm("staff.manage_staff") or getattr(user, "organisation_id", None) is None:
        raise PermissionDenied("Only an administrator can manage staff.")


def member_for_user_or_404(request: HttpRequest, pk: int) -> User:
    """One member of staff, or a 404 (and a logged refusal) when they are not the
    administrator's to see: another organisation's staff are never revealed, even by id."""
    require_staff_administrator(request)
    member = staff_for_user(request.user).filter(pk=pk).first()
    if member is None or not request.user.has_perm("staff.manage_staff", member):
        refuse_as_missing(
            request,
            record_type=AccessLog.RecordType.STAFF_MEMBER,
            record_id=pk,
            message="No such member of staff",
        )
    return member


def teams_for_organisation(organisation_id: int) -> QuerySet[Team]:
    return Team.objects.filter(service__organisation_id=organisation_id).select_related("service")


def services_for_organisation(organisation_id: int) -> QuerySet[Service]:
    return Service.objects.filter(organisation_id=organisation_id)


def history_of(member: User, *, limit: int = 50) -> list[dict]:
    """What changed on a member's record, newest first, for the staff page."""
    records = list(
        member.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    rows: list[dict[str, object]] = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(rows) == limit:
            break
        if older is None:
            changed = ["record created"]
        else:
            delta = newer.diff_against(older)
            changed = [_field_label(name) for name in delta.changed_fields]
        rows.append(
            {
                "at": newer.history_date,
                "by": newer.history_user,
                "reason": newer.history_change_reason or "",
                "changed": changed,
            }
        )
    return rows


def _field_label(name: str) -> str:
    try:
        return str(getattr(User._meta.get_field(name), "verbose_name", name))
    except Exception:  # noqa: BLE001 - a history-only field: show its raw name
        return name
