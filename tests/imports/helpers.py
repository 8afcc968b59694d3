"""Import files for the tests: the template's columns, plainly fictional people."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

HEADER = [
    "family_id",
    "family_name",
    "postcode",
    "person_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "role",
    "focus",
    "case_id",
    "referral_date",
    "referral_time",
    "referral_source",
    "presenting_concerns",
    "team",
    "lead_professional",
]


def family_rows(n: int = 1, *, team: str = "", lead: str = "", start: int = 1) -> list[dict]:
    """`n` fictional families of three: a young person (with the case), a mother, a brother."""
    rows = []
    for i in range(start, start + n):
        rows += [
            {
                "family_id": f"FAM-{i}",
                "family_name": f"Testfamily{i}",
                "postcode": "FB1 2AA",
                "person_id": f"P-{i}-1",
                "first_name": "Ayla",
                "last_name": f"Testfamily{i}",
                "date_of_birth": "2011-04-03",
                "role": "Young person",
                "focus": "Yes",
                "case_id": f"C-{i}",
                "referral_date": "2026-10-01",
                "referral_time": "09:30",
                "referral_source": "School or college",
                "presenting_concerns": "Fictional: missed school days and arguments at home.",
                "team": team,
                "lead_professional": lead,
            },
            {
                "family_id": f"FAM-{i}",
                "person_id": f"P-{i}-2",
                "first_name": "Mara",
                "last_name": f"Testfamily{i}",
                "date_of_birth": "15/02/1985",
                "role": "mother",
            },
            {
                "family_id": f"FAM-{i}",
                "person_id": f"P-{i}-3",
                "first_name": "Theo",
                "last_name": f"Testfamily{i}",
                "date_of_birth": "2015-09-09",
                "role": "Brother or sister",
                "focus": "No",
            },
        ]
    return rows


def csv_bytes(rows: list[dict], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[dict], header: list[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name, "") or None for name in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
