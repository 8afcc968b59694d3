"""The floor's own pages: the health check and the error pages (they import no app)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from edgecare.middleware import error_page


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the app is up and reaches its database. Says nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return error_page("403.html", 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    # Never echo the requested path or object: it could name another family's record.
    return error_page("404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page("500.html", 500)


__all__ = ["healthz", "login_not_required", "page_not_found", "permission_denied"]
