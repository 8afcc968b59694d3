"""The access log: every view, print and export of a case record, and every refusal."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

from edgecare.models import AccessLog

log = logging.getLogger("edgecare.access")

# The range of the log's id columns (BigIntegerField). A URL may carry any number of digits; an
# id past this range names no record, and is logged as a refusal without the id, which the
# column could not hold (storing it would fail, and the refusal would be lost with a 500).
LARGEST_ID = 2**63 - 1


def storable_id(value: int | None) -> int | None:
    return value if value is None or -LARGEST_ID - 1 <= value <= LARGEST_ID else None


def client_address(request: HttpRequest) -> str | None:
    """Where the request came from: the one rule for the sign-in throttle (django-axes calls it,
    AXES_CLIENT_IP_CALLABLE) and the access log's "from where".

    With no proxy declared (AXES_PROXY_COUNT=0) the connection's own address, and any
    X-Forwarded-For is ignored: anyone can send one. Behind N proxies (the load balancer is
    one), each appends the address it was reached from, so the client is the Nth entry from the
    right; entries to the left of it were written by the client and are not believed. A request
    with a shorter chain did not come through the proxies as declared: its connection address
    is the truthful answer.
    """
    connection = request.META.get("REMOTE_ADDR") or None
    proxies = settings.AXES_IPWARE_PROXY_COUNT or 0
    if not proxies:
        return connection
    # ipware counts the proxies named inside the header; the last proxy is the connection
    # itself (REMOTE_ADDR), so N proxies in front leave N - 1 of them in the header.
    address, _routable = get_client_ip(
        request,
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or connection


def record_access(
    request: HttpRequest,
    *,
    action: str,
    record_type: AccessLog.RecordType,
    record_id: int | None = None,
    case_id: int | None = None,
) -> AccessLog:
    """Write one access-log row. A failure here propagates: if the access cannot be recorded,
    the record must not be shown. `record_type` must be an AccessLog.RecordType member: a
    free string is a programming error, refused before anything is written."""
    user = request.user if request.user.is_authenticated else None
    entry = record_access_by(
        user,
        action=action,
        record_type=record_type,
        record_id=record_id,
        case_id=case_id,
        ip_address=client_address(request),
    )
    if action == AccessLog.Action.REFUSED:
        # Identifiers only: which user asked for which id. Never any case content.
        log.warning(
            "refused user=%s record_type=%s record_id=%s",
            getattr(user, "pk", None),
            record_type,
            record_id if storable_id(record_id) is not None else "out-of-range",
        )
    return entry


def record_access_by(
    user,
    *,
    action: str,
    record_type: AccessLog.RecordType,
    record_id: int | None = None,
    case_id: int | None = None,
    ip_address: str | None = None,
) -> AccessLog:
    """The access-log row itself, for work done outside a request (a management command) as
    well as by `record_access`: the same checks, the same row."""
    if not isinstance(record_type, AccessLog.RecordType):
        raise ValueError(
            f"record_type {record_type!r} is not an AccessLog.RecordType member: add one there"
        )
    return AccessLog.objects.create(
        user=user,
        organisation_id=getattr(user, "organisation_id", None),
        action=action,
        record_type=record_type,
        record_id=storable_id(record_id),
        case_id=storable_id(case_id),
        ip_address=ip_address,
    )
