"""The probes a load balancer and an orchestrator send, under production settings."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

PRODUCTION = {
    "ALLOWED_HOSTS": ["edgecare.fernbridge.example"],
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
}


@pytest.fixture
def probe():
    with override_settings(**PRODUCTION):
        yield Client()


@pytest.mark.parametrize("path", ["/livez", "/readyz", "/healthz"])
@pytest.mark.django_db
def test_a_probe_to_the_instances_address_over_plain_http_is_answered(probe, path):
    response = probe.get(path, HTTP_HOST="10.0.1.5:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response
    assert response.cookies == {}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_an_ipv6_host_is_answered_too(probe):
    assert probe.get("/readyz", HTTP_HOST="[fd00::5]:8000").status_code == 200


def test_liveness_does_not_touch_the_database(probe):
    # No django_db mark: any query here would fail the test.
    assert probe.get("/livez", HTTP_HOST="10.0.1.5").status_code == 200


@pytest.mark.django_db
def test_readiness_says_which_dependency_is_down(probe, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    response = probe.get("/readyz", HTTP_HOST="10.0.1.5")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["cache"]}
    # Liveness is unaffected: an outage must not restart every instance.
    assert probe.get("/livez", HTTP_HOST="10.0.1.5").status_code == 200


@pytest.mark.parametrize("host", ["attacker.example", "evil.example:80", "bad host<script>"])
@pytest.mark.django_db
def test_a_probe_with_a_hostile_host_is_refused(probe, host):
    response = probe.get("/readyz", HTTP_HOST=host)
    assert response.status_code == 400
    assert b"attacker" not in response.content
    assert b"<script>" not in response.content


@pytest.mark.django_db
def test_other_pages_still_redirect_to_https_and_validate_the_host(probe):
    assert probe.get("/accounts/login/", HTTP_HOST="edgecare.fernbridge.example").status_code == 301
    assert probe.get("/accounts/login/", HTTP_HOST="10.0.1.5").status_code == 400


@pytest.mark.django_db
def test_a_probe_answers_only_get_and_head(probe):
    assert probe.head("/livez", HTTP_HOST="10.0.1.5").status_code == 200
    posted = probe.post("/livez", HTTP_HOST="edgecare.fernbridge.example", secure=True)
    assert posted.status_code == 405
