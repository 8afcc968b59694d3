"""A manager's first two-factor enrolment needs a one-time code their administrator issued:
a password alone is never enough to put an authenticator on a manager's account."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.models import EnrolmentCode
from staff.services import enrolment_code_issue
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in_with_password(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client, enrolment_code: str):
    """Enter the enrolment code, then confirm the authenticator the page shows."""
    entered = client.post(reverse("two_factor_setup"), {"enrolment_code": enrolment_code})
    if entered.status_code != 302:
        return entered
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.filter(confirmed=False).latest("pk")
    return client.post(reverse("two_factor_setup"), {"code": current_code(device)})


def test_a_manager_with_only_a_password_cannot_see_the_authenticator_key(client, world):
    sign_in_with_password(client, world.team_manager)
    page = client.get(reverse("two_factor_setup"))
    assert b"enrolment code from your administrator" in page.content
    assert b"<svg" not in page.content
    assert not TOTPDevice.objects.filter(user=world.team_manager).exists()
    refused = client.post(reverse("two_factor_setup"), {"enrolment_code": "ABCD-EFGH-JKLM"})
    assert refused.status_code == 400
    assert b"That enrolment code is not right" in refused.content
    assert client.get(reverse("home")).status_code == 302  # still held at set-up


def test_the_administrators_code_lets_the_manager_enrol_once(client, world, signed_in):
    admin = signed_in(world.administrator)
    page = admin.get(reverse("staff:detail", args=[world.team_manager.pk]))
    assert b"Issue a two-factor enrolment code" in page.content
    issued = admin.post(reverse("staff:enrolment_code", args=[world.team_manager.pk]))
    assert issued.status_code == 200
    code = issued.context["code"]
    assert code.encode() in issued.content
    stored = EnrolmentCode.objects.get(user=world.team_manager)
    assert code not in stored.code_hash
    assert stored.issued_by == world.administrator
    admin.post(reverse("logout"))

    sign_in_with_password(client, world.team_manager)
    done = enrol(client, code.lower().replace("-", " "))  # typed loosely: still the code
    assert b"Two-factor sign-in is on" in done.content
    assert client.get(reverse("home")).status_code == 200
    stored.refresh_from_db()
    assert stored.used_at is not None


def test_a_used_code_is_refused(client, world):
    code = enrolment_code_issue(member=world.team_manager, by=world.administrator)
    sign_in_with_password(client, world.team_manager)
    enrol(client, code)
    # The phone is lost and its authenticator and backup codes removed: a fresh enrolment.
    TOTPDevice.objects.filter(user=world.team_manager).delete()
    StaticDevice.objects.filter(user=world.team_manager).delete()
    client.post(reverse("logout"))
    sign_in_with_password(client, world.team_manager)
    refused = client.post(reverse("two_factor_setup"), {"enrolment_code": code})
    assert refused.status_code == 400


def test_an_expired_code_is_refused(client, world):
    code = enrolment_code_issue(member=world.team_manager, by=world.administrator)
    EnrolmentCode.objects.filter(user=world.team_manager).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    sign_in_with_password(client, world.team_manager)
    refused = client.post(reverse("two_factor_setup"), {"enrolment_code": code})
    assert refused.status_code == 400


def test_a_code_that_expires_while_scanning_does_not_enrol(client, world):
    code = enrolment_code_issue(member=world.team_manager, by=world.administrator)
    sign_in_with_password(client, world.team_manager)
    client.post(reverse("two_factor_setup"), {"enrolment_code": code})
    client.get(reverse("two_factor_setup"))
    EnrolmentCode.objects.filter(user=world.team_manager).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    device = TOTPDevice.objects.get(user=world.team_manager)
    response = client.post(reverse("two_factor_setup"), {"code": current_code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.team_manager, confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 302


def test_another_managers_code_is_refused(client, world):
    code = enrolment_code_issue(member=world.service_manager, by=world.administrator)
    sign_in_with_password(client, world.team_manager)
    refused = client.post(reverse("two_factor_setup"), {"enrolment_code": code})
    assert refused.status_code == 400


def test_a_new_code_withdraws_the_earlier_one(client, world):
    first = enrolment_code_issue(member=world.team_manager, by=world.administrator)
    enrolment_code_issue(member=world.team_manager, by=world.administrator)
    sign_in_with_password(client, world.team_manager)
    refused = client.post(reverse("two_factor_setup"), {"enrolment_code": first})
    assert refused.status_code == 400


def test_deactivating_a_member_withdraws_their_code(world, signed_in):
    enrolment_code_issue(member=world.team_manager, by=world.administrator)
    signed_in(world.administrator).post(reverse("staff:deactivate", args=[world.team_manager.pk]))
    assert not EnrolmentCode.objects.outstanding().filter(user=world.team_manager).exists()


def test_nobody_issues_a_code_for_their_own_account(world, signed_in):
    client = signed_in(world.administrator)
    response = client.post(reverse("staff:enrolment_code", args=[world.administrator.pk]))
    assert response.status_code == 403
    assert not EnrolmentCode.objects.exists()


def test_only_an_administrator_issues_codes(world, signed_in):
    client = signed_in(world.service_manager)
    response = client.post(reverse("staff:enrolment_code", args=[world.team_manager.pk]))
    assert response.status_code == 403
    assert not EnrolmentCode.objects.exists()


def test_a_verified_user_replaces_their_authenticator_without_a_code(world, signed_in):
    client = signed_in(world.team_manager)
    page = client.get(reverse("two_factor_setup"))
    assert b"<svg" in page.content


def test_a_key_worker_turning_two_factor_on_needs_no_code(client, world):
    sign_in_with_password(client, world.key_worker)
    page = client.get(reverse("two_factor_setup"))
    assert b"<svg" in page.content


def test_no_code_reaches_the_logs(client, world, signed_in, caplog):
    caplog.set_level(logging.INFO)
    issued = signed_in(world.administrator).post(
        reverse("staff:enrolment_code", args=[world.team_manager.pk])
    )
    code = issued.context["code"]
    signed_in(world.administrator).post(reverse("logout"))
    sign_in_with_password(client, world.team_manager)
    enrol(client, code)
    assert "enrolment code issued" in caplog.text
    assert "enrolment code used" in caplog.text
    assert code not in caplog.text
    assert code.replace("-", "") not in caplog.text


def test_the_platform_issues_a_code_from_the_command_line(world, capsys):
    call_command("issue_enrolment_code", world.administrator.username)
    out = capsys.readouterr().out
    assert "works once, for 72 hours" in out
    assert EnrolmentCode.objects.outstanding().filter(user=world.administrator).count() == 1
