"""Who sees which case: each role allowed and refused, by queryset and by object rule."""

import pytest
from django.utils import timezone

from families.selectors import cases_for_user

pytestmark = pytest.mark.django_db

# role -> the cases (by World attribute) that role must see; every other case is refused.
EXPECTED_SCOPE = {
    "key_worker": {"case"},
    "team_manager": {"case"},
    "service_manager": {"case", "other_team_case"},
    "administrator": set(),
    "other_team_worker": {"other_team_case"},
    "other_service_manager": {"other_service_case"},
    "other_org_worker": {"other_org_case"},
}
ALL_CASES = {"case", "other_team_case", "other_service_case", "other_org_case"}


@pytest.mark.parametrize("role", sorted(EXPECTED_SCOPE))
def test_each_role_sees_exactly_the_cases_in_its_scope(world, role):
    user = world.users_by_role()[role]
    visible = set(cases_for_user(user).values_list("pk", flat=True))
    expected = {getattr(world, name).pk for name in EXPECTED_SCOPE[role]}
    assert visible == expected


@pytest.mark.parametrize("role", sorted(EXPECTED_SCOPE))
@pytest.mark.parametrize("case_name", sorted(ALL_CASES))
def test_object_rule_agrees_with_the_queryset_scope(world, role, case_name):
    user = world.users_by_role()[role]
    case = getattr(world, case_name)
    assert user.has_perm("families.view_case", case) is (case_name in EXPECTED_SCOPE[role])


def test_key_worker_can_change_an_open_case_of_their_team(world):
    assert world.key_worker.has_perm("families.change_case", world.case)


def test_nobody_can_change_a_closed_case(world):
    world.case.status = "closed"
    world.case.save()
    assert not world.key_worker.has_perm("families.change_case", world.case)
    assert not world.team_manager.has_perm("families.change_case", world.case)


def test_only_managers_of_the_case_can_manage_it(world):
    assert world.team_manager.has_perm("families.manage_case", world.case)
    assert world.service_manager.has_perm("families.manage_case", world.case)
    assert not world.key_worker.has_perm("families.manage_case", world.case)
    assert not world.other_team_manager.has_perm("families.manage_case", world.case)
    assert not world.other_service_manager.has_perm("families.manage_case", world.case)


def test_inactive_staff_see_nothing(world):
    world.key_worker.is_active = False
    world.key_worker.save()
    assert not cases_for_user(world.key_worker).exists()
    assert not world.key_worker.has_perm("families.view_case", world.case)


def test_staff_without_an_organisation_see_nothing(world):
    world.key_worker.organisation = None
    world.key_worker.save()
    assert not cases_for_user(world.key_worker).exists()


def test_practitioners_keep_a_familys_details_up_to_date_until_it_is_archived(world):
    family = world.case.family
    for practitioner in (world.key_worker, world.team_manager, world.service_manager):
        assert practitioner.has_perm("families.change_family", family)
    assert not world.administrator.has_perm("families.change_family", family)
    family.archived_at = timezone.now()
    family.save()
    assert not world.key_worker.has_perm("families.change_family", family)
    assert not world.team_manager.has_perm("families.change_family", family)
