"""Reads for the API: service accounts an administrator may manage, the account of a token,
and the case summaries a service account may list (built on families' scoped selector)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from api.models import ServiceAccount, token_digest
from families.models import Case
from families.selectors import cases_for_user


def service_accounts_for_user(user) -> QuerySet[ServiceAccount]:
    """The service accounts `user` may manage: their own organisation's, if they administer it."""
    if not user.has_perm("api.manage_service_accounts") or user.organisation_id is None:
        return ServiceAccount.objects.none()
    return ServiceAccount.objects.filter(organisation_id=user.organisation_id).select_related(
        "team", "service", "created_by", "revoked_by"
    )


def service_account_for_user_or_404(user, pk: int) -> ServiceAccount:
    account = service_accounts_for_user(user).filter(pk=pk).first()
    if account is None:
        raise Http404("No such service account")
    return account


def account_for_token(token: str) -> ServiceAccount | None:
    """The account a presented token belongs to, or None. Looked up by the token's digest, so
    the token itself is never compared or stored."""
    if not token:
        return None
    return (
        ServiceAccount.objects.select_related("user")
        .filter(token_digest=token_digest(token))
        .first()
    )


def case_summaries_for_user(user) -> QuerySet[Case]:
    """The cases a service account may list, with what a summary shows, in fixed queries."""
    return (
        cases_for_user(user)
        .select_related("team", "service", "lead_professional")
        .order_by("-referral_date", "-pk")
    )
