"""Impossible orders of dates, a time without a date, a progress date after today: whatever is
typed, a clear message on the form, the text kept, nothing saved. Beside the hostile-input
tests, with hypothesis choosing the dates."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from families.models import Allocation, Case
from families.services import allocatable_workers
from plans.models import ActionProgress, Plan
from reviews.models import Closure
from tests.plans.plan_helpers import add_action, add_goal, draft_plan, parent
from tests.reviews.review_helpers import agreed_plan, completed_review

pytestmark = pytest.mark.django_db

DATES = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
TODAY = timezone.localdate()
NOTE = "Said she would try again next week <b>honestly</b>."


def after_today():
    return st.integers(min_value=1, max_value=4000).map(
        lambda n: TODAY + datetime.timedelta(days=n)
    )


@DATES
@given(day=after_today(), status=st.sampled_from(["under_way", "done", "dropped"]))
def test_progress_dated_after_today_is_refused_and_nothing_saved(world, signed_in, day, status):
    plan = Plan.objects.filter(case=world.case).agreed().first() or agreed_plan(world)
    action = plan.goals.get().actions.get()
    response = signed_in(world.key_worker).post(
        reverse("plans:action_progress", args=[world.case.pk, plan.pk, action.pk]),
        {
            "status": status,
            "happened_on": day.isoformat(),
            "note": NOTE,
            "seen_version": action.row_version,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The date cannot be in the future" in page
    assert "Said she would try again next week &lt;b&gt;honestly&lt;/b&gt;." in page
    assert not ActionProgress.objects.exists()


@DATES
@given(days_before=st.integers(min_value=1, max_value=3000))
def test_an_agreement_before_the_assessment_was_signed_off_is_refused(
    world, signed_in, days_before
):
    plan = Plan.objects.filter(case=world.case).first()
    if plan is None:
        plan = draft_plan(world)
        add_action(add_goal(plan))
        parent(world.case)
    mum = world.case.family.members.get(first_name="Grace")
    response = signed_in(world.key_worker).post(
        reverse("plans:agree", args=[world.case.pk, plan.pk]),
        {
            "agreed_by_people": [mum.pk],
            "agreed_on": (TODAY - datetime.timedelta(days=days_before)).isoformat(),
            "family_comments": NOTE,
        },
    )
    assert response.status_code == 400
    assert "before its assessment was signed off" in response.content.decode()
    assert NOTE.split(" <b>")[0] in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).is_draft


@DATES
@given(days_before=st.integers(min_value=1, max_value=15))
def test_a_closure_before_the_last_review_is_refused(world, signed_in, days_before):
    if not world.case.reviews.exists():
        completed_review(world, agreed_plan(world, agreed_days_ago=30))
    review_day = world.case.reviews.get().review_date
    response = signed_in(world.key_worker).post(
        reverse("reviews:closure_start", args=[world.case.pk]),
        {
            "reason": Closure.Reason.GOALS_ACHIEVED,
            "closure_date": (review_day - datetime.timedelta(days=days_before)).isoformat(),
            "key_outcome": Closure.KeyOutcome.WITH_PARENTS,
        },
    )
    assert response.status_code == 400
    assert "cannot be before the last review" in response.content.decode()
    assert not Closure.objects.exists()


@DATES
@given(moment=st.times())
def test_a_referral_time_without_its_date_is_refused(world, signed_in, moment):
    case = world.case
    before = (case.referral_date, case.referral_time)
    response = signed_in(world.key_worker).post(
        reverse("families:case_edit", args=[case.pk]),
        {
            "row_version": Case.objects.get(pk=case.pk).row_version,
            "referral_date": "",
            "referral_time": moment.strftime("%H:%M"),
            "referral_source": case.referral_source,
            "presenting_concerns": NOTE,
            "urgency": case.urgency,
            "young_people": [p.pk for p in case.young_people.all()],
        },
    )
    assert response.status_code == 400
    assert "Enter the date of the referral as well as its time" in response.content.decode()
    case = Case.objects.get(pk=case.pk)
    assert (case.referral_date, case.referral_time) == before


@DATES
@given(day=st.one_of(after_today(), st.integers(min_value=1, max_value=400)))
def test_an_allocation_at_an_impossible_date_is_refused(world, signed_in, day):
    case = world.case
    if isinstance(day, int):  # so many days before the referral
        day = case.referral_date - datetime.timedelta(days=day)
    worker = allocatable_workers(case.team).exclude(pk=case.lead_professional_id).first()
    count = Allocation.objects.count()
    response = signed_in(world.team_manager).post(
        reverse("families:case_allocate", args=[case.pk]),
        {"worker": worker.pk, "reason": "Cover while away", "effective_on": day.isoformat()},
    )
    assert response.status_code == 400
    assert "cannot take effect" in response.content.decode()
    assert "Cover while away" in response.content.decode()
    assert Allocation.objects.count() == count
