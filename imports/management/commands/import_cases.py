"""manage.py import_cases FILE --by USERNAME [--team NAME] [--dry-run]

The page's import for large files, by the same code path (imports.services.import_file) and
with no row limit: checked first, then written all or nothing, in the import history and the
access log under the named member of staff, who must be a manager or an administrator."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edgecare.models import User
from imports.checking import importable_teams
from imports.services import import_file

SHOWN_PROBLEMS = 50


class Command(BaseCommand):
    help = "Import families, people and open cases from the previous system's CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV (UTF-8) or .xlsx file, laid out as the template.")
        parser.add_argument(
            "--by", required=True, help="The user name of the manager or administrator importing."
        )
        parser.add_argument("--team", default="", help="The team for rows that name none.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file only: nothing is written."
        )

    def handle(self, *args, **options):
        by = User.objects.filter(username=options["by"], is_active=True).first()
        if by is None or not by.has_perm("imports.import_cases"):
            raise CommandError(
                f"{options['by']!r} is not an active manager or administrator who may import."
            )
        team = None
        if options["team"]:
            teams = list(importable_teams(by).filter(name__iexact=options["team"]))
            if len(teams) != 1:
                raise CommandError(
                    f"There is no single team called {options['team']!r} among the teams "
                    f"{by.username} may import into."
                )
            team = teams[0]
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"The file cannot be read: {error.strerror}.") from None
        result = import_file(
            by=by,
            file_name=path.name,
            content=content,
            default_team=team,
            dry_run=options["dry_run"],
            max_rows=None,
            via="command",
        )
        record = result.record
        if result.file_problem:
            raise CommandError(result.file_problem)
        checked = result.checked
        assert checked is not None
        for problem in checked.problems[:SHOWN_PROBLEMS]:
            self.stdout.write(f"row {problem.row}, {problem.column}: {problem.message}")
        if len(checked.problems) > SHOWN_PROBLEMS:
            self.stdout.write(f"... and {len(checked.problems) - SHOWN_PROBLEMS} more problems")
        for cell in checked.formula_cells[:SHOWN_PROBLEMS]:
            self.stdout.write(f"row {cell.row}, {cell.column}: a formula, kept as text")
        summary = (
            f"{record.rows} rows: {record.families} families, {record.people} people, "
            f"{record.cases} cases; {record.possible_duplicates} families may already be "
            f"recorded; {record.problems} problems (import {record.pk})."
        )
        if not checked.ok:
            raise CommandError(f"Nothing was imported. {summary}")
        verb = "Checked, nothing written" if options["dry_run"] else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {summary}"))
