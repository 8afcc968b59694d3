from collections.abc import Callable
from typing import Any

from django.conf import settings


def service(request):
    return {"SERVICE_NAME": settings.SERVICE_NAME}


def once_per_request(request, key: str, work_out: Callable[[], Any]) -> Any:
    """What a context processor works out, worked out once per request. A page that renders
    several templates with the request (the case page's panels) runs every context processor
    for each of them; the menu's permission checks and the parked-form lookup need doing once."""
    memo = request.__dict__.setdefault("_edgecare_once_per_request", {})
    if key not in memo:
        memo[key] = work_out()
    return memo[key]
