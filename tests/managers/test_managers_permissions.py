"""Who may open each managers' page: anonymous people sign in, key workers and administrators
are refused, managers see their own scope, and the cost assumptions are administrators' only."""

import pytest
from django.urls import reverse

from managers.models import CostAssumptions, Notification
from tests.background import queued_document

pytestmark = pytest.mark.django_db

MANAGER_PAGES = [
    ("managers:caseloads", {}),
    ("managers:attention", {}),
    ("managers:outcomes", {}),
    ("managers:outcomes_csv", {}),
    ("managers:outcomes_csv", {"part": "cases"}),
    ("managers:outcomes_pdf", {}),
]


@pytest.mark.parametrize(("name", "params"), MANAGER_PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, world, name, params):
    response = client.get(reverse(name), params)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "params"), MANAGER_PAGES)
@pytest.mark.parametrize("role", ["key_worker", "administrator", "other_org_worker"])
def test_key_workers_and_administrators_are_refused(signed_in, world, name, params, role):
    user = world.users_by_role()[role]
    assert signed_in(user).get(reverse(name), params).status_code == 403


@pytest.mark.parametrize(("name", "params"), MANAGER_PAGES)
@pytest.mark.parametrize("role", ["team_manager", "service_manager"])
def test_managers_may_open_them(signed_in, world, name, params, role):
    user = world.users_by_role()[role]
    response = signed_in(user).get(reverse(name), params)
    if name == "managers:outcomes_pdf":
        # Queued for a worker: the manager is sent to the document's "being prepared" page.
        assert queued_document(response).requested_by == user
    else:
        assert response.status_code == 200


def test_drill_down_permissions(client, signed_in, world):
    url = reverse("managers:caseload_cases")
    params = {"worker": world.key_worker.pk, "figure": "open_cases"}
    assert client.get(url, params).status_code == 302
    assert signed_in(world.key_worker).get(url, params).status_code == 403
    assert signed_in(world.administrator).get(url, params).status_code == 403
    assert signed_in(world.team_manager).get(url, params).status_code == 200
    assert signed_in(world.service_manager).get(url, params).status_code == 200
    assert signed_in(world.other_service_manager).get(url, params).status_code == 404
    assert signed_in(world.other_team_manager).get(url, params).status_code == 404


def test_caseloads_and_attention_show_nothing_of_another_team_or_organisation(signed_in, world):
    client = signed_in(world.other_team_manager)
    caseloads = client.get(reverse("managers:caseloads"))
    workers = {row.worker for row in caseloads.context["rows"]}
    assert world.key_worker not in workers
    assert world.case.family.family_name not in caseloads.content.decode()
    attention = client.get(reverse("managers:attention"))
    assert world.case.reference not in attention.content.decode()


COST_URL = reverse("managers:cost_assumptions")


@pytest.mark.parametrize("role", ["key_worker", "team_manager", "service_manager"])
def test_only_administrators_set_the_cost_assumptions(signed_in, world, role):
    client = signed_in(world.users_by_role()[role])
    assert client.get(COST_URL).status_code == 403
    assert client.post(COST_URL, {"weekly_placement_cost": "1"}).status_code == 403
    assert not CostAssumptions.objects.exists()


def test_an_administrator_sets_the_cost_assumptions(client, signed_in, world):
    assert client.get(COST_URL).status_code == 302
    admin = signed_in(world.administrator)
    assert admin.get(COST_URL).status_code == 200
    response = admin.post(
        COST_URL,
        {
            "weekly_placement_cost": "3500",
            "weeks_avoided": "20",
            "counted_cases": "parent_asked",
            "source_note": "Finance report 2026/27, residential and foster average",
        },
    )
    assert response.status_code == 302
    saved = CostAssumptions.objects.get(organisation=world.org)
    assert (saved.weekly_placement_cost, saved.weeks_avoided) == (3500, 20)
    assert saved.updated_by == world.administrator
    assert saved.history.count() == 1


def test_bad_cost_assumptions_are_refused_on_the_form(signed_in, world):
    admin = signed_in(world.administrator)
    response = admin.post(
        COST_URL, {"weekly_placement_cost": "-5", "weeks_avoided": "0", "counted_cases": "x"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"weekly_placement_cost", "weeks_avoided", "counted_cases"} <= set(errors)
    assert not CostAssumptions.objects.exists()


def test_notifications_are_each_users_own(client, signed_in, world):
    mine = Notification.objects.create(recipient=world.key_worker, kind="allocated", text="x")
    theirs = Notification.objects.create(recipient=world.colleague, kind="allocated", text="y")
    url = reverse("managers:notifications")
    assert client.get(url).status_code == 302
    kw = signed_in(world.key_worker)
    response = kw.get(url)
    assert response.status_code == 200
    assert list(response.context["notifications"]) == [mine]
    assert kw.get(reverse("managers:notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("name", ["managers:caseloads", "managers:attention", "managers:outcomes"])
def test_pages_refuse_a_post(signed_in, world, name):
    assert signed_in(world.team_manager).post(reverse(name)).status_code == 405
