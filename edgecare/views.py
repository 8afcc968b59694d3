"""The floor's own pages: the probes and the error pages (they import no app)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from edgecare import probes
from edgecare.middleware import error_page

# Normally answered by edgecare.probes.ProbeMiddleware before any URL is resolved; routed too,
# so a probe that reaches the URLconf (a POST, a host the middleware passed on) gets Django's
# own answer (405, 400) rather than a 404.
livez = login_not_required(require_GET(probes.livez))
readyz = login_not_required(require_GET(probes.readyz))


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return error_page("403.html", 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    # Never echo the requested path or object: it could name another family's record.
    return error_page("404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page("500.html", 500)


__all__ = ["livez", "login_not_required", "page_not_found", "permission_denied", "readyz"]
