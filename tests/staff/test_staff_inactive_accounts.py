"""Leavers nobody told us about: accounts unused for INACTIVE_ACCOUNT_DAYS are deactivated."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from edgecare.models import User
from staff.services import deactivate_inactive_accounts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def aged(user: User, *, last_login_days=None, joined_days=200) -> User:
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(
        last_login=None if last_login_days is None else now - timedelta(days=last_login_days),
        date_joined=now - timedelta(days=joined_days),
    )
    user.refresh_from_db()
    return user


def test_accounts_unused_for_the_set_days_are_deactivated_and_others_kept(world, settings):
    settings.INACTIVE_ACCOUNT_DAYS = 90
    gone = aged(UserFactory(team=world.team), last_login_days=91)
    never = aged(UserFactory(team=world.team), last_login_days=None, joined_days=120)
    recent = aged(UserFactory(team=world.team), last_login_days=10)
    new = aged(UserFactory(team=world.team), last_login_days=None, joined_days=5)
    deactivated = deactivate_inactive_accounts()
    assert {m.pk for m in deactivated} == {gone.pk, never.pk}
    for member in (gone, never, recent, new):
        member.refresh_from_db()
    assert not gone.is_active
    assert gone.deactivated_unused_at is not None
    assert gone.history.first().history_change_reason == "Deactivated: not used for 90 days"
    assert not never.is_active
    assert recent.is_active
    assert new.is_active


def test_break_glass_accounts_are_never_deactivated_as_unused(world, settings):
    settings.BREAK_GLASS_USERNAMES = [world.administrator.username]
    aged(world.administrator, last_login_days=400)
    deactivate_inactive_accounts()
    world.administrator.refresh_from_db()
    assert world.administrator.is_active


def test_the_command_deactivates_and_names_only_identifiers(world):
    gone = aged(UserFactory(team=world.team, first_name="Quillon"), last_login_days=100)
    out = StringIO()
    call_command("deactivate_inactive_accounts", stdout=out)
    assert f"deactivated user={gone.pk}" in out.getvalue()
    assert "Quillon" not in out.getvalue()


def test_the_staff_list_shows_last_sign_in_how_and_who_was_deactivated_as_unused(world, signed_in):
    gone = aged(UserFactory(team=world.team, first_name="Quillon"), last_login_days=100)
    deactivate_inactive_accounts()
    User.objects.filter(pk=world.key_worker.pk).update(
        last_login=timezone.now(), last_sign_in_method=User.SignInMethod.PROVIDER
    )
    page = signed_in(world.administrator).get(reverse("staff:list")).content.decode()
    assert "Deactivated as unused" in page
    assert f'href="{reverse("staff:detail", args=[gone.pk])}"' in page
    assert "Council account" in page
    assert "Never" in page


def test_reactivating_clears_the_unused_mark(world, signed_in):
    gone = aged(UserFactory(team=world.team), last_login_days=100)
    deactivate_inactive_accounts()
    signed_in(world.administrator).post(reverse("staff:reactivate", args=[gone.pk]))
    gone.refresh_from_db()
    assert gone.is_active
    assert gone.deactivated_unused_at is None


def test_with_password_sign_in_off_a_new_member_gets_no_set_up_link(
    world, signed_in, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.PASSWORD_SIGN_IN = False
    settings.OIDC_PROVIDER_NAME = "your Fernbridge account"
    client = signed_in(world.administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:add"),
            {
                "first_name": "Priya",
                "last_name": "Okafor",
                "username": "pokafor",
                "email": "priya.okafor@fernbridge.example",
                "job_title": "Family support worker",
                "phone": "",
                "role": User.Role.KEY_WORKER,
                "team": world.team.pk,
                "service": "",
            },
            follow=True,
        )
    assert "They sign in with your Fernbridge account" in response.content.decode()
    assert mail.outbox == []
