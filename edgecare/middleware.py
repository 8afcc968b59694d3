from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

from edgecare.pdf import DocumentTimedOut

SESSION_STARTED_KEY = "edgecare_signed_in_at"


class AbsoluteSessionExpiryMiddleware:
    """Ends a session a fixed time after sign-in, however active it has been.

    Idle expiry comes from SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST; this adds the cap
    that stops a shared office computer from staying signed in all week.
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
        return self.get_response(request)


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


def error_page(template: str, status: int) -> HttpResponse:
    """An error page rendered without the request: no context processor runs (no signed-in
    user, menu or notifications), so it needs no database and cannot fail during an outage.
    The error handlers (edgecare.urls handler403/404/500) and the middleware below use it."""
    html = render_to_string(template, {"SERVICE_NAME": settings.SERVICE_NAME})
    return HttpResponse(html, status=status)


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
