"""Caseloads: each figure per worker, the cases behind it, sorting, allocation and a flat cost."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment
from families.models import Allocation, Case
from managers.models import Notification
from reviews.models import Closure
from tests.factories import CaseFactory, UserFactory
from tests.managers.helpers import (
    TODAY,
    agreed_plan,
    assessment,
    closure,
    contact,
    days_ago,
    follow_up,
)

pytestmark = pytest.mark.django_db

URL = reverse("managers:caseloads")


def rows_by_worker(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return {row.worker: row for row in response.context["rows"]}


def test_each_figure_counts_the_workers_cases(signed_in, world):
    kw = world.key_worker  # already leads world.case: active, referred 30 days ago
    CaseFactory(team=world.team, lead_professional=kw, status=Case.Status.REFERRED)
    in_assessment = CaseFactory(
        team=world.team, lead_professional=kw, status=Case.Status.ASSESSMENT
    )
    assessment(in_assessment, status=Assessment.Status.SUBMITTED)
    overdue = CaseFactory(team=world.team, lead_professional=kw, status=Case.Status.ACTIVE)
    agreed_plan(overdue, next_review_date=days_ago(1))
    CaseFactory(team=world.team, lead_professional=kw, status=Case.Status.CLOSED)
    contact(world.case, days_ago(3))
    contact(world.case, days_ago(13))
    contact(world.case, days_ago(14))  # outside the last 14 days
    contact(overdue, days_ago(2))

    row = rows_by_worker(signed_in(world.team_manager))[kw]

    assert row.figures["open_cases"] == 4
    assert row.figures["referred"] == 1
    assert row.figures["assessment"] == 1
    assert row.figures["active"] == 2
    assert row.figures["contacted_recently"] == 3
    assert row.figures["overdue_reviews"] == 1
    # world.case (active, no assessment at all) and in_assessment (only submitted).
    assert row.figures["no_assessment"] == 2
    assert row.figures["no_plan"] == 2
    assert row.figures["awaiting_sign_off"] == 1
    # Quietest open case: the referral of 30 days ago with no contact at all.
    assert row.days_since_contact == 30


def test_days_since_last_contact_is_the_quietest_open_case(signed_in, world):
    contact(world.case, days_ago(4))
    other = CaseFactory(team=world.team, lead_professional=world.key_worker)
    contact(other, days_ago(12))
    contact(other, days_ago(40))
    row = rows_by_worker(signed_in(world.team_manager))[world.key_worker]
    assert row.days_since_contact == 12
    assert row.is_quiet  # more than QUIET_CASE_DAYS (10)


def test_overdue_follow_ups_count_closed_cases(signed_in, world):
    closed = CaseFactory(team=world.team, lead_professional=world.key_worker)
    done = closure(closed, on=days_ago(120))
    follow_up(closed, done, months=3, due=days_ago(30))
    follow_up(closed, done, months=6, due=TODAY + datetime.timedelta(days=60))
    row = rows_by_worker(signed_in(world.team_manager))[world.key_worker]
    assert row.figures["overdue_follow_ups"] == 1
    assert row.figures["open_cases"] == 1


def test_closures_awaiting_sign_off_count(signed_in, world):
    closure(world.case, on=days_ago(1), status=Closure.Status.SUBMITTED)
    row = rows_by_worker(signed_in(world.team_manager))[world.key_worker]
    assert row.figures["awaiting_sign_off"] == 1


def test_team_manager_sees_their_team_and_service_manager_the_service(signed_in, world):
    team_view = rows_by_worker(signed_in(world.team_manager))
    assert world.key_worker in team_view
    assert world.colleague in team_view  # no cases, still listed
    assert world.other_team_worker not in team_view
    assert world.other_org_worker not in team_view
    service_view = rows_by_worker(signed_in(world.service_manager))
    assert world.other_team_worker in service_view
    assert world.other_org_worker not in service_view
    assert not any(w.team_id == world.other_service_team.pk for w in service_view)


def test_a_lead_who_moved_team_still_shows_with_the_cases_they_hold(signed_in, world):
    mover = UserFactory(team=world.other_team)
    CaseFactory(team=world.team, lead_professional=mover)
    row = rows_by_worker(signed_in(world.team_manager))[mover]
    assert row.figures["open_cases"] == 1


def test_sortable_by_any_column(signed_in, world):
    client = signed_in(world.team_manager)
    # The key worker holds the only case: last when sorted low to high, first high to low.
    assert list(rows_by_worker(client, sort="open_cases"))[-1] == world.key_worker
    assert list(rows_by_worker(client, sort="-open_cases"))[0] == world.key_worker
    names = [(w.first_name.casefold(), w.last_name.casefold()) for w in rows_by_worker(client)]
    assert names == sorted(names)


def test_an_unknown_sort_falls_back_to_names(signed_in, world):
    response = signed_in(world.team_manager).get(URL, {"sort": "password"})
    assert response.status_code == 200
    assert response.context["sort_key"] == "worker"


def test_each_figure_links_to_the_cases_behind_it(signed_in, world):
    overdue = CaseFactory(team=world.team, lead_professional=world.key_worker)
    agreed_plan(overdue, next_review_date=days_ago(5))
    client = signed_in(world.team_manager)
    page = client.get(URL).content.decode()
    link = (
        f"{reverse('managers:caseload_cases')}?worker={world.key_worker.pk}"
        "&amp;figure=overdue_reviews"
    )
    assert link in page
    response = client.get(
        reverse("managers:caseload_cases"),
        {"worker": world.key_worker.pk, "figure": "overdue_reviews"},
    )
    assert response.status_code == 200
    assert [c.pk for c in response.context["cases"]] == [overdue.pk]
    open_cases = client.get(
        reverse("managers:caseload_cases"), {"worker": world.key_worker.pk, "figure": "open_cases"}
    )
    assert {c.pk for c in open_cases.context["cases"]} == {world.case.pk, overdue.pk}


def test_a_workers_name_is_shown_as_text_never_as_markup(signed_in, world):
    world.key_worker.first_name = '<img src=x onerror="alert(1)">'
    world.key_worker.save()
    CaseFactory(team=world.team, lead_professional=world.key_worker)
    page = signed_in(world.team_manager).get(URL).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_drill_down_refuses_a_worker_or_figure_out_of_scope(signed_in, world):
    client = signed_in(world.team_manager)
    url = reverse("managers:caseload_cases")
    assert client.get(url, {"worker": world.other_team_worker.pk}).status_code == 404
    assert client.get(url, {"worker": world.other_org_worker.pk}).status_code == 404
    assert client.get(url, {"worker": world.key_worker.pk, "figure": "nope"}).status_code == 404
    assert client.get(url, {"worker": "x"}).status_code == 404


def test_unallocated_referrals_are_listed_with_allocate(signed_in, world):
    waiting = CaseFactory(team=world.team, status=Case.Status.REFERRED)
    elsewhere = CaseFactory(team=world.other_team, status=Case.Status.REFERRED)
    response = signed_in(world.team_manager).get(URL)
    assert [c.pk for c in response.context["unallocated"]] == [waiting.pk]
    assert reverse("managers:allocate", args=[waiting.pk]) in response.content.decode()
    assert elsewhere.pk not in [c.pk for c in response.context["unallocated"]]


def test_allocating_from_the_caseloads_page(signed_in, world):
    waiting = CaseFactory(team=world.team, status=Case.Status.REFERRED)
    client = signed_in(world.team_manager)
    url = reverse("managers:allocate", args=[waiting.pk]) + "?next=" + URL
    assert client.get(url).status_code == 200
    response = client.post(url, {"worker": world.colleague.pk, "reason": "First allocation"})
    assert response.status_code == 302
    assert response.url == URL
    waiting.refresh_from_db()
    assert waiting.lead_professional == world.colleague
    assert Allocation.objects.filter(case=waiting, worker=world.colleague).exists()
    told = Notification.objects.get(recipient=world.colleague)
    assert told.kind == Notification.Kind.ALLOCATED
    assert waiting.reference in told.text


def test_reallocation_refuses_a_worker_of_another_team(signed_in, world):
    client = signed_in(world.team_manager)
    url = reverse("managers:allocate", args=[world.case.pk])
    response = client.post(url, {"worker": world.other_team_worker.pk, "reason": "Leave"})
    assert response.status_code == 400
    assert response.context["form"].errors
    world.case.refresh_from_db()
    assert world.case.lead_professional == world.key_worker


def test_allocate_ignores_an_outside_next_address(signed_in, world):
    client = signed_in(world.team_manager)
    url = reverse("managers:allocate", args=[world.case.pk]) + "?next=https://evil.example/"
    response = client.post(url, {"worker": world.colleague.pk, "reason": "Leave cover"})
    assert response.url == URL


def test_allocation_is_for_the_cases_managers_only(signed_in, world):
    url = reverse("managers:allocate", args=[world.case.pk])
    assert signed_in(world.key_worker).get(url).status_code == 403
    assert signed_in(world.other_team_manager).get(url).status_code == 404
    assert signed_in(world.administrator).get(url).status_code == 404
    assert signed_in(world.service_manager).get(url).status_code == 200
    closed = CaseFactory(team=world.team, status=Case.Status.CLOSED)
    assert (
        signed_in(world.team_manager)
        .get(reverse("managers:allocate", args=[closed.pk]))
        .status_code
        == 403
    )


def _busy_team(world, n):
    for i in range(n):
        case = CaseFactory(
            team=world.team,
            lead_professional=world.key_worker if i % 2 else world.colleague,
            status=[Case.Status.REFERRED, Case.Status.ASSESSMENT, Case.Status.ACTIVE][i % 3],
        )
        contact(case, days_ago(i % 20))
        if i % 3 == 2:
            agreed_plan(case, next_review_date=days_ago(i % 4 - 1))
        if i % 5 == 0:
            CaseFactory(team=world.team, status=Case.Status.REFERRED)


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_caseloads_cost_a_fixed_number_of_queries(signed_in, world):
    client = signed_in(world.service_manager)
    _busy_team(world, 5)
    few = _queries(client, URL)
    _busy_team(world, 45)
    assert _queries(client, URL) == few


def test_drill_down_costs_a_fixed_number_of_queries(signed_in, world):
    client = signed_in(world.team_manager)
    params = {"worker": world.key_worker.pk, "figure": "open_cases"}
    url = reverse("managers:caseload_cases")
    _busy_team(world, 5)
    few = _queries(client, url, params)
    _busy_team(world, 45)
    assert _queries(client, url, params) == few
