"""The demo sign-ins as a table (name, sign-in, role, team, service, what to try), read from the
demo data in the database, so the table printed before the server starts cannot drift from what
the accounts can really do.

"What to try" is worked out from each account's own scope (families.selectors.cases_for_user):
whether it can open one of the first key worker's cases, how many cases it leads, how many
records wait for its sign-off.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.models import Assessment
from edgecare.models import User
from families.models import Case
from families.selectors import cases_for_user
from reviews.models import Closure


@dataclass(frozen=True)
class DemoAccount:
    name: str
    username: str
    role: str
    team: str
    service: str
    try_this: str


COLUMNS = (
    ("name", "Name"),
    ("username", "Sign-in"),
    ("role", "Role"),
    ("team", "Team"),
    ("service", "Service"),
    ("try_this", "What to try"),
)


def _awaiting_sign_off(user: User) -> int:
    cases = cases_for_user(user).open()
    return (
        Assessment.objects.filter(case__in=cases, status=Assessment.Status.SUBMITTED).count()
        + Closure.objects.filter(case__in=cases, status=Closure.Status.SUBMITTED).count()
    )


def _try_this(user: User, *, showcase: User, showcase_case: Case | None) -> str:
    role = user.role
    if role == User.Role.ADMINISTRATOR:
        return "adds, changes and deactivates staff (Staff); opens no case record"
    sees_showcase = (
        showcase_case is not None and cases_for_user(user).filter(pk=showcase_case.pk).exists()
    )
    if role == User.Role.KEY_WORKER:
        leads = cases_for_user(user).open().filter(lead_professional=user).count()
        if user.pk == showcase.pk:
            return (
                f"leads {leads} open cases: open one from My cases, read its task list, record "
                "a contact, print the family plan"
            )
        if not sees_showcase and showcase_case is not None:
            return (
                f"a worker of another team: open {showcase.first_name}'s case "
                f"{showcase_case.reference} ({showcase_case.get_absolute_url()}) and get "
                "'Page not found'"
            )
        return f"leads {leads} open cases, and can work on {showcase.first_name}'s team's cases"
    waiting = _awaiting_sign_off(user)
    if role == User.Role.TEAM_MANAGER:
        where = "" if sees_showcase else f" (not {showcase.first_name}'s team)"
        if not waiting:
            return f"manages the team{where}: Caseloads, Needs attention, allocation"
        return (
            f"manages the team{where}: Caseloads, and {waiting} record"
            f"{'' if waiting == 1 else 's'} waiting for sign-off (check answers, then sign off)"
        )
    if role == User.Role.SERVICE_MANAGER:
        return "sees every team of the service: Caseloads and Service outcomes (chart, CSV, PDF)"
    return "sees the cases its role allows"


def demo_accounts() -> list[DemoAccount]:
    """Every active demo account, in the order the demo data made them (oldest first)."""
    users = list(
        User.objects.filter(is_active=True, organisation__isnull=False)
        .select_related("team__service", "service")
        .order_by("pk")
    )
    key_workers = [u for u in users if u.role == User.Role.KEY_WORKER]
    if not key_workers:
        return []
    showcase = key_workers[0]
    showcase_case = (
        Case.objects.open().filter(lead_professional=showcase).order_by("referral_date").first()
    )
    accounts = []
    for user in users:
        service = user.service or (user.team.service if user.team else None)
        accounts.append(
            DemoAccount(
                name=user.get_full_name(),
                username=user.username,
                role=user.get_role_display(),
                team=str(user.team) if user.team else "",
                service=str(service) if service else "",
                try_this=_try_this(user, showcase=showcase, showcase_case=showcase_case),
            )
        )
    return accounts


def accounts_table(accounts: list[DemoAccount]) -> str:
    """A plain-text table for a terminal: a header, a rule, one line per account."""
    rows = [[label for _, label in COLUMNS]]
    rows += [[getattr(a, attr) or "-" for attr, _ in COLUMNS] for a in accounts]
    # The last column is as long as it needs to be; the others are padded to line up.
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]

    def line(row: list[str]) -> str:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        return "  ".join([*cells, row[-1]]).rstrip()

    rule = "  ".join(["-" * w for w in widths] + ["-" * len(COLUMNS[-1][1])])
    return "\n".join([line(rows[0]), rule, *[line(row) for row in rows[1:]]])
