"""Liveness and readiness probes for the load balancer and the orchestrator.

`/livez`: the process answers (no database, no cache), so an outage of either restarts nothing.
`/readyz`: this instance can serve (database and cache reachable), so the balancer stops sending
people to it while they are not. `/healthz`: the older name, the same as `/readyz`.

A probe is sent to the instance's own address (`Host: 10.0.1.5`) over plain HTTP from inside the
network, so `ProbeMiddleware` answers before Django validates the host against ALLOWED_HOSTS
(it comes before every middleware that reads the host or the session; only the header
middleware, which answer nothing themselves, come before it, so probes carry the security
headers too) and SECURE_REDIRECT_EXEMPT spares the probes the HTTPS redirect. It reads no
session, sets no cookie and says nothing but "ok" or which dependency failed. A Host that is
neither an address nor an allowed name is passed on to Django, which refuses it (400) as for
any page.
"""

from __future__ import annotations

import ipaddress
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import split_domain_port, validate_host

log = logging.getLogger("edgecare.probes")


def _answer(status: str, *, code: int = 200, failed: list[str] | None = None) -> JsonResponse:
    body: dict[str, object] = {"status": status}
    if failed:
        body["failed"] = failed
    response = JsonResponse(body, status=code)
    response["Cache-Control"] = "no-store"
    return response


def livez(request: HttpRequest) -> HttpResponse:
    """The process is up and answering requests."""
    return _answer("ok")


def readyz(request: HttpRequest) -> HttpResponse:
    """The database and the cache answer; 503 naming the one that does not."""
    failed = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means "not ready", never a 500
        log.warning("readiness: database unavailable")
        failed.append("database")
    try:
        key = f"readyz:{uuid.uuid4().hex}"
        cache.set(key, "1", timeout=5)
        if cache.get(key) != "1":
            raise ConnectionError("cache did not keep a value")
        cache.delete(key)
    except Exception:  # noqa: BLE001 - as above
        log.warning("readiness: cache unavailable")
        failed.append("cache")
    if failed:
        return _answer("unavailable", code=503, failed=failed)
    return _answer("ok")


PROBES = {"/livez": livez, "/readyz": readyz, "/healthz": readyz}


def _probe_host(request: HttpRequest) -> bool:
    """An IP address (what AWS and Kubernetes send), or a name ALLOWED_HOSTS accepts."""
    raw = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    domain, _port = split_domain_port(raw)
    if not domain:
        return False
    try:
        ipaddress.ip_address(domain.strip("[]"))
        return True
    except ValueError:
        return validate_host(domain, settings.ALLOWED_HOSTS)


class ProbeMiddleware:
    """Answers the probes before anything that needs a session, a validated host or HTTPS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD") and _probe_host(request):
            return probe(request)
        return self.get_response(request)
