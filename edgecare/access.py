"""The access log: every view, print and export of a case record, and every refusal."""

from __future__ import annotations

import logging

from django.http import HttpRequest

from edgecare.models import AccessLog

log = logging.getLogger("edgecare.access")

# The range of the log's id columns (BigIntegerField). A URL may carry any number of digits; an
# id past this range names no record, and is logged as a refusal without the id, which the
# column could not hold (storing it would fail, and the refusal would be lost with a 500).
LARGEST_ID = 2**63 - 1


def storable_id(value: int | None) -> int | None:
    return value if value is None or -LARGEST_ID - 1 <= value <= LARGEST_ID else None


def client_address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


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
    if not isinstance(record_type, AccessLog.RecordType):
        raise ValueError(
            f"record_type {record_type!r} is not an AccessLog.RecordType member: add one there"
        )
    user = request.user if request.user.is_authenticated else None
    entry = AccessLog.objects.create(
        user=user,
        organisation_id=getattr(user, "organisation_id", None),
        action=action,
        record_type=record_type,
        record_id=storable_id(record_id),
        case_id=storable_id(case_id),
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
