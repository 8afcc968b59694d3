"""The one way this application writes CSV: every cell, headers included, formula-safe."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal

# A cell a spreadsheet would run as a formula starts with one of these (OWASP's list). Team,
# outcome-area and domain names are text an organisation types, so any cell may start so.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def formula_safe(cell):
    """The cell as a spreadsheet will show it, never run it: text that starts like a formula
    gets a leading apostrophe (shown as text). Numbers stay numbers."""
    if cell is None or isinstance(cell, int | float | Decimal):
        return cell
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class FormulaSafeWriter:
    """csv.writer, with every cell of every row passed through formula_safe."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([formula_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)
