"""One save per submit: the one-time token a form page carries, and what a repeat of it gets.

A token is random and names nothing: the cache keeps, per user, whether its first POST is still
running or where it went when it saved. No case content is kept.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.conf import settings
from django.core.cache import cache

SUBMISSION_TOKEN_FIELD = "submission_token"  # noqa: S105 - a field name, not a secret
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
RUNNING = "running"


def new_submission_token() -> str:
    return secrets.token_urlsafe(32)


def submitted_token(request) -> str | None:
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    token = request.POST.get(SUBMISSION_TOKEN_FIELD, "")
    return token if _TOKEN.match(token) else None


def _key(user_id: int, token: str) -> str:
    digest = hashlib.sha256(f"{user_id}:{token}".encode()).hexdigest()
    return f"edgecare:submission:{digest}"


def claim(user_id: int, token: str) -> bool:
    """True for the first POST with this token; atomic (the cache's add), so of two POSTs sent
    together exactly one gets True. A claim left by a crashed request lapses on its own."""
    return cache.add(_key(user_id, token), RUNNING, timeout=settings.SUBMISSION_RUNNING_SECONDS)


def remember_saved(user_id: int, token: str, location: str) -> None:
    cache.set(_key(user_id, token), location, timeout=settings.SUBMISSION_TOKEN_SECONDS)


def release(user_id: int, token: str) -> None:
    """The POST was refused (or failed): the corrected form may be sent again."""
    cache.delete(_key(user_id, token))


def saved_location(user_id: int, token: str) -> str | None:
    """Where the first POST went, or None while it is still running."""
    value = cache.get(_key(user_id, token))
    return None if value in (None, RUNNING) else value
