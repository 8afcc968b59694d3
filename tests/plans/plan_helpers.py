"""Builders for plan tests. Every name is invented."""

from __future__ import annotations

import datetime

from django.utils import timezone

from assessments.models import Assessment, IdentifiedNeed
from families.models import Person
from plans.models import Action, Contingency, Goal, Plan, PlanContact
from tests.assessments.assessment_helpers import signed_off
from tests.factories import PersonFactory


def signed_off_assessment(world) -> Assessment:
    """A signed-off assessment of the world's case, with a second need in another area."""
    assessment = signed_off(world.case, world.key_worker, world.team_manager)
    second = assessment.domain_assessments.all()[1]
    IdentifiedNeed.objects.create(
        assessment=assessment,
        domain=second.domain,
        description="Going to school every day.",
        priority=2,
    )
    return assessment


def parent(case, first_name="Grace") -> Person:
    return PersonFactory(
        family=case.family,
        first_name=first_name,
        relationship=Person.Relationship.MOTHER,
        is_focus=False,
        date_of_birth=timezone.localdate() - datetime.timedelta(days=40 * 365),
    )


def draft_plan(world, assessment=None) -> Plan:
    from plans import services

    assessment = assessment or signed_off_assessment(world)
    return services.plan_create_from_assessment(
        case=world.case, assessment=assessment, created_by=world.key_worker
    )


def add_goal(plan: Plan, **kwargs) -> Goal:
    row = plan.assessment.domain_assessments.first()
    values = {
        "plan": plan,
        "domain": row.domain,
        "what_we_want_to_be_different": "We want to stop shouting at each other.",
        "how_we_will_know": "Evenings are calm most nights.",
        "baseline_score": 3,
        "target_score": 7,
    }
    values.update(kwargs)
    return Goal.objects.create(**values)


def add_action(goal: Goal, **kwargs) -> Action:
    values = {
        "goal": goal,
        "what": "Talk through the evening routine together.",
        "owner_name": "Auntie Bea",
        "due_date": goal.plan.start_date + datetime.timedelta(days=14),
    }
    values.update(kwargs)
    return Action.objects.create(**values)


def add_contingency(plan: Plan, **kwargs) -> Contingency:
    values = {
        "plan": plan,
        "if_this_happens": "If Jay is not home by 10pm",
        "what_we_will_do": "Mum rings Jay, then his friends, then the police on 101.",
        "who_does_it": "Mum",
    }
    values.update(kwargs)
    return Contingency.objects.create(**values)


def add_contact(plan: Plan, **kwargs) -> PlanContact:
    values = {"plan": plan, "name": "Duty worker", "phone": "0300 555 0199"}
    values.update(kwargs)
    return PlanContact.objects.create(**values)


def agree(plan: Plan, *, recorded_by, people=(), others: str = "", comments: str = "") -> Plan:
    """The family agrees the plan today, through the service; the plan is read again."""
    from plans import services

    services.plan_agree(
        plan=plan,
        agreed_by_people=list(people),
        agreed_by_others=others,
        agreed_on=timezone.localdate(),
        comments=comments,
        recorded_by=recorded_by,
    )
    plan.refresh_from_db()
    return plan
