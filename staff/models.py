"""Two-factor enrolment codes: how an administrator authorises someone's first authenticator."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

# No 0/O, 1/I/L: read aloud or copied from a screen without mistakes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # about 59 bits: far beyond guessing within the code's lifetime
CODE_LIFETIME = timedelta(hours=72)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    # Kept as a keyed hash: a copy of the database does not reveal a code still waiting to be used.
    return salted_hmac("staff.EnrolmentCode", normalise_code(code)).hexdigest()


class EnrolmentCodeQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(used_at__isnull=True, withdrawn_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class EnrolmentCode(models.Model):
    """A one-time code that lets `user` set up their first authenticator app.

    Shown once to the administrator who issued it, who hands it to the person (in person or by
    phone, not in the e-mail that carries their set-up link), so a password alone is never
    enough to enrol a second factor on a manager's account.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolment_codes"
    )
    code_hash = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # A newer code replaces an older one; deactivating the person withdraws theirs.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentCodeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"Enrolment code {self.pk} for user {self.user_id}"

    @staticmethod
    def new_code() -> str:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))

    def matches(self, code: str) -> bool:
        return constant_time_compare(self.code_hash, hash_code(code))

    def mark_used(self) -> None:
        self.used_at = timezone.now()
        self.save(update_fields=["used_at"])
