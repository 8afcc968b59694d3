"""Signing in and out, throttling of failed attempts, and session expiry."""

import time

import pytest
from django.urls import reverse

from edgecare.middleware import SESSION_STARTED_KEY
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_every_page_requires_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_sign_in_page_is_served_with_the_service_name(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert b"Edge of Care case records" in response.content
    assert b"govuk-crown" not in response.content.lower()


def test_worker_signs_in_and_lands_on_their_cases(client, world):
    response = attempt(client, "kw", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_gets_a_clear_message(client, world):
    response = attempt(client, "kw", "not-the-password")
    assert response.status_code == 200
    assert b"enter a correct username and password" in response.content.lower()


def test_sign_out_ends_the_session(client, world):
    attempt(client, "kw", TEST_PASSWORD)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_five_failed_attempts_lock_that_username_from_that_address(client, world):
    for _ in range(5):
        attempt(client, "kw", "wrong-guess")
    locked = attempt(client, "kw", TEST_PASSWORD)
    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content


def test_a_colleague_in_the_same_office_is_not_locked_out(client, world):
    for _ in range(5):
        attempt(client, "kw", "wrong-guess")
    response = attempt(client, "colleague", TEST_PASSWORD)
    assert response.status_code == 302


def test_the_same_username_from_another_address_is_not_locked_out(client, world):
    for _ in range(5):
        attempt(client, "kw", "wrong-guess", ip="203.0.113.7")
    response = attempt(client, "kw", TEST_PASSWORD, ip="198.51.100.4")
    assert response.status_code == 302


def test_session_expires_after_the_absolute_limit_however_active(client, world, settings):
    attempt(client, "kw", TEST_PASSWORD)
    client.get(reverse("home"))
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert "expired=1" in response["Location"]
    assert client.get(reverse("home")).status_code == 302


def test_idle_sessions_expire(settings):
    # Renewed by signed-in requests at most once a minute as deployed
    # (tests/foundation/test_light_floor.py: the sign-out after the idle time, the renewal).
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_inactive_staff_cannot_sign_in(client, db):
    UserFactory(username="leaver", is_active=False)
    response = attempt(client, "leaver", TEST_PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
