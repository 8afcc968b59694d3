"""Phone numbers inside a sentence: "call the team's out-of-hours phone on 0300 555 0142 (5pm
to 10pm ...)" has its number printed in a document's phone column, where a family looks for it."""

from __future__ import annotations

import re

# A UK number: 0 or +44, then ten or so digits in any grouping (0300 555 0142, 07700 900123,
# +44 20 7946 0000). 999, 101 and 111 are short numbers a sentence may name; they are not
# a contact's own number, so they are not taken.
_UK_NUMBER = re.compile(r"(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[ \-]?\d){8,9}(?!\d)")


def phone_numbers_in(text: str) -> list[str]:
    """Every UK phone number in `text`, as written, in the order they appear."""
    return [match.group(0).strip() for match in _UK_NUMBER.finditer(text or "")]


def phone_number_in(text: str) -> str:
    """The first phone number in `text`, or ""."""
    numbers = phone_numbers_in(text)
    return numbers[0] if numbers else ""
