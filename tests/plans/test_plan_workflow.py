import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from edgecare.models import AccessLog
from families.models import Case
from plans.models import Action, Contingency, Goal, Plan, PlanContact
from tests.assertions import assert_refused_with, assert_shows
from tests.assessments.assessment_helpers import start as start_assessment
from tests.factories import AgencyInvolvementFactory
from tests.plans.plan_helpers import (
    add_action,
    add_contingency,
    add_goal,
    agree,
    draft_plan,
    parent,
    signed_off_assessment,
)

pytestmark = pytest.mark.django_db


def url(name, plan, *args):
    return reverse(f"plans:{name}", args=[plan.case_id, plan.pk, *args])


def agreed_plan(world):

    plan = draft_plan(world)
    goal = add_goal(plan)
    add_action(goal)
    return agree(
        plan, people=[parent(world.case)], comments="We can do this.", recorded_by=world.key_worker
    )


# Starting a plan -----------------------------------------------------------------------


def test_a_plan_is_refused_with_a_clear_message_when_no_assessment_is_signed_off(world, signed_in):
    start_assessment(world.case, world.key_worker)
    client = signed_in(world.key_worker)
    page = client.get(reverse("plans:start", args=[world.case.pk]))
    assert "has none yet" in page.content.decode()
    response = client.post(reverse("plans:start", args=[world.case.pk]), follow=True)
    assert "signed-off assessment" in response.content.decode()
    assert not Plan.objects.exists()


def test_starting_a_plan_fills_in_who_to_call(world, signed_in):
    world.key_worker.phone = "07700 900123"
    world.key_worker.save()
    signed_off_assessment(world)
    client = signed_in(world.key_worker)
    response = client.post(reverse("plans:start", args=[world.case.pk]))
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert plan.version == 1
    assert plan.is_draft
    assert plan.created_by == world.key_worker
    contacts = list(plan.contacts.all())
    assert contacts[0].name == world.key_worker.get_full_name()
    assert contacts[0].phone == "07700 900123"
    out_of_hours = [c for c in contacts if c.is_out_of_hours]
    assert any("0300 555 0102" in c.when_to_call for c in out_of_hours)
    assert any(c.phone == "0300 555 0100" for c in out_of_hours)


def test_each_need_becomes_a_goal_with_one_click_and_the_assessment_scores(world, signed_in):
    plan = draft_plan(world)
    need = plan.assessment.needs.order_by("priority").first()
    row = plan.assessment.domain_assessments.get(domain=need.domain)
    client = signed_in(world.key_worker)
    page = client.get(url("needs", plan))
    assert "Make this a goal" in page.content.decode()
    response = client.post(url("goal_from_need", plan, need.pk))
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert goal.need == need
    assert goal.domain == need.domain
    assert goal.baseline_score == row.worker_score
    assert goal.family_baseline_score == row.family_score
    assert goal.what_we_want_to_be_different == need.description
    again = client.post(url("goal_from_need", plan, need.pk), follow=True)
    assert "already a goal" in again.content.decode()
    assert Goal.objects.count() == 1


def test_a_need_from_another_assessment_cannot_become_a_goal(world, signed_in):
    plan = draft_plan(world)
    response = signed_in(world.key_worker).post(url("goal_from_need", plan, 999999))
    assert response.status_code == 404


# Bad input ------------------------------------------------------------------------------


def test_a_goal_with_no_outcome_area_is_refused_and_nothing_saved(world, signed_in):
    plan = draft_plan(world)
    response = signed_in(world.key_worker).post(
        url("add_goal", plan),
        {"what_we_want_to_be_different": "Calmer evenings", "target_score": "7"},
    )
    assert_refused_with(response, "Choose the outcome area this goal is about.")
    assert not Goal.objects.exists()


def test_a_goal_added_by_hand_takes_its_score_now_from_the_assessment(world, signed_in):
    plan = draft_plan(world)
    row = plan.assessment.domain_assessments.all()[3]
    response = signed_in(world.key_worker).post(
        url("add_goal", plan),
        {
            "domain": row.domain_id,
            "what_we_want_to_be_different": "Calmer evenings",
            "how_we_will_know": "No shouting after tea",
            "target_score": "10",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.baseline_score == row.worker_score
    assert goal.domain_name == row.domain_name
    assert goal.need is None


def test_a_target_below_the_score_now_is_refused(world, signed_in):
    plan = draft_plan(world)
    row = plan.assessment.domain_assessments.all()[5]  # worker score 5 in the helpers
    response = signed_in(world.key_worker).post(
        url("add_goal", plan),
        {"domain": row.domain_id, "what_we_want_to_be_different": "Calm", "target_score": "2"},
    )
    assert_refused_with(response, "cannot be below the score now (5)")
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("owner", "days_after_start", "message"),
    [
        pytest.param({}, 0, "Say who will do this", id="with-no-owner"),
        pytest.param(
            {"owner_name": "Auntie Bea"},
            -1,
            "cannot be before the plan starts",
            id="due-before-the-plan-starts",
        ),
    ],
)
def test_an_action_is_refused_and_nothing_saved(world, signed_in, owner, days_after_start, message):
    plan = draft_plan(world)
    goal = add_goal(plan)
    due = plan.start_date + datetime.timedelta(days=days_after_start)
    response = signed_in(world.key_worker).post(
        url("add_action", plan, goal.pk), {"what": "Ring school", "due_date": str(due), **owner}
    )
    assert_refused_with(response, message)
    assert not Action.objects.exists()


def test_an_action_can_be_owned_by_a_family_member_a_worker_or_an_agency(world, signed_in):
    plan = draft_plan(world)
    goal = add_goal(plan)
    mum = parent(world.case)
    school = AgencyInvolvementFactory(case=world.case)
    client = signed_in(world.key_worker)
    due = str(plan.start_date + datetime.timedelta(days=7))
    for owner in (f"person:{mum.pk}", f"worker:{world.key_worker.pk}", f"agency:{school.pk}"):
        response = client.post(
            url("add_action", plan, goal.pk), {"what": "Do it", "owner": owner, "due_date": due}
        )
        assert response.status_code == 302, owner
    owners = [a.owner_display for a in Action.objects.order_by("pk")]
    assert owners == [
        mum.known_as,
        world.key_worker.get_full_name(),
        f"{school.contact_name} ({school.agency_name})",
    ]


def test_another_familys_member_cannot_own_an_action(world, signed_in):
    plan = draft_plan(world)
    goal = add_goal(plan)
    stranger = parent(world.other_team_case, first_name="Stranger")
    response = signed_in(world.key_worker).post(
        url("add_action", plan, goal.pk),
        {"what": "Do it", "owner": f"person:{stranger.pk}", "due_date": str(plan.start_date)},
    )
    assert response.status_code == 400
    assert not Action.objects.exists()


def test_a_dropped_action_needs_a_reason(world, signed_in):
    plan = draft_plan(world)
    action = add_action(add_goal(plan))
    response = signed_in(world.key_worker).post(
        url("edit_action", plan, action.goal_id, action.pk),
        {
            "what": action.what,
            "owner_name": "Auntie Bea",
            "due_date": str(action.due_date),
            "status": "dropped",
            "row_version": action.row_version,
        },
    )
    assert_refused_with(response, "Say why the action was dropped.")


def test_a_stale_save_is_refused_and_the_workers_text_kept(world, signed_in):
    plan = draft_plan(world)
    goal = add_goal(plan)
    opened_at = goal.row_version
    goal.how_we_will_know = "Someone else's words"
    goal.save()
    response = signed_in(world.key_worker).post(
        url("edit_goal", plan, goal.pk),
        {
            "domain": goal.domain_id,
            "what_we_want_to_be_different": "My own new words",
            "target_score": "8",
            "row_version": opened_at,
        },
    )
    assert_refused_with(response, "Someone else saved changes", "My own new words")
    goal.refresh_from_db()
    assert goal.what_we_want_to_be_different != "My own new words"


# Agreement --------------------------------------------------------------------------------


def test_the_family_agrees_the_plan_and_the_case_becomes_active(world, signed_in):
    # Set directly: the world's case is active, and the lifecycle never moves one back.
    world.case.status = Case.Status.ASSESSMENT
    world.case.save(update_fields=["status"])
    plan = draft_plan(world)
    add_action(add_goal(plan))
    mum = parent(world.case)
    agreed_on = timezone.localdate()
    response = signed_in(world.key_worker).post(
        url("agree", plan),
        {
            "agreed_by_people": [mum.pk],
            "agreed_by_others": "Nan (Mum's mum)",
            "agreed_on": str(agreed_on),
            "family_comments": "We'll give it a go.",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_agreed
    assert list(plan.agreed_by_people.all()) == [mum]
    assert plan.family_comments == "We'll give it a go."
    assert plan.next_review_date == agreed_on + datetime.timedelta(weeks=6)
    world.case.refresh_from_db()
    assert world.case.status == Case.Status.ACTIVE


def test_an_agreement_date_in_the_future_is_refused(world, signed_in):
    plan = draft_plan(world)
    add_action(add_goal(plan))
    mum = parent(world.case)
    response = signed_in(world.key_worker).post(
        url("agree", plan),
        {
            "agreed_by_people": [mum.pk],
            "agreed_on": str(timezone.localdate() + datetime.timedelta(days=1)),
        },
    )
    assert_refused_with(response, "cannot be in the future")
    plan.refresh_from_db()
    assert plan.is_draft
    assert plan.agreed_on is None


def test_an_agreement_before_the_assessment_was_signed_off_is_refused(world, signed_in):
    plan = draft_plan(world)
    add_action(add_goal(plan))
    response = signed_in(world.key_worker).post(
        url("agree", plan),
        {
            "agreed_by_others": "Mum",
            "agreed_on": str(timezone.localdate() - datetime.timedelta(days=3)),
        },
    )
    assert_refused_with(response, "before its assessment was signed off")


def test_agreeing_needs_someone_from_the_family(world, signed_in):
    plan = draft_plan(world)
    add_action(add_goal(plan))
    response = signed_in(world.key_worker).post(
        url("agree", plan), {"agreed_on": str(timezone.localdate())}
    )
    assert_refused_with(response, "Say who in the family agreed the plan.")


def test_a_plan_that_is_not_ready_cannot_be_agreed(world, signed_in):
    plan = draft_plan(world)
    add_goal(plan, target_score=None)
    client = signed_in(world.key_worker)
    response = client.get(url("agree", plan), follow=True)
    assert "not ready" in response.content.decode()
    assert "a target score" in response.content.decode()


def test_an_agreed_plan_is_read_only(world, signed_in):
    plan = agreed_plan(world)
    goal = plan.goals.get()
    client = signed_in(world.key_worker)
    for name, args in (
        ("add_goal", ()),
        ("edit_goal", (goal.pk,)),
        ("add_action", (goal.pk,)),
        ("add_contingency", ()),
        ("add_contact", ()),
        ("edit_plan", ()),
        ("goal_from_need", (plan.assessment.needs.first().pk,)),
        ("agree", ()),
    ):
        response = client.post(url(name, plan, *args), {"what_we_want_to_be_different": "x"})
        assert response.status_code == 302, name
    assert client.get(url("needs", plan)).status_code == 302
    response = client.post(url("remove_item", plan, "goals", goal.pk), follow=True)
    assert "can no longer be changed" in response.content.decode()
    goal.refresh_from_db()
    assert goal.removed_at is None
    assert Goal.objects.count() == 1


def test_taking_a_goal_out_of_a_draft_keeps_it_in_the_record(world, signed_in):
    plan = draft_plan(world)
    goal = add_goal(plan)
    action = add_action(goal)
    response = signed_in(world.key_worker).post(url("remove_item", plan, "goals", goal.pk))
    assert response.status_code == 302
    assert not plan.goals.exists()
    assert Goal.all_objects.get(pk=goal.pk).removed_by == world.key_worker
    assert Action.all_objects.get(pk=action.pk).removed_at is not None


# Revision ---------------------------------------------------------------------------------


def test_revising_makes_version_2_and_version_1_stays_readable_until_v2_is_agreed(world, signed_in):

    v1 = agreed_plan(world)
    add_contingency(v1)  # written straight to the database: only the revision is under test
    client = signed_in(world.key_worker)
    response = client.post(url("revise", v1), {"reason": "The review agreed a school goal."})
    v2 = Plan.objects.get(version=2)
    assert response.status_code == 302
    assert v2.is_draft
    assert v2.previous_version == v1
    assert v2.goals.count() == 1
    assert Action.objects.filter(goal__plan=v2).count() == 1
    assert Contingency.objects.filter(plan=v2).count() == 1
    assert PlanContact.objects.filter(plan=v2).count() == v1.contacts.count()
    v1.refresh_from_db()
    assert v1.is_agreed
    assert client.get(url("detail", v1)).status_code == 200
    again = client.post(url("revise", v1), {"reason": "Again"}, follow=True)
    assert Plan.objects.count() == 2
    assert "Revise this plan" not in again.content.decode()

    agree(v2, others="Mum", recorded_by=world.key_worker)
    v1.refresh_from_db()
    assert v1.is_superseded
    assert client.get(url("detail", v1)).status_code == 200
    versions = client.get(reverse("plans:versions", args=[world.case.pk])).content.decode()
    assert "Version 1" in versions
    assert "Version 2" in versions


def test_what_changed_lists_added_removed_and_changed_items(world, signed_in):
    from plans import services

    v1 = agreed_plan(world)
    add_contingency(v1, if_this_happens="If Jay goes missing")
    v2 = services.plan_revise(plan=v1, revised_by=world.key_worker, reason="Review")
    goal = v2.goals.get()
    goal.target_score = 9
    goal.save()
    action = Action.objects.get(goal=goal)
    action.due_date = action.due_date + datetime.timedelta(days=7)
    action.save()
    add_goal(v2, what_we_want_to_be_different="Jay goes to school every day")
    Contingency.objects.get(plan=v2).remove(by=world.key_worker)
    page = signed_in(world.key_worker).get(url("changes", v2))
    assert_shows(
        page,
        "What changed since version 1",
        "Jay goes to school every day",  # the added goal
        "Target score: “7” became “9”",
        "By when:",
        "If Jay goes missing",
        "Taken out",
    )


def test_a_draft_cannot_be_revised(world, signed_in):
    plan = draft_plan(world)
    response = signed_in(world.key_worker).post(url("revise", plan), {"reason": "x"})
    assert response.status_code == 302
    assert Plan.objects.count() == 1


def test_viewing_a_plan_is_logged(world, signed_in):
    plan = draft_plan(world)
    signed_in(world.team_manager).get(url("detail", plan))
    assert AccessLog.objects.filter(
        action="view",
        record_type=AccessLog.RecordType.PLAN,
        record_id=plan.pk,
        case_id=world.case.pk,
    ).exists()
