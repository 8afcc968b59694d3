"""The Django admin is for the platform's superusers only, and never shows a second factor's
secret or lets a log be changed."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from edgecare.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(world):
    user = UserFactory(team=None, organisation=None, role=User.Role.ADMINISTRATOR)
    User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    user.refresh_from_db()
    return user


def test_a_staff_flagged_administrator_is_refused_the_admin(world, signed_in):
    User.objects.filter(pk=world.administrator.pk).update(is_staff=True)
    world.administrator.refresh_from_db()
    client = signed_in(world.administrator)
    for url in ("/admin/", "/admin/edgecare/user/", "/admin/edgecare/accesslog/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/admin/login/" in response["Location"]


def test_the_admin_sign_in_refuses_anyone_but_a_superuser(client, world):
    from tests.factories import TEST_PASSWORD

    User.objects.filter(pk=world.administrator.pk).update(is_staff=True)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin1", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert b"platform&#x27;s superusers" in response.content


def test_a_superuser_uses_the_admin(superuser, signed_in):
    client = signed_in(superuser)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/edgecare/user/").status_code == 200


def test_the_admin_never_shows_a_totp_key_or_backup_code(superuser, world, signed_in):
    device = TOTPDevice.objects.create(user=world.team_manager, name="phone", confirmed=True)
    static = StaticDevice.objects.create(user=world.team_manager, name="Backup codes")
    StaticToken.objects.create(device=static, token="backup42x")
    client = signed_in(superuser)
    for url in (
        "/admin/otp_totp/totpdevice/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        f"/admin/otp_static/staticdevice/{static.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert device.key.encode() not in response.content
        assert b"backup42x" not in response.content
    # django-otp's own admin served the key as a QR code at these addresses: gone.
    for extra in ("config", "qrcode"):
        response = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/{extra}/", follow=True)
        assert response["Content-Type"].startswith("text/html")
        assert device.key.encode() not in response.content


@pytest.mark.parametrize(
    "model_path",
    [
        "axes/accessattempt",
        "axes/accesslog",
        "axes/accessfailurelog",
        "edgecare/accesslog",
    ],
)
def test_the_logs_are_read_only_in_the_admin(superuser, signed_in, rf, model_path):
    app_label, model_name = model_path.split("/")
    model = next(
        m
        for m in admin.site._registry
        if m._meta.app_label == app_label and m._meta.model_name == model_name
    )
    model_admin = admin.site._registry[model]
    request = rf.get("/admin/")
    request.user = superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert signed_in(superuser).get(f"/admin/{model_path}/").status_code == 200
