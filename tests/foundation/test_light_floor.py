"""A signed-in request that changes nothing writes nothing and looks nothing up twice (issue 20):
the idle timeout is renewed at most once a minute, and the two-factor device lookups are
remembered in the session until one of the user's devices changes. The idle sign-out, the
timeout warning and the two-factor checks behave as before."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from edgecare.sessions import SessionStore
from edgecare.two_factor import TWO_FACTOR_MEMO_KEY

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 11, 23, 10, 0, 0, tzinfo=datetime.UTC)
NO_SUCH_PAGE = "/no-such-page-here/"


@pytest.fixture
def clock(settings):
    settings.SESSION_RENEW_SECONDS = 60  # as deployed (the test run's default is longer)
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


def session_expiry():
    return Session.objects.get().expire_date


def seconds_left_on(response) -> int:
    return int(re.search(r'data-seconds-left="(\d+)"', response.content.decode()).group(1))


def test_a_signed_in_request_that_changes_nothing_does_not_write_the_session(
    world, signed_in, clock
):
    client = signed_in(world.key_worker)
    client.get(reverse("home"))
    expiry = session_expiry()
    clock.shift(datetime.timedelta(seconds=30))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(NO_SUCH_PAGE).status_code == 404
    assert not [q for q in ctx.captured_queries if "UPDATE" in q["sql"]]
    assert session_expiry() == expiry


def test_the_signed_in_floor_reads_only_the_session_and_the_user(world, signed_in, clock):
    client = signed_in(world.team_manager)  # verified with an authenticator
    client.get(reverse("home"))
    clock.shift(datetime.timedelta(seconds=5))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(NO_SUCH_PAGE).status_code == 404
    tables = [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in ctx.captured_queries]
    assert tables == ["django_session", "edgecare_user"]


def test_the_idle_timeout_is_renewed_by_a_request_a_minute_after_the_last_renewal(
    world, signed_in, clock
):
    client = signed_in(world.key_worker)
    client.get(reverse("home"))
    first = session_expiry()
    clock.shift(datetime.timedelta(seconds=settings.SESSION_RENEW_SECONDS + 1))
    client.get(NO_SUCH_PAGE)
    assert session_expiry() == timezone.now() + datetime.timedelta(
        seconds=settings.SESSION_COOKIE_AGE
    )
    assert session_expiry() > first


def test_an_idle_session_still_ends_after_the_idle_timeout(world, signed_in, clock):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    client = signed_in(world.key_worker)
    client.get(reverse("home"))
    clock.shift(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL_PATH)


def test_a_session_kept_busy_never_ends_while_the_worker_keeps_working(world, signed_in, clock):
    client = signed_in(world.key_worker)
    for _ in range(4):  # two hours of a page every 29 minutes
        assert client.get(reverse("home")).status_code == 200
        clock.shift(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
    assert client.get(reverse("home")).status_code == 200


def test_the_timeout_warning_counts_from_the_last_renewal_not_from_the_page(
    world, signed_in, clock
):
    client = signed_in(world.key_worker)
    assert seconds_left_on(client.get(reverse("home"))) == settings.SESSION_COOKIE_AGE
    clock.shift(datetime.timedelta(seconds=40))  # within the minute: no renewal
    assert seconds_left_on(client.get(reverse("home"))) == settings.SESSION_COOKIE_AGE - 40
    server_left = (session_expiry() - timezone.now()).total_seconds()
    assert server_left == settings.SESSION_COOKIE_AGE - 40


def test_a_removed_authenticator_is_noticed_on_the_next_request(world, signed_in, clock):
    client = signed_in(world.team_manager)
    assert client.get(reverse("home")).status_code == 200
    assert TWO_FACTOR_MEMO_KEY in client.session
    TOTPDevice.objects.filter(user=world.team_manager).delete()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_an_unconfirmed_authenticator_no_longer_verifies_the_session(world, signed_in, clock):
    client = signed_in(world.team_manager)
    assert client.get(reverse("home")).status_code == 200
    device = TOTPDevice.objects.get(user=world.team_manager)
    device.confirmed = False
    device.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_a_worker_who_adds_an_authenticator_elsewhere_is_asked_for_it_here(world, client, clock):
    client.force_login(world.key_worker, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("home")).status_code == 200  # no device: nothing owed
    TOTPDevice.objects.create(user=world.key_worker, name="Phone", confirmed=True)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_new_backup_codes_change_the_users_two_factor_version(world, clock):
    before = type(world.key_worker).objects.get(pk=world.key_worker.pk).two_factor_version
    StaticDevice.objects.create(user=world.key_worker, name="Backup codes", confirmed=True)
    after = type(world.key_worker).objects.get(pk=world.key_worker.pk).two_factor_version
    assert after > before


def test_a_session_reads_back_until_its_expiry_and_not_a_second_after(clock):
    # edgecare.sessions reads the row with its own statement: the same rule as Django's read.
    store = SessionStore()
    store["note"] = "kept"
    store.set_expiry(60)
    store.save()
    clock.shift(datetime.timedelta(seconds=59))
    assert SessionStore(store.session_key).load()["note"] == "kept"
    clock.shift(datetime.timedelta(seconds=2))
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new one is made if anything is saved


def test_an_unknown_session_key_signs_nobody_in(world, client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL_PATH)
