"""Creating and revoking service accounts: the account, its User and its token together."""

from __future__ import annotations

import datetime
import logging
import secrets

from django.db import transaction

from api.models import ServiceAccount, token_digest
from edgecare.models import Service, Team, User

log = logging.getLogger("api")


@transaction.atomic
def create_service_account(
    *,
    by: User,
    name: str,
    scope: str,
    expires_on: datetime.date,
    service: Service | None = None,
    team: Team | None = None,
) -> tuple[ServiceAccount, str]:
    """A new service account of `by`'s organisation, and its token: returned this once and
    never again (only its digest is kept). Its User has the account's scope as its placement,
    an unusable password and no e-mail, so it can neither sign in nor be sent a set-up link."""
    if by.organisation_id is None:
        raise ValueError("Only an organisation's administrator creates its service accounts")
    if scope == ServiceAccount.Scope.TEAM:
        if team is None or team.service.organisation_id != by.organisation_id:
            raise ValueError("A team-scoped account needs one of the organisation's teams")
        service = None
    elif scope == ServiceAccount.Scope.SERVICE:
        if service is None or service.organisation_id != by.organisation_id:
            raise ValueError("A service-scoped account needs one of the organisation's services")
        team = None
    else:
        service = team = None
    token = secrets.token_urlsafe(32)
    user = User(
        username=f"service-account-{secrets.token_hex(8)}",
        first_name=name[:150],
        last_name="(service account)",
        organisation_id=by.organisation_id,
        role=User.Role.SERVICE_ACCOUNT,
        team=team,
        service=service,
    )
    user.set_unusable_password()
    user._history_user = by
    user._change_reason = "Service account created"
    user.save()
    account = ServiceAccount(
        organisation_id=by.organisation_id,
        user=user,
        name=name,
        scope=scope,
        service=service,
        team=team,
        token_digest=token_digest(token),
        token_prefix=token[:6],
        expires_on=expires_on,
        created_by=by,
    )
    account._history_user = by
    account._change_reason = "Created"
    account.save()
    log.info("service account created account=%s by=%s", account.pk, by.pk)
    return account, token


@transaction.atomic
def revoke_service_account(*, account: ServiceAccount, by: User) -> ServiceAccount:
    account = ServiceAccount.objects.select_for_update().get(pk=account.pk)
    account.revoke(by=by)
    log.info("service account revoked account=%s by=%s", account.pk, by.pk)
    return account
