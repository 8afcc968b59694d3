"""The demo sign-ins printed before the demo starts: worked out from the demo data, so each
account's team, service and what to try with it are what the account really has."""

from __future__ import annotations

import re

from casefile.demo_accounts import accounts_table, demo_accounts
from edgecare.demo import STAFF
from families.selectors import cases_for_user


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
    from edgecare.models import User
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
