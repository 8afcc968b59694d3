"""The demo builder makes assessments at every state on the demo cases."""

from __future__ import annotations

import random

from assessments import demo as assessments_demo
from assessments.models import Assessment, OutcomeFramework
from edgecare.demo import DemoOrganisation
from tests.factories import CaseFactory, PersonFactory


def test_the_demo_loads_the_framework_even_without_cases(world):
    assessments_demo.build(
        DemoOrganisation(world.other_org_team.service.organisation), random.Random(1)
    )
    assert OutcomeFramework.active_for(world.other_org_team.service.organisation).key == "default"


def test_the_demo_makes_assessments_at_every_state(world):
    cases = [world.case]
    for status in ["assessment"] * 3 + ["active"] * 6 + ["closed"] * 2:
        case = CaseFactory(team=world.team, status=status, lead_professional=world.key_worker)
        PersonFactory(family=case.family, first_name="Dean", relationship="father", is_focus=False)
        cases.append(case)
    assessments_demo.build(DemoOrganisation(world.org), random.Random(20261123))
    statuses = set(Assessment.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned", "signed_off"}
    assert Assessment.objects.filter(version=2).exists()
    for case in cases:
        case.refresh_from_db()
    assert {c.status for c in cases} == {"assessment", "active", "closed"}
