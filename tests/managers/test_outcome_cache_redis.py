"""The outcome report's cache on Redis (CACHE_URL=redis://...), the machine's Redis on 6379."""

from __future__ import annotations

import uuid

import pytest
import redis
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import CaseFactory
from tests.managers.helpers import TODAY, days_ago

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/0"
PERIOD = {"date_from": days_ago(300).isoformat(), "date_to": TODAY.isoformat()}


@pytest.fixture
def redis_cache(settings):
    # A prefix of its own, so other runs on the same Redis never see this one's keys.
    prefix = f"edgecare-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    server = redis.Redis.from_url(REDIS_URL)
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_the_outcome_report_is_kept_in_redis_and_reused(redis_cache, signed_in, world):
    server, prefix = redis_cache
    client = signed_in(world.team_manager)
    first = client.get(reverse("managers:outcomes"), PERIOD)
    assert first.status_code == 200
    assert any(server.scan_iter(f"{prefix}:*"))
    CaseFactory(team=world.team, referral_date=days_ago(3))
    again = client.get(reverse("managers:outcomes"), PERIOD)
    assert again.context["report"].referrals == first.context["report"].referrals


def test_readiness_checks_the_redis_cache(redis_cache):
    with override_settings(ALLOWED_HOSTS=["edgecare.fernbridge.example"]):
        response = Client().get("/readyz", HTTP_HOST="10.0.1.5")
    assert response.status_code == 200
