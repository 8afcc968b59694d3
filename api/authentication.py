"""Bearer-token authentication for service accounts: `Authorization: Bearer <token>`."""

from __future__ import annotations

import logging

from rest_framework import authentication, exceptions

from api.selectors import account_for_token

log = logging.getLogger("api")

NOT_ACCEPTED = "The token is missing, wrong, revoked or expired."


class ServiceAccountTokenAuthentication(authentication.BaseAuthentication):
    """A missing, wrong, revoked or expired token is a 401 (with the header saying how to
    authenticate). The same answer for each, so a caller learns nothing about other tokens."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(NOT_ACCEPTED)
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(NOT_ACCEPTED) from error
        account = account_for_token(token)
        if account is None or not account.is_usable() or not account.user.is_service_account:
            # Identifiers only: which account, never the token.
            log.info("api token refused account=%s", getattr(account, "pk", None))
            raise exceptions.AuthenticationFailed(NOT_ACCEPTED)
        account.record_use()
        return account.user, account

    def authenticate_header(self, request):
        return self.keyword
