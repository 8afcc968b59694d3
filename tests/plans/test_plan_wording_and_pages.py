"""The plain-language check, the glossary, the case page's plan panel and query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casefile import case_page as casefile_page
from casefile.chronology import CHRONOLOGY
from plans import case_page as plans_page
from plans import services
from plans.models import Goal, JargonTerm
from tests.assertions import assert_refused_with, assert_shows
from tests.plans.plan_helpers import add_action, add_goal, agree, draft_plan, signed_off_assessment

pytestmark = pytest.mark.django_db


def url(name, plan, *args):
    return reverse(f"plans:{name}", args=[plan.case_id, plan.pk, *args])


def test_check_wording_shows_jargon_with_plain_words_and_saves_nothing(world, signed_in):
    plan = draft_plan(world)
    row = plan.assessment.domain_assessments.first()
    response = signed_in(world.key_worker).post(
        url("add_goal", plan),
        {
            "domain": row.domain_id,
            "what_we_want_to_be_different": "Jay will engage with CAMHS and the intervention.",
            "target_score": "8",
            "check": "Check wording",
        },
    )
    body = assert_shows(
        response,
        "Wording check",
        "“<strong>CAMHS</strong>”: try “the children&#x27;s mental health service”",
        "“<strong>intervention</strong>”: try “support”",
        "“<strong>engage</strong>”: try “take part”",
        "Flesch score",
        "Nothing has been saved yet.",
    )
    assert "Jay will engage with CAMHS" in body  # the worker's text stays in the form
    assert not Goal.objects.exists()


def test_a_form_with_errors_also_shows_the_wording_check(world, signed_in):
    plan = draft_plan(world)
    response = signed_in(world.key_worker).post(
        url("add_goal", plan), {"what_we_want_to_be_different": "Reduce DV in the home."}
    )
    assert_refused_with(response, "try “domestic abuse”")


def test_jargon_is_saved_but_flagged_next_to_the_item_on_the_plan_page(world, signed_in):
    plan = draft_plan(world)
    goal = add_goal(plan, what_we_want_to_be_different="Fewer police call-outs; no CIN plan.")
    add_action(goal, what="Facilitate a family group conference.")
    assert_shows(
        signed_in(world.key_worker).get(url("detail", plan)),
        "“CIN”: try “a plan to help your child (child in need plan)”",
        "“facilitate”: try “help”",
        "“family group conference”: try “a family meeting to make your own plan”",
        "Reading ease of what the family will read",
        "3 words the family may not know",
    )


def test_the_organisations_own_terms_are_checked_with_the_built_in_list(world, signed_in):
    plan = draft_plan(world)
    add_goal(
        plan, what_we_want_to_be_different="Go to the taf meeting; stay out of CIN; see the RHI."
    )
    JargonTerm.objects.create(
        organisation=world.org, term="TAF", plain_alternative="the family support meeting"
    )
    JargonTerm.objects.create(
        organisation=world.org, term="RHI", plain_alternative="a talk after you come home"
    )
    page = signed_in(world.key_worker).get(url("detail", plan)).content.decode()
    assert "“TAF”: try “the family support meeting”" in page
    assert "“RHI”: try “a talk after you come home”" in page
    assert "“CIN”: try “a plan to help your child (child in need plan)”" in page


def test_a_built_in_term_the_organisation_switched_off_is_not_flagged(world, signed_in):
    plan = draft_plan(world)
    add_goal(plan, what_we_want_to_be_different="Go to the TAF meeting; stay out of CIN.")
    JargonTerm.objects.create(
        organisation=world.org, term="CIN", plain_alternative="x", is_active=False
    )
    page = signed_in(world.key_worker).get(url("detail", plan)).content.decode()
    assert "“TAF”" in page
    assert "“CIN”" not in page


def test_an_administrator_copies_the_default_glossary_then_edits_and_switches_off_terms(
    world, signed_in
):
    client = signed_in(world.administrator)
    assert "Make our own copy to edit" in client.get(reverse("plans:glossary")).content.decode()
    client.post(reverse("plans:glossary_seed"))
    term = JargonTerm.objects.get(organisation=world.org, term="CIN")
    response = client.post(
        reverse("plans:edit_term", args=[term.pk]),
        {"term": "CIN", "plain_alternative": "a plan to help your child"},
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.is_active is False  # the box was left unticked
    duplicate = client.post(
        reverse("plans:add_term"), {"term": "cin", "plain_alternative": "x", "is_active": "on"}
    )
    assert_refused_with(duplicate, "already in the glossary")
    other_org_term = JargonTerm.objects.create(
        organisation=world.other_org_team.service.organisation, term="X", plain_alternative="y"
    )
    assert client.get(reverse("plans:edit_term", args=[other_org_term.pk])).status_code == 404


def test_a_superuser_adds_and_changes_glossary_terms_in_the_admin_but_never_deletes_one(
    world, signed_in
):
    from django.contrib.admin import site

    from edgecare.models import User
    from tests.factories import UserFactory

    superuser = UserFactory(team=None, organisation=None, role=User.Role.ADMINISTRATOR)
    User.objects.filter(pk=superuser.pk).update(is_superuser=True, is_staff=True)
    client = signed_in(superuser)
    response = client.post(
        reverse("admin:plans_jargonterm_add"),
        {
            "organisation": world.org.pk,
            "term": "RHI",
            "plain_alternative": "a talk after you come home",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    term = JargonTerm.objects.get(organisation=world.org, term="RHI")
    response = client.post(
        reverse("admin:plans_jargonterm_change", args=[term.pk]),
        {"term": "RHI", "plain_alternative": "a chat when you get home"},
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.plain_alternative, term.is_active) == ("a chat when you get home", False)
    assert site._registry[JargonTerm].has_delete_permission(None, term) is False
    assert client.get(reverse("admin:plans_jargonterm_delete", args=[term.pk])).status_code == 403


@pytest.mark.parametrize("actions", [5, 50])
def test_the_plan_page_query_count_does_not_grow_with_actions(
    world, signed_in, actions, django_assert_max_num_queries
):
    plan = draft_plan(world)
    goals = [add_goal(plan), add_goal(plan)]
    for n in range(actions):
        add_action(goals[n % 2], what=f"Step {n}", owner_worker=world.key_worker, owner_name="")
    client = signed_in(world.key_worker)
    client.get(url("detail", plan))  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("detail", plan)).status_code == 200
    # The same number for 5 and 50 actions: recorded on the first run, compared on the second.
    counts = _counts.setdefault("detail", [])
    counts.append(len(queries))
    assert len(set(counts)) == 1, counts
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("family_plan", plan)).status_code == 200
    pdf_counts = _counts.setdefault("family_plan", [])
    pdf_counts.append(len(queries))
    assert len(set(pdf_counts)) == 1, pdf_counts


_counts: dict[str, list[int]] = {}


# The case page ----------------------------------------------------------------------------


@pytest.fixture
def only_plan_panels(monkeypatch):
    """The case page with the plans app's panel and next steps only: other apps' parts are
    tested by them."""
    monkeypatch.setattr(
        casefile_page,
        "PANELS",
        [p for p in casefile_page.PANELS if p.template == plans_page.PANEL_TEMPLATE],
    )
    monkeypatch.setattr(casefile_page, "NEXT_STEPS", [plans_page.plan_next_steps])
    return casefile_page


def _steps(case):
    return [step for provider in casefile_page.NEXT_STEPS for step in provider(case)]


def test_the_case_page_offers_to_build_the_plan_once_the_assessment_is_signed_off(
    world, signed_in, only_plan_panels
):
    signed_off_assessment(world)
    page = signed_in(world.key_worker).get(world.case.get_absolute_url()).content.decode()
    assert "Build the plan" in page
    assert any(
        s.text == "Build the plan from the signed-off assessment" for s in _steps(world.case)
    )


def test_the_case_panel_shows_the_plan_goals_and_an_overdue_review(
    world, signed_in, only_plan_panels
):
    plan = draft_plan(world)
    add_action(add_goal(plan, baseline_score=3, target_score=7))
    assert any("awaiting the family's agreement" in s.text for s in _steps(world.case))
    agree(plan, others="Mum", recorded_by=world.key_worker)
    plan.set_next_review_date(timezone.localdate() - datetime.timedelta(days=2))
    page = signed_in(world.key_worker).get(world.case.get_absolute_url()).content.decode()
    assert "Plan version 1" in page
    assert "3 → 7" in page
    assert "The review is overdue" in page
    # The "review due / overdue" next step belongs to the reviews app (tested there): the plan
    # does not repeat it.
    steps = _steps(world.case)
    assert not any(s.text.startswith("Review") for s in steps)
    assert plans_page.PANEL_TEMPLATE in [p.template for p in casefile_page.PANELS]


def test_the_chronology_shows_the_plan_written_agreed_and_revised(world):
    plan = draft_plan(world)
    add_action(add_goal(plan))
    agree(plan, others="Mum", comments="We'll try.", recorded_by=world.key_worker)
    services.plan_revise(plan=plan, revised_by=world.key_worker, reason="New school")
    kinds = {k.kind: k for k in CHRONOLOGY}
    titles = [e.title for kind in ("plan", "plan_agreed") for e in kinds[kind].provider(world.case)]
    assert "Plan written" in titles
    assert "Plan version 1 agreed with the family" in titles
    assert "Plan revised: version 2 started" in titles
