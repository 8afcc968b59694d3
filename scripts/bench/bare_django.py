"""A bare Django view for the benchmark's yardstick: no middleware, no database, no template.

Served by gunicorn exactly as the application is (same workers, same machine, same run), so the
signed-in floor can be read as a multiple of what Django itself costs here. Not part of the
product and never installed: `scripts/benchmark` runs `gunicorn --pythonpath scripts/bench
bare_django:application` beside the application.
"""

from __future__ import annotations

import os
import secrets

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    LOGGING_CONFIG=None,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

# About the size of the floor's 404 page, so the bytes written are comparable.
BODY = b"<!DOCTYPE html><html lang=en><title>Bare</title><p>" + b"Nothing here. " * 400


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY)


urlpatterns = [path("", bare)]

application = get_wsgi_application()
