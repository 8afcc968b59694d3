from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

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
