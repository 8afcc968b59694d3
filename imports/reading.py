"""Reading an import file (CSV or XLSX) into rows of text, with tablib.

A file from outside is read, never trusted: its kind is told from its content (not its name),
CSV must be UTF-8, an XLSX workbook is opened without running or recalculating anything (a
formula cell is read as the text of its formula, and flagged), and a file over the row limit
is refused before its rows are read. Every refusal is a `FileProblem` with the words the page
shows; nothing here writes anything.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import zipfile
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from openpyxl import load_workbook
from tablib.formats._xlsx import XLSXFormat

from imports.columns import NAMES, REQUIRED, header_name

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Files people choose by mistake: PDF, PNG, JPEG, GIF, gzip, 7-Zip, RAR.
_OTHER_KINDS = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
# A cell a spreadsheet would run: kept as the text it is, and flagged on the preview.
FORMULA_STARTS = ("=", "@")

NOT_A_SPREADSHEET = (
    "The selected file is not a CSV file or an Excel workbook (.xlsx). Export the data from "
    "the previous system as CSV (UTF-8) or .xlsx, using the template's columns."
)
OLD_EXCEL = (
    "The selected file is an Excel 97-2003 workbook (.xls). Open it in Excel and save it as an "
    "Excel workbook (.xlsx) or as CSV UTF-8, then choose that file."
)
UTF16 = (
    'The selected file is saved as UTF-16 ("Unicode text"), not UTF-8. In Excel choose '
    'Save As, then "CSV UTF-8 (Comma delimited)", and choose that file.'
)
NOT_UTF8 = (
    "The selected file is not saved as UTF-8: the first character that is not UTF-8 is on line "
    '{line}. In Excel choose Save As, then "CSV UTF-8 (Comma delimited)"; from a database '
    "export, choose the UTF-8 encoding. (Names with accents would otherwise come in garbled.)"
)
UNPACKS_TOO_LARGE = (
    "The selected workbook unpacks to far more than a spreadsheet of families does, so it was "
    "not opened. Save it again from Excel, or export the data as CSV UTF-8."
)
RAGGED = (
    "A row of the file has more cells than the header row has column names. Check for commas "
    "inside a cell that is not in quotes, then export the file again."
)
EMPTY = "The selected file has no rows: the first row must be the column names."
NO_ROWS = "The selected file has column names but no rows of people under them."


def missing_columns_message(missing: list[str]) -> str:
    names = ", ".join(missing)
    return (
        f"The file has no {names} column{'s' if len(missing) > 1 else ''}. The first row must "
        "name the template's columns (download the template from this page)."
    )


def too_many_rows_message(limit: int) -> str:
    return (
        f"The file has more than {limit:,} rows, more than this page imports at once. Split it "
        "into smaller files (whole families in each), or ask your system administrator to "
        "import it with the import_cases command, which has no limit."
    )


class FileProblem(Exception):
    """The whole file is refused: this is why, in the words the page shows."""


@dataclass(frozen=True)
class Cell:
    row: int  # the spreadsheet's row number: the header is row 1
    column: str


@dataclass
class Table:
    kind: str  # "CSV" or "XLSX"
    rows: list[dict[str, str]]  # each row's cells by template column name, as text
    ignored_columns: list[str] = field(default_factory=list)
    formula_cells: list[Cell] = field(default_factory=list)

    @staticmethod
    def row_number(index: int) -> int:
        return index + 2


def read_table(content: bytes, *, max_rows: int | None) -> Table:
    """The file's rows, or FileProblem. `max_rows` None: no limit (the command)."""
    if not content.strip():
        raise FileProblem(EMPTY)
    if content.startswith(b"PK\x03\x04"):
        dataset = _read_xlsx(content, max_rows)
        kind = "XLSX"
    elif content.startswith(_OLE2):
        raise FileProblem(OLD_EXCEL)
    elif content.startswith(_OTHER_KINDS):
        raise FileProblem(NOT_A_SPREADSHEET)
    else:
        dataset = _read_csv(content, max_rows)
        kind = "CSV"
    return _table(dataset, kind)


def _read_csv(content: bytes, max_rows: int | None) -> tablib.Dataset:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(UTF16)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if content[:200].count(b"\x00") > 10:
            # UTF-16 without its byte-order mark: every other byte of plain text is zero.
            raise FileProblem(UTF16) from None
        line = content[: error.start].count(b"\n") + 1
        if b"\x00" in content[:4096]:
            raise FileProblem(NOT_A_SPREADSHEET) from None
        raise FileProblem(NOT_UTF8.format(line=line)) from None
    if "\x00" in text or any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:4096]):
        raise FileProblem(NOT_A_SPREADSHEET)
    if max_rows is not None and text.count("\n") > max_rows + 1:
        # Lines over-count rows only when a cell holds a line break: count the rows properly.
        lines = sum(1 for _ in itertools.islice(_csv_rows(text), max_rows + 2))
        if lines > max_rows + 1:
            raise FileProblem(too_many_rows_message(max_rows))
    dataset = tablib.Dataset()
    try:
        dataset.load(text, format="csv")
    except tablib.InvalidDimensions:
        raise FileProblem(RAGGED) from None
    except Exception:  # noqa: BLE001 - the csv module's errors: a file that is not CSV
        raise FileProblem(NOT_A_SPREADSHEET) from None
    return dataset


def _csv_rows(text: str):
    return csv.reader(io.StringIO(text))


class _FirstRows:
    """An openpyxl sheet cut to its first rows: what tablib's sheet reader is given, so a
    sheet of a million rows is never read past the limit."""

    def __init__(self, sheet, limit: int | None) -> None:
        self.title = sheet.title
        self._sheet = sheet
        self._limit = limit
        self.cut = False

    @property
    def rows(self):
        if self._limit is None:
            yield from self._sheet.rows
            return
        for i, row in enumerate(self._sheet.rows):
            if i > self._limit:
                self.cut = True
                return
            yield row


def _check_unpacked_size(content: bytes) -> None:
    """An .xlsx is a zip of XML parts, which openpyxl unpacks (its shared strings whole): a
    workbook claiming to unpack past the documents' budget is refused before it is opened."""
    budget = settings.ATTACHMENT_MAX_UNPACKED_MB * 1024 * 1024
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise FileProblem(NOT_A_SPREADSHEET) from None
    if len(members) > 10_000 or sum(m.file_size for m in members) > budget:
        raise FileProblem(UNPACKS_TOO_LARGE)


def _read_xlsx(content: bytes, max_rows: int | None) -> tablib.Dataset:
    _check_unpacked_size(content)
    try:
        # data_only=False: a formula cell reads as its formula's text, never a value a
        # spreadsheet worked out; openpyxl itself never evaluates anything.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise FileProblem(NOT_A_SPREADSHEET) from None
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged workbook
        raise FileProblem(NOT_A_SPREADSHEET) from None
    try:
        sheet = _FirstRows(workbook.worksheets[0], max_rows)
        dataset = tablib.Dataset()
        try:
            XLSXFormat.import_sheet(dataset, sheet)
        except tablib.InvalidDimensions:
            raise FileProblem(RAGGED) from None
        except FileProblem:
            raise
        except Exception:  # noqa: BLE001 - a damaged sheet
            raise FileProblem(NOT_A_SPREADSHEET) from None
        if sheet.cut:
            raise FileProblem(too_many_rows_message(max_rows or 0))
        return dataset
    finally:
        workbook.close()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time.min:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(dataset: tablib.Dataset, kind: str) -> Table:
    headers = dataset.headers or []
    if not any(_text(h) for h in headers):
        raise FileProblem(EMPTY)
    names = [header_name(h) for h in headers]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise FileProblem(missing_columns_message(missing))
    ignored = [str(h) for h, name in zip(headers, names, strict=True) if name not in NAMES and h]
    positions = {name: names.index(name) for name in NAMES if name in names}
    rows: list[dict[str, str]] = []
    formulas: list[Cell] = []
    for index, values in enumerate(dataset):
        cells = {name: _text(values[i]) for name, i in positions.items()}
        if not any(cells.values()):
            rows.append({})  # a blank row keeps the numbering; it is skipped
            continue
        for name, value in cells.items():
            if value.startswith(FORMULA_STARTS):
                formulas.append(Cell(Table.row_number(index), name))
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        raise FileProblem(NO_ROWS)
    return Table(kind=kind, rows=rows, ignored_columns=ignored, formula_cells=formulas)
