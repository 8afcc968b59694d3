"""The demo builder makes draft, agreed and revised plans on the demo cases."""

from __future__ import annotations

import datetime
import random

import pytest
from django.utils import timezone

from assessments import demo as assessments_demo
from edgecare.demo import DemoOrganisation
from families.models import Case
from plans import demo as plans_demo
from plans.models import Plan
from tests.factories import AgencyInvolvementFactory, CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_demo_makes_draft_agreed_and_revised_plans(world):
    for status in ["active"] * 8 + ["closed"] * 2:
        case = CaseFactory(
            team=world.team,
            status=status,
            lead_professional=world.key_worker,
            referral_date=timezone.localdate() - datetime.timedelta(days=200),
        )
        PersonFactory(family=case.family, first_name="Dean", relationship="father", is_focus=False)
        AgencyInvolvementFactory(case=case)
    rng = random.Random(20261123)
    demo = DemoOrganisation(world.org)
    assessments_demo.build(demo, rng)
    plans_demo.build(demo, rng)
    kinds = set(Plan.objects.values_list("version", "status"))
    assert {(1, "draft"), (1, "agreed"), (1, "superseded"), (2, "agreed")} <= kinds
    for plan in Plan.objects.agreed():
        assert plan.goals.exists()
        assert plan.contingencies.exists()
        # Six weeks on, moved off a weekend or bank holiday.
        assert plan.next_review_date == plan.first_review_date(plan.agreed_on)
        assert 0 <= (plan.next_review_date - plan.agreed_on).days - 42 <= 4
        assert plan.agreement_problems() == ["Only a draft plan can be agreed."]
    closed = Case.objects.filter(status=Case.Status.CLOSED, plans__isnull=False)
    assert closed.exists()
    for case in Case.objects.filter(plans__status="agreed").exclude(status="closed"):
        assert case.status == Case.Status.ACTIVE
