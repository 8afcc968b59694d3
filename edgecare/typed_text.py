"""Nothing a worker types is lost to the idle sign-out.

Three parts, all in the floor because every app's forms share them:

- The timeout warning (templates/includes/timeout_warning.html, static/js/edgecare.js): how
  long the session has left (`seconds_left`) and the keep-alive endpoint (`keep_alive`) that
  "Stay signed in", and typing in a form with unsaved text, call.
- A form posted after the session ended is parked (`park`): kept server-side for the worker
  who typed it, for PARKED_FORM_SECONDS, and put back into the same form when they have
  signed in again (`parked_for`). Who typed it comes from a signed cookie set while they were
  signed in (`WORKER_COOKIE`): the session itself has gone. The worker sends it again
  themselves: nothing is saved for them, so the page's permission check, the stale-save
  version and the one-save-per-submit token all apply as to any other submit.
- `form_saved`, sent when a signed-in worker's POST saved (answered with a redirect), so the
  parked copy is dropped here and the apps can drop their drafts of that form.

Parked text is case content: it is never logged (only the user id and the path are), it is
kept in the cache under a key naming the user, and only that user's signed-in requests read it.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.cache import cache
from django.dispatch import Signal
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from edgecare.context_processors import once_per_request
from edgecare.submission import SUBMISSION_TOKEN_FIELD

WORKER_COOKIE = "edgecare_worker"
_WORKER_SALT = "edgecare.typed_text.worker"
KEPT_ALIVE_KEY = "edgecare_kept_alive_at"
# When the session's idle timeout was last renewed (its row saved with a new expiry): a signed-in
# request renews it only if this is SESSION_RENEW_SECONDS old (edgecare.middleware.
# AbsoluteSessionExpiryMiddleware), so the time left is counted from here, not from the request.
SESSION_RENEWED_KEY = "edgecare_renewed_at"
# Fields never kept: they belong to the page the form was drawn on, and a fresh page brings
# its own (the CSRF token, a new submission token).
NOT_KEPT = {"csrfmiddlewaretoken", SUBMISSION_TOKEN_FIELD}

# Sent with the user's pk and the request path when a POST saved (the response redirected).
form_saved = Signal()


# Who is typing -------------------------------------------------------------------------------


def worker_cookie_value(user_id: int) -> str:
    return signing.dumps(user_id, salt=_WORKER_SALT)


def worker_from_cookie(request: HttpRequest) -> int | None:
    """The user who was signed in on this browser, from the signed cookie; None if there is
    none, it was tampered with, or it is older than the longest session could be."""
    value = request.COOKIES.get(WORKER_COOKIE)
    if not value:
        return None
    try:
        user_id = signing.loads(
            value, salt=_WORKER_SALT, max_age=settings.SESSION_ABSOLUTE_SECONDS + 3600
        )
    except signing.BadSignature:
        return None
    return user_id if isinstance(user_id, int) else None


# Parked forms --------------------------------------------------------------------------------


def _key(user_id: int) -> str:
    return f"edgecare:parked-form:{user_id}"


def kept_fields(post, *, also_leave_out: tuple[str, ...] = ()) -> list[list[str]] | None:
    """The [name, value] pairs of a POST worth keeping, in the order sent (files and the
    page's own tokens left out), or None when they are more than PARKED_FORM_MAX_CHARS."""
    fields = [
        [name, value]
        for name, values in post.lists()
        if name not in NOT_KEPT and name not in also_leave_out
        for value in values
    ]
    if sum(len(n) + len(v) for n, v in fields) > settings.PARKED_FORM_MAX_CHARS:
        return None
    return fields


def park(user_id: int, request: HttpRequest) -> bool:
    """Keep what was posted to `request.path` for `user_id`. Files are not kept, nor a form
    larger than PARKED_FORM_MAX_CHARS. One form per user: the latest one is the one typed."""
    fields = kept_fields(request.POST)
    if not fields:
        return False
    parked = {"path": request.path, "fields": fields, "at": int(time.time())}
    cache.set(_key(user_id), parked, timeout=settings.PARKED_FORM_SECONDS)
    return True


def parked_for(user_id: int, path: str) -> dict | None:
    """What `user_id` typed into the form at `path` before being signed out, if it is kept."""
    parked = cache.get(_key(user_id))
    if not isinstance(parked, dict) or parked.get("path") != path:
        return None
    return parked


def discard_parked(user_id: int, path: str) -> None:
    if parked_for(user_id, path) is not None:
        cache.delete(_key(user_id))


def long_text(parked: dict) -> list[str]:
    """The longer pieces of text in a parked form, shown on the page as well, so a worker
    whose browser runs no script can copy them back."""
    return [value for _, value in parked["fields"] if len(value) >= 40]


# The session's time left and the keep-alive ---------------------------------------------------


def seconds_left(request: HttpRequest) -> int:
    """Seconds until this session ends if nothing more is sent: the idle timeout, or the
    absolute cap from sign-in (edgecare.middleware.AbsoluteSessionExpiryMiddleware) if that
    comes first."""
    from edgecare.middleware import SESSION_STARTED_KEY

    now = int(time.time())
    left = settings.SESSION_COOKIE_AGE
    renewed = request.session.get(SESSION_RENEWED_KEY)
    if renewed is not None:
        left -= max(0, now - renewed)
    started = request.session.get(SESSION_STARTED_KEY)
    if started is not None:
        left = min(left, settings.SESSION_ABSOLUTE_SECONDS - (now - started))
    return max(0, left)


def renew_idle_timeout(request: HttpRequest, now: int | None = None) -> None:
    """The session is saved at the end of this request with a fresh idle expiry
    (SESSION_COOKIE_AGE from now), and remembers when."""
    request.session[SESSION_RENEWED_KEY] = int(time.time()) if now is None else now


@login_not_required
@require_POST
def keep_alive(request: HttpRequest) -> JsonResponse:
    """Renews the idle timeout (the session is saved with a fresh expiry) and says how long the
    session now has. Asked more than once in KEEP_ALIVE_MIN_SECONDS, it answers 429 without
    renewing again: typing calls it, and a busy page must not write the session row on every
    key press."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0}, status=401)
    now = int(time.time())
    last = request.session.get(KEPT_ALIVE_KEY)
    if last is not None and now - last < settings.KEEP_ALIVE_MIN_SECONDS:
        retry = settings.KEEP_ALIVE_MIN_SECONDS - (now - last)
        response = JsonResponse(
            {"signed_in": True, "seconds_left": seconds_left(request)}, status=429
        )
        response["Retry-After"] = str(retry)
        return response
    request.session[KEPT_ALIVE_KEY] = now
    renew_idle_timeout(request, now)
    return JsonResponse({"signed_in": True, "seconds_left": seconds_left(request)})


def timeout_warning(request: HttpRequest) -> dict:
    """Context processor: the timeout warning's figures and the form put back after sign-in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return once_per_request(request, "timeout_warning", lambda: _timeout_warning(request, user))


def _timeout_warning(request: HttpRequest, user) -> dict:
    context: dict = {
        "session_seconds_left": seconds_left(request),
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "keep_alive_seconds": settings.KEEP_ALIVE_MIN_SECONDS,
    }
    if request.method == "GET":
        parked = parked_for(user.pk, request.path)
        if parked is not None:
            context["parked_form"] = {"fields": parked["fields"], "texts": long_text(parked)}
    return context
