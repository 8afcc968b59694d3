"""How long the import takes: 5,000 fictional families with 15,000 people (one open case each).

    DATABASE_URL=sqlite:////tmp/import_speed.sqlite3 python scripts/bench/import_speed.py

Makes a fresh database at DATABASE_URL (migrated; it must be a throwaway one), a fictional
organisation with a team and its manager, writes the file in the template's layout, then times
`manage.py import_cases` on it: the dry run, then the import. Prints the times and the load
average. Not a test: the figure goes in the report (docs/integration.md)."""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edgecare.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from edgecare.models import Organisation, Service, Team, User  # noqa: E402
from families.models import Case, Family, Person  # noqa: E402
from imports.columns import NAMES  # noqa: E402

FAMILIES = int(os.environ.get("IMPORT_FAMILIES", "5000"))


def write_file(path: Path, team: str, lead: str) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=NAMES)
        writer.writeheader()
        for i in range(FAMILIES):
            family = {"family_id": f"BENCH-F{i}", "family_name": f"Benchfamily{i}"}
            writer.writerow(
                family
                | {
                    "postcode": "FB1 1AA",
                    "person_id": f"BENCH-P{i}-1",
                    "first_name": "Fictional",
                    "last_name": f"Benchfamily{i}",
                    "date_of_birth": f"20{10 + i % 6}-0{1 + i % 9}-1{i % 10}",
                    "role": "Young person",
                    "case_id": f"BENCH-C{i}",
                    "referral_date": "2026-09-01",
                    "referral_source": "School or college",
                    "presenting_concerns": "Fictional benchmark referral.",
                    "team": team,
                    "lead_professional": lead,
                }
            )
            writer.writerow(
                family
                | {
                    "person_id": f"BENCH-P{i}-2",
                    "first_name": "Invented",
                    "last_name": f"Benchfamily{i}",
                    "date_of_birth": "1984-05-05",
                    "role": "Mother",
                }
            )
            writer.writerow(
                family
                | {
                    "person_id": f"BENCH-P{i}-3",
                    "first_name": "Madeup",
                    "last_name": f"Benchfamily{i}",
                    "date_of_birth": "2016-07-07",
                    "role": "Brother or sister",
                    "focus": "No",
                }
            )


def main() -> None:
    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(name=f"Fernbridge Borough Council (benchmark {time.time()})")
    service = Service.objects.create(
        organisation=org, name="Edge of care", intervention_model="ifps"
    )
    team = Team.objects.create(service=service, name="Bench team")
    manager = User.objects.create(
        username=f"bench-manager-{org.pk}",
        organisation=org,
        team=team,
        role=User.Role.TEAM_MANAGER,
        email=f"bench-manager-{org.pk}@fernbridge.example",
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "import.csv"
        write_file(path, team.name, manager.username)
        print(f"file: {FAMILIES} families, {FAMILIES * 3} people, {path.stat().st_size:,} bytes")
        for dry_run in (True, False):
            started = time.perf_counter()
            call_command("import_cases", str(path), by=manager.username, dry_run=dry_run)
            took = time.perf_counter() - started
            print(f"{'dry run' if dry_run else 'import '}: {took:.1f} s")
    print(
        "written:",
        Family.objects.filter(organisation=org).count(),
        "families,",
        Person.objects.filter(family__organisation=org).count(),
        "people,",
        Case.objects.filter(family__organisation=org).count(),
        "cases",
    )
    print("load average (1, 5, 15 min):", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
