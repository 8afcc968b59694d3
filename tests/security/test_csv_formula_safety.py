"""Every cell of every CSV the application writes is formula-safe, headers included."""

import csv
import io

import pytest
from django.urls import reverse

from assessments.models import OutcomeDomain
from tests.managers import test_managers_outcomes as outcomes

pytestmark = pytest.mark.django_db

six_cases = outcomes.six_cases


@pytest.mark.parametrize("part", ["cases", "figures"])
def test_an_outcome_area_named_like_a_formula_reaches_the_csv_as_text(
    signed_in, world, six_cases, part
):
    for domain in OutcomeDomain.objects.all():
        domain.name = f'=HYPERLINK("http://evil.example/{domain.pk}")'
        domain.save()
    client = signed_in(world.team_manager)
    response = client.get(reverse("managers:outcomes_csv"), {**outcomes.PERIOD, "part": part})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
