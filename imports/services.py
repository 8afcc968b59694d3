"""The import: a file checked (the dry run), then written all or nothing.

The page and `manage.py import_cases` both call `import_file`: one code path. A dry run
writes no family, person or case, only its line in the import history. The import itself
runs the same check again and writes everything in one transaction, or nothing: a problem
anywhere in the file and not one row is kept. Records are written with `bulk_create` (the
families services write one record at a time, too slowly for thousands) after the checks
those services make (imports/checking.py), each with its history row saying "Imported".
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from edgecare.access import record_access_by
from edgecare.models import AccessLog, Team, User
from families.models import Allocation, Case, Family, Person
from imports.checking import Checked, check_table
from imports.models import CaseImport
from imports.reading import FileProblem, read_table

log = logging.getLogger("edgecare.imports")

# What each record's history says about how it came to be.
IMPORTED = "Imported from the previous system"
ALLOCATION_REASON = "Lead professional in the previous system (imported)"
BATCH = 1000
# An import must follow a dry run of the very same file, by the same person, within this.
CHECK_VALID_FOR = datetime.timedelta(hours=24)
NOT_CHECKED = (
    "Check this file first (the dry run), then import it: the file chosen is not one you "
    "checked in the last 24 hours, or it has changed since."
)


@dataclass
class ImportResult:
    record: CaseImport
    checked: Checked | None = None
    file_problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.file_problem and self.checked is not None and self.checked.ok


def file_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _dry_run_of(*, by: User, content: bytes) -> CaseImport | None:
    """The latest dry run of this very file by `by` that found it ready, if recent."""
    return (
        CaseImport.objects.filter(
            organisation=by.organisation,
            by=by,
            file_sha256=file_digest(content),
            status=CaseImport.Status.CHECKED,
            at__gte=timezone.now() - CHECK_VALID_FOR,
        )
        .order_by("-at", "-pk")
        .first()
    )


def import_file(
    *,
    by: User,
    file_name: str,
    content: bytes,
    default_team: Team | None,
    dry_run: bool,
    max_rows: int | None,
    via: str = "page",
    ip_address: str | None = None,
    require_checked: bool = False,
) -> ImportResult:
    """Check the file (dry_run) or import it. Never raises for bad input: a file problem or
    row problems come back in the result, and the history records the attempt."""
    record = CaseImport(
        organisation=by.organisation,
        by=by,
        file_name=(file_name or "file")[:200],
        file_sha256=file_digest(content),
        default_team=default_team,
        via=via,
        status=CaseImport.Status.REFUSED,
    )
    try:
        table = read_table(content, max_rows=max_rows)
    except FileProblem as problem:
        record.problems = 1
        record.save()
        _log_access(by, record, ip_address)
        return ImportResult(record=record, file_problem=str(problem))
    earlier = None if dry_run else _dry_run_of(by=by, content=content)
    checked = check_table(
        user=by, table=table, default_team=default_team, duplicates=earlier is None
    )
    _count(record, checked)
    if earlier is not None:
        record.possible_duplicates = earlier.possible_duplicates
    if not dry_run and require_checked and earlier is None:
        record.save()
        _log_access(by, record, ip_address)
        return ImportResult(record=record, checked=checked, file_problem=NOT_CHECKED)
    if not checked.ok or dry_run:
        record.status = CaseImport.Status.CHECKED if checked.ok else CaseImport.Status.REFUSED
        record.save()
        _log_access(by, record, ip_address)
        return ImportResult(record=record, checked=checked)
    with transaction.atomic():
        _write(checked, by=by)
        record.status = CaseImport.Status.IMPORTED
        record.save()
        _log_access(by, record, ip_address)
    log.info(
        "import done import=%s by=%s families=%s people=%s cases=%s",
        record.pk,
        by.pk,
        record.families,
        record.people,
        record.cases,
    )
    return ImportResult(record=record, checked=checked)


def _count(record: CaseImport, checked: Checked) -> None:
    record.rows = checked.rows
    record.families = len(checked.families)
    record.people = checked.people_count
    record.cases = checked.cases_count
    record.problems = len(checked.problems)
    record.possible_duplicates = checked.possible_duplicates_count


def _log_access(by: User, record: CaseImport, ip_address: str | None) -> None:
    record_access_by(
        by,
        action=AccessLog.Action.IMPORT
        if record.status == CaseImport.Status.IMPORTED
        else AccessLog.Action.VIEW,
        record_type=AccessLog.RecordType.CASE_IMPORT,
        record_id=record.pk,
        ip_address=ip_address,
    )


def _write(checked: Checked, *, by: User) -> None:
    """Every family, person, case and allocation of a checked file, in bulk, with history."""
    history = {"default_user": by, "default_change_reason": IMPORTED, "batch_size": BATCH}
    families = [planned.family for planned in checked.families]
    bulk_create_with_history(families, Family, **history)
    people: list[Person] = []
    for planned in checked.families:
        for _row, person in planned.people:
            person.family_id = planned.family.pk
            people.append(person)
    bulk_create_with_history(people, Person, **history)
    planned_cases = [planned for planned in checked.families if planned.case is not None]
    cases = []
    for planned in planned_cases:
        assert planned.case is not None
        planned.case.case.family_id = planned.family.pk
        cases.append(planned.case.case)
    bulk_create_with_history(cases, Case, **history)
    through = Case.young_people.through
    links = []
    allocations = []
    for planned in planned_cases:
        assert planned.case is not None
        case = planned.case.case
        links += [
            through(case_id=case.pk, person_id=person.pk)
            for _row, person in planned.people
            if person.is_focus
        ]
        if planned.case.lead_professional is not None:
            allocations.append(
                Allocation(
                    case=case,
                    worker=planned.case.lead_professional,
                    allocated_by=by,
                    started_at=_start_of(planned.case.allocated_on or case.referral_date),
                    reason=ALLOCATION_REASON,
                )
            )
    through.objects.bulk_create(links, batch_size=BATCH)
    bulk_create_with_history(allocations, Allocation, **history)
    for planned in planned_cases:
        assert planned.case is not None
        _move_to_stage(planned.case.case, planned.case.stage, by=by)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _move_to_stage(case: Case, stage: str, *, by: User) -> None:
    """A case already under way in the previous system reaches its stage through the
    lifecycle's own transitions, as every status change does."""
    if stage == Case.Status.REFERRED:
        return
    case._change_reason = IMPORTED
    if (
        stage in (Case.Status.ASSESSMENT, Case.Status.ACTIVE)
        and case.status == Case.Status.REFERRED
    ):
        if stage == Case.Status.ASSESSMENT:
            case.start_assessment(by=by)
        else:
            case.start_support(by=by)
