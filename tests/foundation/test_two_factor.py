"""Two-factor sign-in: required for managers and administrators, available to everyone.

The clock is frozen for every test here: a code is good for one 30-second step, and after a
wrong code django-otp refuses any code for a second, so on a busy machine a test that read the
wall clock could cross either boundary between two requests. Waiting is a shift of the frozen
clock, never a sleep.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

# Ten seconds into a 30-second step, so a shift of a few seconds stays within it.
MOMENT = datetime.datetime(2026, 11, 23, 10, 0, 10, tzinfo=datetime.UTC)
# Longer than django-otp's wait after one wrong code (1 s, doubling with each further one).
THROTTLE_WAIT = datetime.timedelta(seconds=2)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


def sign_in_with_password(client, username):
    response = client.post(
        reverse("login"), {"username": username, "password": TEST_PASSWORD}, follow=False
    )
    assert response.status_code == 302
    return response


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enter_enrolment_code(client, user):
    """A first enrolment for a role that needs two-factor sign-in starts with the one-time
    code an administrator issued (staff app)."""
    from staff.services import enrolment_code_issue

    code = enrolment_code_issue(member=user, by=None)
    response = client.post(reverse("two_factor_setup"), {"enrolment_code": code})
    assert response.status_code == 302
    return response


def test_a_manager_without_two_factor_must_set_it_up_before_seeing_anything(client, world):
    sign_in_with_password(client, "tm")
    response = client.get(reverse("families:case_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    enter_enrolment_code(client, world.team_manager)
    setup_page = client.get(reverse("two_factor_setup"))
    assert b"<svg" in setup_page.content
    assert b"Set up two-factor sign-in" in setup_page.content


def test_setting_up_two_factor_needs_a_correct_code_and_gives_backup_codes(client, world, clock):
    sign_in_with_password(client, "tm")
    enter_enrolment_code(client, world.team_manager)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=world.team_manager, confirmed=False)
    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert b"That code is not right" in wrong.content
    clock.shift(THROTTLE_WAIT)
    right = client.post(reverse("two_factor_setup"), {"code": current_code(device)})
    assert b"Two-factor sign-in is on" in right.content
    assert StaticToken.objects.filter(device__user=world.team_manager).count() == 10
    assert client.get(reverse("families:case_list")).status_code == 200


def test_a_manager_with_two_factor_enters_a_code_at_each_sign_in(client, world, clock):
    device = TOTPDevice.objects.create(user=world.team_manager, name="phone", confirmed=True)
    sign_in_with_password(client, "tm")
    held = client.get(reverse("home"))
    assert held["Location"].startswith(reverse("two_factor_verify"))
    refused = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert b"That code is not right" in refused.content
    assert client.get(reverse("home")).status_code == 302
    throttled = client.post(reverse("two_factor_verify"), {"code": current_code(device)})
    assert b"Too many wrong codes" in throttled.content
    clock.shift(THROTTLE_WAIT)
    client.post(reverse("two_factor_verify"), {"code": current_code(device)})
    assert client.get(reverse("home")).status_code == 200


def test_a_backup_code_works_once(client, world):
    sign_in_with_password(client, "tm")
    enter_enrolment_code(client, world.team_manager)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=world.team_manager)
    codes = client.post(reverse("two_factor_setup"), {"code": current_code(device)}).context[
        "codes"
    ]
    client.post(reverse("logout"))
    sign_in_with_password(client, "tm")
    client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    sign_in_with_password(client, "tm")
    client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert client.get(reverse("home")).status_code == 302


def test_a_key_worker_may_sign_in_without_two_factor(client, world):
    sign_in_with_password(client, "kw")
    assert client.get(reverse("home")).status_code == 200


def test_a_key_worker_who_turned_it_on_must_use_it(client, world):
    TOTPDevice.objects.create(user=world.key_worker, name="phone", confirmed=True)
    sign_in_with_password(client, "kw")
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))


def test_the_code_page_never_redirects_to_another_site(client, world):
    device = TOTPDevice.objects.create(user=world.team_manager, name="phone", confirmed=True)
    sign_in_with_password(client, "tm")
    response = client.post(
        reverse("two_factor_verify"),
        {"code": current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_the_browser_tests_authenticator_gives_a_fresh_code_for_a_second_sign_in(world, clock):
    # Two sign-ins within one 30-second step: the second needs the next code, as django-otp
    # rightly refuses a code that has been used.
    from tests.e2e.helpers import authenticator_for
    from tests.e2e.helpers import current_code as app_code

    device = authenticator_for(world.team_manager)
    assert device.verify_token(app_code(device))
    device.refresh_from_db()
    assert not device.verify_token(current_code(device))  # the same code again: refused
    clock.shift(THROTTLE_WAIT)
    assert device.verify_token(app_code(device))
