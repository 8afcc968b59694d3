"""Action progress between reviews, on the plan in force, without revising it; revisions carry
done and dropped actions as they are; "what changed" says done, and sees an edit anywhere in a
long text."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import services
from plans.diff import plan_changes
from plans.models import Action, ActionProgress, Plan
from plans.selectors import plan_with_contents
from tests.plans.plan_helpers import add_action, add_goal, agree, draft_plan, parent
from tests.reviews.review_helpers import agreed_plan

pytestmark = pytest.mark.django_db


def progress_url(plan: Plan, action: Action) -> str:
    return reverse("plans:action_progress", args=[plan.case_id, plan.pk, action.pk])


def the_action(plan: Plan) -> Action:
    return Action.objects.get(goal__plan=plan)


def test_a_worker_marks_an_action_done_between_reviews_without_revising_the_plan(world, signed_in):
    plan = agreed_plan(world)
    action = the_action(plan)
    done_on = timezone.localdate() - datetime.timedelta(days=3)
    client = signed_in(world.key_worker)
    assert client.get(progress_url(plan, action)).status_code == 200
    response = client.post(
        progress_url(plan, action),
        {
            "status": "done",
            "happened_on": done_on.isoformat(),
            "note": "Mum rang the school.",
            "seen_version": action.row_version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.status_on == done_on
    step = ActionProgress.objects.get(action=action)
    assert step.recorded_by == world.key_worker
    assert step.note == "Mum rang the school."
    # Still the same version, still in force: no revision was needed.
    assert Plan.objects.filter(case=world.case).count() == 1
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Mum rang the school." in page
    assert f"since {done_on.day} {done_on:%B %Y}" in page
    family = client.get(reverse("plans:family_plan", args=[plan.case_id, plan.pk]))
    assert f"(done on {done_on:%A} {done_on.day} {done_on:%B %Y})" in family.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"status": "done", "happened_on": "future"},
            "The date cannot be in the future: record progress once it has happened.",
        ),
        ({"status": "done", "happened_on": "before"}, "cannot be before the plan was agreed"),
        (
            {"status": "dropped", "happened_on": "today", "note": " "},
            "Say why the action was dropped.",
        ),
        ({"status": "done", "happened_on": ""}, "Enter the date it happened."),
        ({"status": "done", "happened_on": "31/02/2026"}, "as a real date"),
        ({"happened_on": "today"}, "Choose how the action is going."),
    ],
)
def test_impossible_progress_is_refused_on_the_form_with_the_text_kept(
    world, signed_in, data, message
):
    plan = agreed_plan(world)
    action = the_action(plan)
    today = timezone.localdate()
    dates = {
        "future": today + datetime.timedelta(days=1),
        "before": plan.agreed_on - datetime.timedelta(days=1),
        "today": today,
    }
    data = {
        "note": "Half of what we hoped for, but a start.",
        "seen_version": action.row_version,
        **data,
    }
    if data["happened_on"] in dates:
        data["happened_on"] = dates[data["happened_on"]].isoformat()
    response = signed_in(world.key_worker).post(progress_url(plan, action), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if data["note"].strip():
        assert "Half of what we hoped for, but a start." in page
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED
    assert not ActionProgress.objects.exists()


def test_progress_is_recorded_only_on_the_plan_in_force(world, signed_in):
    plan = draft_plan(world)
    action = add_action(add_goal(plan))
    response = signed_in(world.key_worker).post(
        progress_url(plan, action),
        {"status": "done", "happened_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert not ActionProgress.objects.exists()
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED


def test_a_review_lists_the_actions_and_links_to_record_progress_back_to_it(world, signed_in):
    from tests.reviews.review_helpers import started_review

    plan = agreed_plan(world)
    review = started_review(world, plan)
    action = the_action(plan)
    client = signed_in(world.key_worker)
    goals_page = client.get(reverse("reviews:review_goals", args=[world.case.pk, review.pk]))
    link = f"{progress_url(plan, action)}?back=review:{review.pk}"
    assert link in goals_page.content.decode()
    form = client.get(link).content.decode()
    assert reverse("reviews:review_goals", args=[world.case.pk, review.pk]) in form
    response = client.post(
        link,
        {
            "status": "under_way",
            "happened_on": timezone.localdate().isoformat(),
            "seen_version": action.row_version,
        },
    )
    assert response["Location"] == reverse("reviews:review_goals", args=[world.case.pk, review.pk])
    detail = client.get(review.get_absolute_url()).content.decode()
    assert "Under way" in detail


def test_a_step_recorded_by_a_colleague_meanwhile_is_not_overwritten(world, signed_in):
    plan = agreed_plan(world)
    action = the_action(plan)
    seen = action.row_version
    services.action_progress_record(
        action=action,
        status="under_way",
        on=timezone.localdate(),
        note="Started on Monday.",
        recorded_by=world.team_manager,
    )
    response = signed_in(world.key_worker).post(
        progress_url(plan, action),
        {
            "status": "done",
            "happened_on": timezone.localdate().isoformat(),
            "note": "All done now.",
            "seen_version": seen,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Someone else changed this action since you opened the page" in page
    assert "All done now." in page
    assert ActionProgress.objects.count() == 1
    assert Action.objects.get(pk=action.pk).status == Action.Status.UNDER_WAY


def revised_with_a_done_and_a_dropped_action(world):
    plan = agreed_plan(world)
    goal = plan.goals.get()
    done = the_action(plan)
    dropped = add_action(goal, what="Join the Saturday boxing club.", order=2)
    # Due long before the revision starts: a done or dropped action keeps its old date.
    Action.objects.filter(pk__in=[done.pk, dropped.pk]).update(
        due_date=plan.agreed_on - datetime.timedelta(days=10)
    )
    day = timezone.localdate()
    services.action_progress_record(
        action=Action.objects.get(pk=done.pk),
        status="done",
        on=day,
        note="",
        recorded_by=world.key_worker,
    )
    services.action_progress_record(
        action=Action.objects.get(pk=dropped.pk),
        status="dropped",
        on=day,
        note="The club closed.",
        recorded_by=world.key_worker,
    )
    new = services.plan_revise(plan=plan, revised_by=world.key_worker, reason="New goal.")
    return plan, new


def test_a_revision_carries_done_and_dropped_actions_as_they_are(world):
    plan, new = revised_with_a_done_and_a_dropped_action(world)
    copied = {a.what: a for a in Action.objects.filter(goal__plan=new)}
    assert len(copied) == 2
    assert copied["Join the Saturday boxing club."].status == Action.Status.DROPPED
    assert copied["Join the Saturday boxing club."].dropped_reason == "The club closed."
    assert {a.status for a in copied.values()} == {"done", "dropped"}
    # Their old dates do not stop the family agreeing the new version.
    assert plan_with_contents(new).agreement_problems() == []
    agree(new, people=[parent(world.case, "Rose")], recorded_by=world.key_worker)
    assert new.is_agreed


def test_what_changed_says_done_rather_than_taken_out(world, signed_in):
    plan, new = revised_with_a_done_and_a_dropped_action(world)
    page = signed_in(world.key_worker).get(reverse("plans:changes", args=[world.case.pk, new.pk]))
    text = page.content.decode()
    assert "Action done (kept as it is)" in text
    assert "Action dropped (kept as it is)" in text
    assert "taken out" not in text


def test_what_changed_sees_an_edit_after_the_shortened_text_ends(world):
    plan = agreed_plan(world)
    goal = plan.goals.get()
    long_text = "We want evenings at home to be calm, with tea together and nobody walking out " * 2
    goal.what_we_want_to_be_different = long_text + "before nine."
    goal.save()
    new = services.plan_revise(plan=plan, revised_by=world.key_worker, reason="Wording.")
    copy = new.goals.get()
    copy.what_we_want_to_be_different = long_text + "before ten."
    copy.save()
    sections = plan_changes(plan_with_contents(plan), plan_with_contents(new))
    details = [d for s in sections for c in s.changes for d in c.details]
    assert any(d.startswith("What we want to be different:") for d in details)
