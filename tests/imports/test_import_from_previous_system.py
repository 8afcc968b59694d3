"""Importing families, people and open cases from the previous system's files: the dry run,
the all-or-nothing import, the history, and every kind of bad file a council may send."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from edgecare.models import AccessLog
from families.models import Allocation, Case, Family, Person
from imports import services
from imports.models import CaseImport
from tests.assertions import assert_refused_with, assert_shows
from tests.imports.helpers import HEADER, csv_bytes, family_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def upload(content: bytes, name: str = "families.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def check(client, content: bytes, name: str = "families.csv", team=None):
    data = {"file": upload(content, name)}
    if team is not None:
        data["default_team"] = team.pk
    return client.post(reverse("imports:start"), data)


def confirm(client, content: bytes, name: str = "families.csv", team=None):
    data = {"file": upload(content, name)}
    if team is not None:
        data["default_team"] = team.pk
    return client.post(reverse("imports:confirm"), data)


def written() -> tuple[int, ...]:
    return (
        Family.objects.count(),
        Person.objects.count(),
        Case.objects.count(),
        Allocation.objects.count(),
        Family.history.count(),
        Person.history.count(),
        Case.history.count(),
    )


def test_the_dry_run_shows_what_will_be_created_and_writes_nothing(world, signed_in):
    client = signed_in(world.team_manager)
    before = written()
    content = csv_bytes(family_rows(2, team=world.team.name, lead="kw"))
    response = check(client, content)
    page = assert_shows(
        response, "Ready to import", "Testfamily1 family", "Testfamily2 family", "Import the file"
    )
    assert "Row 2: Ayla Testfamily1" in page
    assert written() == before
    record = CaseImport.objects.get()
    assert (record.status, record.families, record.people, record.cases) == ("checked", 2, 6, 2)
    assert AccessLog.objects.filter(
        user=world.team_manager, record_type=AccessLog.RecordType.CASE_IMPORT, record_id=record.pk
    ).exists()


def test_the_import_after_the_dry_run_writes_every_record_with_its_previous_ids_and_history(
    world, signed_in
):
    client = signed_in(world.team_manager)
    content = xlsx_bytes(family_rows(2, team=world.team.name, lead="kw"))
    check(client, content, "families.xlsx")
    response = confirm(client, content, "families.xlsx")
    assert response.status_code == 302
    assert response.url == reverse("imports:history")
    case = Case.objects.get(external_id="C-1")
    assert case.family.external_id == "FAM-1"
    assert case.team == world.team
    assert case.status == Case.Status.REFERRED
    assert case.lead_professional == world.key_worker
    assert case.allocations.get().worker == world.key_worker
    assert [p.external_id for p in case.young_people.all()] == ["P-1-1"]
    assert sorted(case.family.members.values_list("external_id", flat=True)) == [
        "P-1-1",
        "P-1-2",
        "P-1-3",
    ]
    assert case.referral_time.strftime("%H:%M") == "09:30"
    for record in (case, case.family, case.family.members.first()):
        assert record.history.get().history_change_reason == services.IMPORTED
        assert record.history.get().history_user == world.team_manager
    imported = CaseImport.objects.get(status=CaseImport.Status.IMPORTED)
    assert AccessLog.objects.filter(
        action=AccessLog.Action.IMPORT,
        record_type=AccessLog.RecordType.CASE_IMPORT,
        record_id=imported.pk,
    ).exists()
    assert_shows(client.get(reverse("imports:history")), "families.xlsx", "Imported")


def test_the_case_audit_trail_says_the_case_was_imported(world, signed_in):
    client = signed_in(world.team_manager)
    content = csv_bytes(family_rows(1, team=world.team.name))
    check(client, content)
    confirm(client, content)
    case = Case.objects.get(external_id="C-1")
    assert_shows(
        client.get(reverse("families:case_audit", args=[case.pk])),
        "Added (Imported from the previous system)",
    )


def test_a_file_not_checked_first_is_not_imported(world, signed_in):
    client = signed_in(world.team_manager)
    before = written()
    response = confirm(client, csv_bytes(family_rows(1, team=world.team.name)))
    assert_refused_with(response, "Check this file first")
    assert written() == before


def test_a_file_changed_since_its_dry_run_is_not_imported(world, signed_in):
    client = signed_in(world.team_manager)
    check(client, csv_bytes(family_rows(1, team=world.team.name)))
    before = written()
    response = confirm(client, csv_bytes(family_rows(2, team=world.team.name)))
    assert_refused_with(response, "Check this file first")
    assert written() == before


def test_one_bad_row_means_nothing_of_the_file_is_imported(world):
    rows = family_rows(3, team=world.team.name)
    rows[7]["date_of_birth"] = "2099-01-01"
    path = _file(rows)
    before = written()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_cases", path, by="tm", stdout=io.StringIO())
    assert written() == before


def test_a_failure_while_writing_leaves_nothing_half_imported(world, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_move_to_stage", fail)
    before = written()
    with pytest.raises(RuntimeError):
        services.import_file(
            by=world.team_manager,
            file_name="f.csv",
            content=csv_bytes(family_rows(2, team=world.team.name)),
            default_team=None,
            dry_run=False,
            max_rows=None,
        )
    assert written() == before


def test_each_row_problem_names_its_row_and_column(world, signed_in):
    rows = family_rows(2, team="No Such Team")
    rows[1]["date_of_birth"] = "2099-01-01"
    rows[4]["role"] = "Cousin twice removed"
    page = assert_refused_with(check(signed_in(world.team_manager), csv_bytes(rows)))
    assert "problems to fix" in page
    assert "No Such Team" in page
    assert "among the teams you may import into" in page
    assert '<td class="govuk-table__cell">3</td><td class="govuk-table__cell">date_of_birth' in page
    assert "The date of birth cannot be in the future" in page
    assert '<td class="govuk-table__cell">6</td><td class="govuk-table__cell">role' in page
    assert CaseImport.objects.get().status == CaseImport.Status.REFUSED


def test_a_file_is_held_to_the_same_date_rules_as_the_forms(world, signed_in):
    # families.services defines each rule once; the import and the forms show its words.
    rows = family_rows(3, team=world.team.name, lead="kw")
    rows[0]["allocated_on"] = "2026-09-30"  # the day before the referral
    rows[3]["referral_date"] = "2099-01-01"
    rows[6]["date_of_birth"] = "1990-01-01"  # a focus of the work, too old
    content = csv_bytes(rows, header=[*HEADER, "allocated_on"])
    page = assert_refused_with(check(signed_in(world.team_manager), content))
    expected = {
        2: (
            "allocated_on",
            "The allocation cannot take effect before the referral (1 October 2026)",
        ),
        5: ("referral_date", "The referral date cannot be in the future"),
        8: (
            "date_of_birth",
            "A young person who is the focus of the work must be 25 or younger: check the date "
            "of birth",
        ),
    }
    for row, (column, message) in expected.items():
        assert (
            f'<td class="govuk-table__cell">{row}</td><td class="govuk-table__cell">{column}'
            in page
        )
        assert message in page
    assert not Case.objects.filter(external_id__startswith="C-").exists()


def test_a_team_manager_cannot_import_into_another_team(world, signed_in):
    page = assert_refused_with(
        check(signed_in(world.team_manager), csv_bytes(family_rows(1, team=world.other_team.name)))
    )
    assert "among the teams you may import into" in page


def test_an_administrator_imports_into_any_team_of_the_organisation(world, signed_in):
    client = signed_in(world.administrator)
    content = csv_bytes(family_rows(1, team=world.other_service_team.name))
    check(client, content)
    assert confirm(client, content).status_code == 302
    assert Case.objects.get(external_id="C-1").team == world.other_service_team


def test_rows_without_a_team_take_the_team_chosen_on_the_page(world, signed_in):
    client = signed_in(world.team_manager)
    content = csv_bytes(family_rows(1))
    assert_refused_with(check(client, content), "Enter the team")
    assert_shows(check(client, content, team=world.team), "Ready to import")
    assert confirm(client, content, team=world.team).status_code == 302
    assert Case.objects.get(external_id="C-1").team == world.team


def test_a_family_that_may_already_be_recorded_is_shown_on_the_preview(world, signed_in):
    rows = family_rows(1, team=world.team.name)
    rows[0]["family_name"] = world.case.family.family_name
    page = assert_shows(check(signed_in(world.team_manager), csv_bytes(rows)))
    assert "This may already be recorded" in page
    assert world.case.family.get_absolute_url() in page


def test_a_person_or_case_imported_before_is_refused_the_second_time(world, signed_in):
    client = signed_in(world.team_manager)
    content = csv_bytes(family_rows(1, team=world.team.name))
    check(client, content)
    confirm(client, content)
    page = assert_refused_with(check(client, content))
    assert "imported before" in page


def test_previous_system_ids_find_the_case_and_the_family(world, signed_in):
    client = signed_in(world.team_manager)
    content = csv_bytes(family_rows(1, team=world.team.name))
    check(client, content)
    confirm(client, content)
    case = Case.objects.get(external_id="C-1")
    for ref in ("C-1", "P-1-2", "FAM-1"):
        page = client.get(reverse("families:case_list"), {"q": ref}).content.decode()
        assert case.reference in page, ref
        page = client.get(reverse("families:referral_start"), {"q": ref}).content.decode()
        assert "Testfamily1" in page, ref


# Bad files: each refused with a clear message, nothing written, never a 500 -----------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (csv_bytes(family_rows(1), encoding="utf-16"), "saved as UTF-16"),
        (
            csv_bytes([{**family_rows(1)[0], "first_name": "Zoë"}], encoding="latin-1"),
            "not saved as UTF-8: the first character that is not UTF-8 is on line 2",
        ),
        (
            csv_bytes(family_rows(1), header=[h for h in HEADER if h != "role"]),
            "The file has no role column",
        ),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "not a CSV file or an Excel"),
        (b"PK\x03\x04 not really a workbook", "not a CSV file or an Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 97-2003 workbook"),
        (b"family_id,family_name\n", "The file has no person_id"),
        (b"", "The selected file is empty"),
    ],
    ids=[
        "utf-16",
        "latin-1",
        "missing column",
        "pdf",
        "broken zip",
        "old excel",
        "no rows",
        "empty",
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(world, signed_in, content, message):
    client = signed_in(world.team_manager)
    before = written()
    response = check(client, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert written() == before


def test_a_file_of_fifty_thousand_rows_is_refused_on_the_page_with_the_size_message(
    world, signed_in, settings
):
    header = ",".join(HEADER) + "\n"
    row = "F,Name,,P,A,B,2011-01-01,Young person,,,,,,,,\n"
    content = (header + row * 50_000).encode()
    response = check(signed_in(world.team_manager), content)
    page = assert_refused_with(response, "more than 10,000 rows")
    assert "import_cases command" in page


def test_a_formula_cell_is_kept_as_text_never_run_and_flagged(world, signed_in):
    rows = family_rows(1, team=world.team.name)
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row.get(name) or None for name in HEADER])
    sheet["B2"] = '=HYPERLINK("http://example.invalid/x","Click")'
    out = io.BytesIO()
    book.save(out)
    content = out.getvalue()
    client = signed_in(world.team_manager)
    page = assert_shows(check(client, content, "f.xlsx"), "holds a spreadsheet formula")
    assert "row 2 family_name" in page
    confirm(client, content, "f.xlsx")
    family = Family.objects.get(external_id="FAM-1")
    assert family.family_name == '=HYPERLINK("http://example.invalid/x","Click")'


def test_a_workbook_that_would_unpack_to_a_huge_size_is_not_opened(world, signed_in, settings):
    settings.ATTACHMENT_MAX_UNPACKED_MB = 1
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"a" * (2 * 1024 * 1024) + b"</sst>")
    page = assert_refused_with(
        check(signed_in(world.team_manager), out.getvalue(), "f.xlsx"), "was not opened"
    )
    assert "CSV UTF-8" in page


def test_a_file_over_the_upload_limit_gets_the_size_message(world, signed_in, settings):
    settings.ATTACHMENT_MAX_MB = 1
    content = csv_bytes(family_rows(1)) + b" " * (1024 * 1024 + 10)
    assert_refused_with(check(signed_in(world.team_manager), content), "smaller than 1 MB")


# The command -------------------------------------------------------------------------------


def _file(rows) -> str:
    path = Path(tempfile.mkdtemp()) / "families.csv"
    path.write_bytes(csv_bytes(rows))
    return str(path)


def test_the_command_dry_run_writes_nothing_and_the_import_writes_the_file(world):
    path = _file(family_rows(3, lead="kw"))
    before = written()
    out = io.StringIO()
    call_command("import_cases", path, by="tm", team=world.team.name, dry_run=True, stdout=out)
    assert "Checked, nothing written: 9 rows: 3 families, 9 people, 3 cases" in out.getvalue()
    assert written() == before
    call_command("import_cases", path, by="tm", team=world.team.name, stdout=out)
    assert Case.objects.filter(external_id__startswith="C-").count() == 3
    assert CaseImport.objects.filter(via="command", status="imported").count() == 1


def test_the_command_refuses_someone_who_may_not_import(world):
    path = _file(family_rows(1))
    with pytest.raises(CommandError, match="may import"):
        call_command("import_cases", path, by="kw", team=world.team.name)


def test_the_command_refuses_a_team_outside_the_importers_teams(world):
    path = _file(family_rows(1))
    with pytest.raises(CommandError, match="no single team"):
        call_command("import_cases", path, by="tm", team=world.other_team.name)


# Who may use the pages ---------------------------------------------------------------------


def test_a_key_worker_may_not_import(world, signed_in):
    client = signed_in(world.key_worker)
    assert client.get(reverse("imports:start")).status_code == 403
    assert check(client, csv_bytes(family_rows(1))).status_code == 403


def test_the_history_lists_only_the_organisations_own_imports(world, signed_in):
    services.import_file(
        by=world.team_manager,
        file_name="ours.csv",
        content=csv_bytes(family_rows(1, team=world.team.name)),
        default_team=None,
        dry_run=True,
        max_rows=None,
    )
    from tests.factories import UserFactory

    elsewhere = UserFactory(team=world.other_org_team, role="team_manager", username="elsewhere")
    services.import_file(
        by=elsewhere,
        file_name="theirs.csv",
        content=csv_bytes(family_rows(1)),
        default_team=None,
        dry_run=True,
        max_rows=None,
    )
    page = assert_shows(signed_in(world.administrator).get(reverse("imports:history")), "ours.csv")
    assert "theirs.csv" not in page


def test_the_template_download_names_every_column(world, signed_in):
    response = signed_in(world.service_manager).get(reverse("imports:template"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.startswith("family_id,family_name,")
    assert "presenting_concerns" in text


def test_a_case_under_way_reaches_its_stage_through_the_lifecycle(world):
    rows = family_rows(2, team=world.team.name)
    rows[0]["stage"] = "Active"
    rows[3]["stage"] = "assessment"
    header = [*HEADER, "stage"]
    path = Path(tempfile.mkdtemp()) / "staged.csv"
    path.write_bytes(csv_bytes(rows, header=header))
    call_command("import_cases", str(path), by="tm", stdout=io.StringIO())
    active = Case.objects.get(external_id="C-1")
    assert active.status == Case.Status.ACTIVE
    assert Case.objects.get(external_id="C-2").status == Case.Status.ASSESSMENT
    assert [h.history_change_reason for h in active.history.all()] == [services.IMPORTED] * 2


def test_an_unknown_stage_is_a_row_problem(world, signed_in):
    rows = family_rows(1, team=world.team.name)
    rows[0]["stage"] = "Half way"
    page = assert_refused_with(
        check(signed_in(world.team_manager), csv_bytes(rows, header=[*HEADER, "stage"]))
    )
    assert "Enter Referred, Assessment or Active" in page


def test_a_date_that_is_not_a_date_and_a_missing_date_of_birth_are_row_problems(world, signed_in):
    rows = family_rows(2, team=world.team.name)
    rows[0]["date_of_birth"] = "31/02/2011"
    rows[3]["date_of_birth"] = ""
    page = assert_refused_with(check(signed_in(world.team_manager), csv_bytes(rows)))
    assert "Enter a real date, as YYYY-MM-DD or DD/MM/YYYY" in page
    assert "Enter the young person" in page
    assert page.count("date_of_birth</td>") == 2


def test_the_import_of_a_checked_file_keeps_the_dry_runs_duplicate_count_without_searching_again(
    world, signed_in, monkeypatch
):
    rows = family_rows(1, team=world.team.name)
    rows[0]["family_name"] = world.case.family.family_name
    client = signed_in(world.team_manager)
    content = csv_bytes(rows)
    check(client, content)

    def no_search(*args, **kwargs):
        raise AssertionError("the duplicates were searched for again")

    monkeypatch.setattr("imports.checking.DuplicateCheck", no_search)
    assert confirm(client, content).status_code == 302
    assert CaseImport.objects.get(status="imported").possible_duplicates == 1
