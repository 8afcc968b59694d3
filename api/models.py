"""The API's service accounts: a council system (Power BI, a data warehouse) reading the API.

Each is backed by its own User (role SERVICE_ACCOUNT, unusable password, no authenticator) whose
team, service, or neither (the organisation) is its scope, so every scoped selector reads for it
exactly as for a member of staff with that scope. Its token is shown once and stored hashed.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from edgecare.models import NoHardDeleteQuerySet, Organisation, Service, Team


def token_digest(token: str) -> str:
    """What is stored of a token: its SHA-256. The token is 256 random bits
    (secrets.token_urlsafe(32)), so a fast hash is enough: nobody can guess their way back from
    the digest, and a salted slow hash (as for passwords people choose) would only slow every
    request. The digest is unique, so a token is looked up by it in one indexed query."""
    return hashlib.sha256(token.encode()).hexdigest()


class ServiceAccount(models.Model):
    class Scope(models.TextChoices):
        ORGANISATION = "organisation", "The whole organisation"
        SERVICE = "service", "One service"
        TEAM = "team", "One team"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="service_accounts"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_account"
    )
    name = models.CharField(max_length=200)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The token's first characters, shown on the list so an administrator can tell which token
    # a system holds; too few to be of use to anyone else.
    token_prefix = models.CharField(max_length=8, editable=False)
    expires_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Revoked, never deleted: one by one or in bulk.
    objects = NoHardDeleteQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["last_used_at", "token_digest"])

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def delete(self, *args, **kwargs):
        raise PermissionError("A service account is revoked, never deleted.")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def has_expired(self, today: datetime.date | None = None) -> bool:
        # The expiry date is the last day the token works.
        return (today or timezone.localdate()) > self.expires_on

    def is_usable(self) -> bool:
        return not self.is_revoked and not self.has_expired() and self.user.is_active

    @property
    def status(self) -> str:
        if self.is_revoked:
            return "Revoked"
        if self.has_expired():
            return "Expired"
        return "Active"

    def scope_label(self) -> str:
        if self.scope == self.Scope.TEAM and self.team:
            return f"Team: {self.team.name}"
        if self.scope == self.Scope.SERVICE and self.service:
            return f"Service: {self.service.name}"
        return "The whole organisation"

    def revoke(self, *, by) -> None:
        """Stops the token at once; the account stays, with who revoked it and when."""
        if self.is_revoked:
            return
        self.revoked_at = timezone.now()
        self.revoked_by = by
        self._history_user = by  # type: ignore[attr-defined]
        self._change_reason = "Revoked"  # type: ignore[attr-defined]
        self.save(update_fields=["revoked_at", "revoked_by"])

    def record_use(self) -> None:
        """The last time the token was used, at most once a minute (no write per request)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > datetime.timedelta(minutes=1):
            ServiceAccount.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
