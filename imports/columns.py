"""The import template: one sheet (or one CSV file), one row per person.

Why one sheet: a council's data team exports from the previous system with one report or one
query, and a CSV file can hold only one table. Rows with the same `family_id` are one family;
the family's columns and its open case's columns are given on the family's first row (later
rows may repeat them, the same, or leave them blank). docs/integration.md describes each
column and the mapping from LCS, Mosaic and EHM exports; the page offers this header as a
blank template to download.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    part: str  # "family", "person" or "case"
    description: str


COLUMNS = [
    # The family
    Column("family_id", True, "family", "The previous system's family or household id."),
    Column("family_name", True, "family", "How the family is known, e.g. Okafor-Reid."),
    Column("address_line_1", False, "family", "The family's address."),
    Column("address_line_2", False, "family", "The second line of the address."),
    Column("town", False, "family", "Town or city."),
    Column("postcode", False, "family", "Postcode."),
    Column("family_phone", False, "family", "The family's phone number."),
    Column("main_language", False, "family", "English if left blank."),
    Column(
        "interpreter_language",
        False,
        "family",
        "The language an interpreter is needed for; blank when none is needed.",
    ),
    # One person
    Column("person_id", True, "person", "The previous system's person id."),
    Column("first_name", True, "person", "First name."),
    Column("last_name", True, "person", "Last name."),
    Column("preferred_name", False, "person", "What they like to be called."),
    Column(
        "date_of_birth",
        False,
        "person",
        "YYYY-MM-DD or DD/MM/YYYY; required for a young person who is the focus of the work.",
    ),
    Column("gender", False, "person", "Female, Male, Non-binary, Described another way."),
    Column(
        "role",
        True,
        "person",
        "Their role in the family, in this application's words (Young person, Mother, "
        "Father, Step-father, Grandparent ...) or its code (young_person, mother ...).",
    ),
    Column(
        "focus",
        False,
        "person",
        "Yes for a young person the work is about (the default for a young person), No for "
        "their brothers and sisters who are not.",
    ),
    Column("lives_in_household", False, "person", "Yes (the default) or No."),
    Column("person_phone", False, "person", "Their own phone number."),
    # The family's open case
    Column("case_id", False, "case", "The previous system's case, episode or referral id."),
    Column("referral_date", False, "case", "When the referral came in (required for a case)."),
    Column("referral_time", False, "case", "HH:MM, 24-hour clock, when it is known."),
    Column(
        "referral_source",
        False,
        "case",
        "Who referred (required for a case): School or college, Police, Health ...",
    ),
    Column("referrer_name", False, "case", "The referrer's name."),
    Column(
        "presenting_concerns",
        False,
        "case",
        "Why the family was referred (required for a case).",
    ),
    Column("urgency", False, "case", "Routine (the default), Urgent or Crisis."),
    Column(
        "team",
        False,
        "case",
        "The team's name in this application; blank for the team chosen on the page.",
    ),
    Column(
        "lead_professional",
        False,
        "case",
        "The lead professional's e-mail address or user name in this application.",
    ),
    Column(
        "allocated_on",
        False,
        "case",
        "When the lead professional took the case (the referral date if blank).",
    ),
    Column(
        "stage",
        False,
        "case",
        "Referred (the default), Assessment, or Active (support under way).",
    ),
]

NAMES = [c.name for c in COLUMNS]
REQUIRED = [c.name for c in COLUMNS if c.required]
FAMILY_COLUMNS = [c.name for c in COLUMNS if c.part == "family"]
CASE_COLUMNS = [c.name for c in COLUMNS if c.part == "case"]


def header_name(raw: object) -> str:
    """A column heading as the template names it: case, spaces and hyphens forgiven."""
    text = "" if raw is None else str(raw)
    return "_".join(text.strip().lower().replace("-", " ").split())


# How a cell's text is read: yes/no in a few spellings, dates as councils' exports write them
# (a spreadsheet's date with a time of day is the date), the 24-hour clock, short genders.
YES_WORDS = {"yes", "y", "true", "1"}
NO_WORDS = {"no", "n", "false", "0"}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
GENDER_ABBREVIATIONS = {"f": "female", "m": "male", "u": "not_known", "unknown": "not_known"}


def parse_date(text: str) -> datetime.date:
    text = text.strip()
    if " " in text:  # a spreadsheet's date with a time of day: the date is what counts
        text = text.split(" ", 1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_time(text: str) -> datetime.time:
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(text)
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return datetime.time(hours, minutes, seconds)
