"""The API's request limit per service account (API_THROTTLE_RATE, e.g. "600/hour"), counted in
the configured cache (the database cache by default, so every application server shares it)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import UserRateThrottle


class ServiceAccountRateThrottle(UserRateThrottle):
    scope = "service_account"

    def get_rate(self):
        return settings.API_THROTTLE_RATE
