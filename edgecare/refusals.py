"""A record the user may not see answers as though it did not exist: the refusal is written to
the access log (identifiers only, as edgecare.access records it) and the answer is a 404, so an
id from another team or organisation reveals nothing, not even that it exists."""

from __future__ import annotations

from typing import NoReturn

from django.http import Http404, HttpRequest

from edgecare.access import record_access
from edgecare.models import AccessLog


def refuse_as_missing(
    request: HttpRequest,
    *,
    record_type: AccessLog.RecordType,
    record_id: int | None = None,
    case_id: int | None = None,
    message: str,
    not_found: type[Exception] = Http404,
) -> NoReturn:
    """Log the refused look-up, then raise `not_found(message)`: Http404 for the pages, the
    API's own NotFound for its JSON answer."""
    record_access(
        request,
        action=AccessLog.Action.REFUSED,
        record_type=record_type,
        record_id=record_id,
        case_id=case_id,
    )
    raise not_found(message)
