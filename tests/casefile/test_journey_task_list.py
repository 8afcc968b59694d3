"""The case page's task list: each stage of the journey with its GOV.UK status, moving on as
the work does, each linking to the page it is done on."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from casefile import case_page
from families.case_parts import TaskStatus
from families.models import Case, Decision
from plans.models import Plan
from tests.assessments.assessment_helpers import complete, start
from tests.factories import UserFactory
from tests.plans.plan_helpers import add_action, add_goal, agree, draft_plan, parent
from tests.reviews.review_helpers import (
    completed_review,
    fill_closure,
    signed_off_closure,
    started_closure,
)

pytestmark = pytest.mark.django_db


TASK = re.compile(
    r'<li class="govuk-task-list__item[^"]*">\s*<div class="govuk-task-list__name-and-hint">\s*'
    r"(?:<a [^>]*>(?P<linked>[^<]+)</a>|<div>(?P<plain>[^<]+)</div>).*?"
    r'<div class="govuk-task-list__status[^"]*" id="[^"]+">(?P<status>.*?)</div>',
    re.S,
)


def statuses(signed_in, user, case) -> dict[str, str]:
    """The task list as the page shows it: task name -> status text."""
    response = signed_in(user).get(case.get_absolute_url())
    assert response.status_code == 200
    return {
        (m["linked"] or m["plain"]).strip(): " ".join(re.sub(r"<[^>]+>", "", m["status"]).split())
        for m in TASK.finditer(response.content.decode())
    }


def record_decision(world):
    Decision.objects.create(
        case=world.case,
        outcome=Decision.Outcome.SUPPORT_AT_HOME,
        decided_on=world.case.referral_date,
        decided_by_name="Edge of care panel",
        risks="Arguments at night.",
        strengths="Grandmother close by.",
        rationale="Support at home can keep him safe.",
        recorded_by=world.team_manager,
    )


def test_the_task_list_follows_a_case_from_referral_to_follow_ups(signed_in, world):
    kw = world.key_worker
    Case.objects.filter(pk=world.case.pk).update(status=Case.Status.REFERRED)
    world.case.refresh_from_db()
    assert statuses(signed_in, kw, world.case) == {
        "Referral": TaskStatus.COMPLETED,
        "Edge-of-care decision": TaskStatus.NOT_STARTED,
        "Assessment": TaskStatus.NOT_STARTED,
        "Plan": TaskStatus.CANNOT_START,
        "Reviews": TaskStatus.CANNOT_START,
        "Closure": TaskStatus.CANNOT_START,
        "Follow-up checks": TaskStatus.CANNOT_START,
    }
    record_decision(world)
    assessment = complete(start(world.case, kw))
    now = statuses(signed_in, kw, world.case)
    assert now["Edge-of-care decision"] == TaskStatus.COMPLETED
    assert now["Assessment"] == TaskStatus.IN_PROGRESS

    assessment_services.assessment_submit(assessment=assessment, by=kw)
    assert statuses(signed_in, kw, world.case)["Assessment"] == TaskStatus.WAITING

    assessment_services.assessment_sign_off(assessment=assessment, by=world.team_manager)
    now = statuses(signed_in, kw, world.case)
    assert now["Assessment"] == TaskStatus.COMPLETED
    assert now["Plan"] == TaskStatus.NOT_STARTED

    plan = draft_plan(world, assessment)
    add_action(add_goal(plan))
    assert statuses(signed_in, kw, world.case)["Plan"] == TaskStatus.IN_PROGRESS
    agree(plan, people=[parent(world.case)], recorded_by=kw)
    # Agreed three weeks ago, so a review can be dated since.
    Plan.objects.filter(pk=plan.pk).update(
        agreed_on=timezone.localdate() - datetime.timedelta(days=20)
    )
    plan.refresh_from_db()
    world.case.refresh_from_db()
    now = statuses(signed_in, kw, world.case)
    assert now["Plan"] == TaskStatus.COMPLETED
    assert now["Reviews"] == TaskStatus.NOT_STARTED
    assert now["Closure"] == TaskStatus.NOT_STARTED

    completed_review(world, plan)
    assert statuses(signed_in, kw, world.case)["Reviews"] == TaskStatus.IN_PROGRESS

    closure = fill_closure(started_closure(world, plan=plan))
    assert statuses(signed_in, kw, world.case)["Closure"] == TaskStatus.IN_PROGRESS
    closure.submit(by=kw)
    assert statuses(signed_in, kw, world.case)["Closure"] == TaskStatus.WAITING


def test_a_closed_case_shows_every_stage_done_and_the_follow_ups_to_make(signed_in, world):
    signed_off_closure(world)
    now = statuses(signed_in, world.team_manager, world.case)
    assert now["Closure"] == TaskStatus.COMPLETED
    assert now["Reviews"] in (TaskStatus.COMPLETED, TaskStatus.CANNOT_START)
    assert now["Follow-up checks"] == TaskStatus.NOT_STARTED


def test_each_task_that_can_start_links_to_its_page_and_one_that_cannot_has_no_link(
    signed_in, world
):
    page = signed_in(world.key_worker).get(world.case.get_absolute_url()).content.decode()
    tasks = {(m["linked"] or m["plain"]).strip(): m for m in TASK.finditer(page)}
    assert tasks["Assessment"]["linked"]
    start_url = reverse("assessments:start", args=[world.case.pk])
    assert f'href="{start_url}"' in tasks["Assessment"][0]
    assert tasks["Plan"]["plain"]
    assert "Needs a signed-off assessment" in tasks["Plan"][0]
    assert "govuk-task-list__status--cannot-start-yet" in tasks["Plan"][0]


def test_a_worker_who_may_not_change_the_case_is_not_sent_to_its_forms(signed_in, world):
    # A service manager of another service's case sees nothing; one of this service may read it.
    reader = UserFactory(team=world.team, role="team_manager", username="reader2")
    tasks = [
        task
        for provider in case_page.JOURNEY
        for task in provider(_request_for(reader), world.case)
    ]
    assert [t.name for t in tasks] == [
        "Referral",
        "Edge-of-care decision",
        "Assessment",
        "Plan",
        "Reviews",
        "Closure",
        "Follow-up checks",
    ]


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def test_dated_reminders_stay_beside_the_task_list(signed_in, world):
    page = signed_in(world.key_worker).get(world.case.get_absolute_url()).content.decode()
    reminders = page[page.index(">Reminders<") :]
    # The decision is due a week after the referral: the task list says "not started", the
    # reminder beside it says by when.
    assert "Decision: awaiting rationale" in reminders
    assert "(due " in reminders
