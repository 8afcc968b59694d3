from __future__ import annotations

import functools
import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from edgecare import submission, typed_text
from edgecare.models import StaleRecordError
from edgecare.pdf import DocumentTimedOut

logger = logging.getLogger(__name__)

SESSION_STARTED_KEY = "edgecare_signed_in_at"


class AbsoluteSessionExpiryMiddleware:
    """Ends a session a fixed time after sign-in, however active it has been, and renews its
    idle expiry.

    Idle expiry is SESSION_COOKIE_AGE from the session's last save. A signed-in request renews
    it (saves the session) only when the last renewal is SESSION_RENEW_SECONDS old, instead of
    writing the session row on every request (SESSION_SAVE_EVERY_REQUEST): the idle sign-out
    comes at most that much sooner, and the timeout warning counts from the renewal
    (typed_text.seconds_left), so it is exact. The absolute cap stops a shared office computer
    from staying signed in all week.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{settings.LOGIN_URL_PATH}?expired=1")
            renewed = request.session.get(typed_text.SESSION_RENEWED_KEY)
            if renewed is None or now - renewed >= settings.SESSION_RENEW_SECONDS:
                typed_text.renew_idle_timeout(request, now)
        response = self.get_response(request)
        # Saved for another reason (a sign-in, a message, a form's state): that save renewed the
        # expiry too, so the time left counts from now.
        if request.session.modified and request.user.is_authenticated:
            typed_text.renew_idle_timeout(request)
        return response


class NoStoreMiddleware:
    """Pages shown to a signed-in user hold case records: no browser or proxy may keep a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class OneSavePerSubmitMiddleware:
    """A form sent twice (a double click, a resent page) saves once.

    Every saving form carries a one-time submission_token (templates/gds/whole_uni_form.html).
    The first POST with a token claims it before the view runs; when the view answers with a
    redirect (saved), the token remembers where it went, and a repeat is sent there with "This
    was already saved" instead of saving again. A repeat while the first is still running is
    told so, never saved. A refused form (400) releases its token, so the corrected form can be
    sent. No view needs a line for this.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = submission.submitted_token(request)
        if token is None:
            return self.get_response(request)
        user_id = request.user.pk
        if not submission.claim(user_id, token):
            return self._repeat(request, user_id, token)
        try:
            response = self.get_response(request)
        except BaseException:
            submission.release(user_id, token)
            raise
        if response.status_code in (301, 302, 303) and response.get("Location"):
            submission.remember_saved(user_id, token, response["Location"])
        else:
            submission.release(user_id, token)
        return response

    def _repeat(self, request, user_id: int, token: str):
        location = submission.saved_location(user_id, token)
        if location is None:
            logger.info("submission repeated while the first is running: user %s", user_id)
            return render(request, "includes/already_being_saved.html", status=409)
        logger.info("submission repeated after it saved: user %s", user_id)
        messages.info(request, "This was already saved.")
        return redirect(location)


class StaleSaveMiddleware:
    """A save that lost a race with a colleague's save of the same record (StaleRecordError,
    raised by CaseRecord.save) is answered as if it had arrived just after it.

    The failed save wrote nothing, so the view is run once more: its form now sees the newer
    version and shows the stale-edit message with the worker's text kept (400); an action with
    no form meets the record's new state and refuses or does what it would have done.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StaleRecordError) or request.resolver_match is None:
            return None
        logger.info(
            "stale save refused: %s %s (version %s)",
            exception.model_label,
            exception.pk,
            exception.read_version,
        )
        match = request.resolver_match
        try:
            return match.func(request, *match.args, **match.kwargs)
        except StaleRecordError:
            return render(request, "includes/stale_save.html", status=409)


def error_page(template: str, status: int) -> HttpResponse:
    """An error page rendered without the request: no context processor runs (no signed-in
    user, menu or notifications), so it needs no database and cannot fail during an outage.
    The error handlers (casefile.urls handler403/404/500) and the middleware below use it."""
    if settings.DEBUG:  # development: an edited template shows at once
        html = render_to_string(template, {"SERVICE_NAME": settings.SERVICE_NAME})
    else:
        html = _error_html(template, settings.SERVICE_NAME)
    return HttpResponse(html, status=status)


@functools.lru_cache(maxsize=16)
def _error_html(template: str, service_name: str) -> str:
    """The page's HTML, drawn once per worker: it depends on nothing but the template and the
    service's name, and a 404 is the commonest answer a public address gets (scanners, old
    links), so it should cost no more than the middleware in front of it."""
    return render_to_string(template, {"SERVICE_NAME": service_name})


class DocumentTimeoutMiddleware:
    """A PDF past its time budget (edgecare.pdf) is a clear page, not a stack trace: 503, the
    service could not make it now. edgecare.pdf has already logged it, without content."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DocumentTimedOut):
            return error_page("document_timed_out.html", 503)
        return None


# Browser features no page of a case record needs: none may be used, by this site or anything
# it could be tricked into embedding.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """Sends Permissions-Policy on every response. First in MIDDLEWARE, so the redirects and
    error pages that inner middleware answer with carry it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class KeepTypedTextMiddleware:
    """A form posted after the session ended is kept for the worker who typed it
    (edgecare.typed_text): the sign-in redirect it gets says so (`kept=1`), and the form is
    filled in again once they are back. While signed in, the worker's signed cookie names them;
    a POST that saved sends `form_saved` (the parked copy and any draft of it are dropped)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        user_id = user.pk if user.is_authenticated else typed_text.worker_from_cookie(request)
        signed_in = user.is_authenticated
        response = self.get_response(request)
        if request.method == "POST" and user_id is not None:
            location = response.get("Location", "") if response.status_code == 302 else ""
            if location.startswith(settings.LOGIN_URL_PATH):
                if request.path not in (settings.LOGIN_URL_PATH, reverse("logout")) and (
                    typed_text.park(user_id, request)
                ):
                    logger.info("form kept after sign-out: user %s %s", user_id, request.path)
                    response["Location"] = f"{location}{'&' if '?' in location else '?'}kept=1"
            elif location and signed_in:
                typed_text.discard_parked(user_id, request.path)
                typed_text.form_saved.send(sender=None, user_id=user_id, path=request.path)
        self._name_the_worker(request, response, user_id if signed_in else None)
        return response

    @staticmethod
    def _name_the_worker(request, response, user_id: int | None) -> None:
        if request.path == reverse("logout"):
            # Signed out on purpose: nothing more is kept for them on this browser.
            response.delete_cookie(typed_text.WORKER_COOKIE)
            return
        if user_id is None or typed_text.worker_from_cookie(request) == user_id:
            return
        response.set_cookie(
            typed_text.WORKER_COOKIE,
            typed_text.worker_cookie_value(user_id),
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
