"""Every permission comes from edgecare/rules.py. Django's model permissions, which a
superuser could assign by hand in the admin, grant nothing: the rules' scope cannot be
stepped round, and a refused check costs no query."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edgecare.models import User
from tests.factories import UserFactory


def by_hand(user: User, app_label: str, codename: str) -> User:
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return User.objects.get(pk=user.pk)  # a fresh object: no permission cache


def test_a_model_permission_assigned_by_hand_opens_nothing_the_rules_refuse(world, signed_in):
    # An administrator does not take referrals (rules: practitioners only).
    administrator = by_hand(world.administrator, "families", "add_case")
    assert not administrator.has_perm("families.add_case")
    response = signed_in(administrator).get(reverse("families:referral_start"))
    assert response.status_code in (403, 404)


def test_a_refused_permission_check_asks_the_database_nothing(world):
    administrator = User.objects.get(pk=world.administrator.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert not administrator.has_perm("families.add_case")
        assert not administrator.has_perm("edgecare.view_caseloads")
        assert not administrator.has_module_perms("families")
    assert ctx.captured_queries == []


def test_what_the_rules_grant_is_still_granted(world):
    assert world.key_worker.has_perm("families.add_case")
    assert world.team_manager.has_perm("edgecare.view_caseloads")


def test_the_platforms_superusers_keep_every_permission(db):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert superuser.has_perm("families.add_case")
    assert superuser.has_module_perms("families")
