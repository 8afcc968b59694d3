import csv
import io
from decimal import Decimal

import pytest

from edgecare.csv_export import FormulaSafeWriter, formula_safe


@pytest.mark.parametrize(
    "cell", ["=SUM(A1:A9)", "+1", "-1+2", "@cmd", "\tx", "\rx", "\n=x", '=HYPERLINK("x")']
)
def test_text_that_starts_like_a_formula_is_shown_as_text(cell):
    assert formula_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", [0, -3, 2.5, Decimal("-1.5"), None, "Team A", "a=b", ""])
def test_numbers_and_ordinary_text_are_unchanged(cell):
    assert formula_safe(cell) == cell


def test_the_writer_makes_every_cell_safe_headers_included():
    out = io.StringIO()
    writer = FormulaSafeWriter(out)
    writer.writerow(["team", "=evil(): baseline"])
    writer.writerows([["-Team", 5]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["team", "'=evil(): baseline"], ["'-Team", "5"]]
