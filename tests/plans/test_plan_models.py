import datetime

import pytest
from django.core.exceptions import ValidationError

from edgecare.plain_language import DEFAULT_GLOSSARY, find_jargon
from plans.models import Action, Goal, JargonTerm, Plan, glossary_for
from tests.plans.plan_helpers import add_action, add_goal, draft_plan

pytestmark = pytest.mark.django_db


def test_a_removed_goal_is_hidden_from_the_plan_but_kept(world):
    plan = draft_plan(world)
    goal = add_goal(plan)
    goal.remove(by=world.key_worker)
    assert goal not in plan.goals.all()
    assert Goal.all_objects.filter(pk=goal.pk).exists()
    with pytest.raises(PermissionError):
        goal.delete()


def test_an_action_needs_exactly_one_owner(world):
    goal = add_goal(draft_plan(world))
    with pytest.raises(ValidationError, match="Say who will do this"):
        Action(goal=goal, what="Ring school").full_clean()
    with pytest.raises(ValidationError, match="Choose one person"):
        Action(
            goal=goal, what="Ring school", owner_name="Bea", owner_worker=world.key_worker
        ).clean()


def test_a_target_below_the_score_now_is_refused(world):
    goal = Goal(plan=draft_plan(world), baseline_score=5, target_score=3)
    with pytest.raises(ValidationError, match="cannot be below"):
        goal.clean()


def test_a_plan_with_no_goals_cannot_be_agreed(world):
    assert draft_plan(world).agreement_problems() == ["Add at least one goal."]


def test_agreement_problems_name_missing_targets_owners_and_dates(world):
    plan = draft_plan(world)
    goal = add_goal(plan, target_score=None)
    add_action(goal, owner_name="", due_date=None, what="Ring school")
    problems = plan.agreement_problems()
    assert any("target score" in p for p in problems)
    assert any("Say who will do “Ring school”" in p for p in problems)
    assert any("by when “Ring school”" in p for p in problems)


def test_the_glossary_is_the_built_in_list_merged_with_the_organisations_own_terms(world):
    assert glossary_for(world.org) == DEFAULT_GLOSSARY
    JargonTerm.objects.create(organisation=world.org, term="TAF", plain_alternative="team")
    JargonTerm.objects.create(
        organisation=world.org, term="CIN", plain_alternative="x", is_active=False
    )
    JargonTerm.objects.create(
        organisation=world.org, term="PIP", plain_alternative="disability money", capitals_only=True
    )
    glossary = {entry[0]: entry[1:] for entry in glossary_for(world.org)}
    assert glossary["TAF"] == ("team", False)  # its own words replace the built-in ones
    assert glossary["PIP"] == ("disability money", True)
    assert "CIN" not in glossary  # switched off
    assert glossary["CAMHS"] == ("the children's mental health service",)  # built in
    assert len(glossary) == len(DEFAULT_GLOSSARY)  # PIP added, CIN switched off
    assert glossary_for(world.other_org_team.service.organisation) == DEFAULT_GLOSSARY


def test_an_organisations_own_term_is_flagged_in_any_case_or_only_in_capitals(world):
    JargonTerm.objects.create(
        organisation=world.org, term="Front Door", plain_alternative="the team you first talk to"
    )
    JargonTerm.objects.create(
        organisation=world.org, term="PIP", plain_alternative="disability money", capitals_only=True
    )
    JargonTerm.objects.create(organisation=world.org, term="RHI", plain_alternative="a talk")
    text = "The front door, the P.I.P., a pip, the r.h.i. and the ASB meeting."
    assert [hit.term for hit in find_jargon(text, glossary_for(world.org))] == [
        "Front Door",
        "PIP",
        "RHI",
        "ASB",
    ]


def test_glossary_terms_are_switched_off_never_deleted(world):
    term = JargonTerm.objects.create(organisation=world.org, term="TAF", plain_alternative="x")
    with pytest.raises(PermissionError):
        term.delete()
    with pytest.raises(PermissionError):
        JargonTerm.objects.all().delete()


def test_the_next_review_is_overdue_only_once_its_date_has_passed(world):
    plan = draft_plan(world)
    plan.status = Plan.Status.AGREED
    plan.set_next_review_date(datetime.date.today() - datetime.timedelta(days=1))
    assert plan.is_review_overdue


def test_an_action_due_before_a_revised_plan_starts_must_be_given_a_new_date(world):
    plan = draft_plan(world)
    goal = add_goal(plan)
    add_action(goal, what="Ring school", due_date=plan.start_date - datetime.timedelta(days=1))
    assert plan.agreement_problems() == [
        "“Ring school” (goal 1) was due before this plan starts: give it a new date."
    ]
