"""The demo data set (seed_demo): it builds once and is fictional; the sign-ins printed before the
demo starts are worked out from it, so each account's team, service and what to try with it are
what the account really has; it gives the managers' pages something to say.

Every test that reads the shared demo (the `demo` fixture, tests/conftest.py) lives in this
folder, and the suite's workers take the folder as one piece of work, so a run builds the demo
once, not once per module that reads it.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from casefile.demo_accounts import accounts_table, demo_accounts
from edgecare.demo import STAFF
from edgecare.models import Organisation, User
from families.selectors import cases_for_user
from managers.models import CostAssumptions, Notification


def test_demo_data_builds_once_and_prints_every_login(demo, capsys):
    assert "Demo data created." in demo.output
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "Demo data already present; nothing changed." in out
    assert Organisation.objects.count() == 1
    assert "(fictional)" in Organisation.objects.get().name
    for user in User.objects.all():
        assert user.username in out
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"key_worker", "team_manager", "service_manager", "administrator"}


def test_every_demo_account_is_listed_with_its_role_team_and_service(demo):
    accounts = {a.username: a for a in demo_accounts()}
    assert set(accounts) == {username for username, *_ in STAFF}
    amara = accounts["amara.kw"]
    assert (amara.role, amara.team, amara.service) == (
        "Key worker",
        "Edge of Care North",
        "Intensive Family Support",
    )
    assert accounts["kofi.sm"].team == ""
    assert accounts["kofi.sm"].service == "Intensive Family Support"


def test_a_worker_of_another_team_is_told_to_try_a_case_they_cannot_open(demo):
    from families.models import Case

    dev = next(a for a in demo_accounts() if a.username == "dev.kw")
    assert "Page not found" in dev.try_this
    case_pk = int(re.search(r"\((/[^)]*?(\d+)/)\)", dev.try_this).group(2))
    case = Case.objects.get(pk=case_pk)
    assert case.reference in dev.try_this
    assert not cases_for_user(User.objects.get(username="dev.kw")).filter(pk=case.pk).exists()


def test_the_table_has_a_header_and_one_line_per_account(demo):
    table = accounts_table(demo_accounts()).splitlines()
    assert table[0].split() == ["Name", "Sign-in", "Role", "Team", "Service", "What", "to", "try"]
    assert len(table) == 2 + len(STAFF)
    assert any(line.startswith("Amara Osei") and "amara.kw" in line for line in table)


def test_the_demo_has_cost_assumptions_closures_and_a_short_inbox(demo, signed_in):
    assert CostAssumptions.objects.get().weeks_avoided == 26
    kofi = User.objects.get(username="kofi.sm")
    report = signed_in(kofi).get(reverse("managers:outcomes")).context["report"]
    assert report.closures_signed_off >= 10
    assert 50 < report.at_home_share < 100
    assert report.distance
    assert report.cost.total > 0
    assert any(check["answered"] for check in report.follow_ups)
    for user in User.objects.all():
        assert Notification.objects.unread().filter(recipient=user).count() <= 5


@pytest.mark.django_db
def test_a_test_that_does_not_ask_for_the_demo_never_sees_it():
    # The shared demo (tests/conftest.py) is rolled back before any test that does not use it:
    # this one runs after the demo tests above.
    assert not Organisation.objects.exists()
    assert not User.objects.exists()
