"""Who may open each case and family page, and who gets a 404 (logged) or a 403."""

import pytest
from django.urls import reverse

from edgecare.models import AccessLog
from tests.families.factories import only_families_panels  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_families_panels")]

# page name -> (url builder, what a key worker gets, what the team's manager gets)
CASE_PAGES = {
    "case_detail": (lambda w: reverse("families:case_detail", args=[w.case.pk]), 200),
    "case_edit": (lambda w: reverse("families:case_edit", args=[w.case.pk]), 200),
    "decision_add": (lambda w: reverse("families:decision_add", args=[w.case.pk]), 200),
    "case_allocate": (lambda w: reverse("families:case_allocate", args=[w.case.pk]), 403),
}
FAMILY_PAGES = {
    "family_detail": lambda w: reverse("families:family_detail", args=[w.case.family.pk]),
    "family_edit": lambda w: reverse("families:family_edit", args=[w.case.family.pk]),
    "person_add": lambda w: reverse("families:person_add", args=[w.case.family.pk]),
    "person_edit": lambda w: reverse(
        "families:person_edit",
        args=[w.case.family.pk, w.case.young_people.get().pk],
    ),
    "referral_create": lambda w: reverse("families:referral_create", args=[w.case.family.pk]),
}
ALL_PAGES = {
    **{name: url for name, (url, _kw) in CASE_PAGES.items()},
    **FAMILY_PAGES,
}


@pytest.mark.parametrize("page", sorted(ALL_PAGES))
def test_anonymous_visitors_are_sent_to_sign_in(client, world, page):
    response = client.get(ALL_PAGES[page](world))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("page", sorted(CASE_PAGES))
def test_a_key_worker_of_the_team_may_work_on_the_case_but_not_manage_it(signed_in, world, page):
    url, expected = CASE_PAGES[page]
    assert signed_in(world.key_worker).get(url(world)).status_code == expected


@pytest.mark.parametrize("role", ["team_manager", "service_manager"])
@pytest.mark.parametrize("page", sorted(ALL_PAGES))
def test_the_teams_and_services_managers_may_open_every_page(signed_in, world, role, page):
    user = getattr(world, role)
    assert signed_in(user).get(ALL_PAGES[page](world)).status_code == 200


@pytest.mark.parametrize("page", sorted(FAMILY_PAGES))
def test_a_key_worker_of_the_team_may_open_the_familys_pages(signed_in, world, page):
    assert signed_in(world.key_worker).get(FAMILY_PAGES[page](world)).status_code == 200


@pytest.mark.parametrize(
    "role", ["administrator", "other_team_worker", "other_service_manager", "other_org_worker"]
)
@pytest.mark.parametrize("page", sorted(ALL_PAGES))
def test_anyone_outside_the_cases_scope_gets_a_logged_404(signed_in, world, role, page):
    user = world.users_by_role()[role]
    response = signed_in(user).get(ALL_PAGES[page](world))
    assert response.status_code == 404
    assert world.case.family.family_name.encode() not in response.content
    refusal = AccessLog.objects.get(action="refused", user=user)
    assert refusal.record_id in {world.case.pk, world.case.family.pk}


@pytest.mark.parametrize("page", ["case_edit", "decision_add", "case_allocate"])
def test_posts_to_another_teams_case_are_404_and_change_nothing(signed_in, world, page):
    url = CASE_PAGES[page][0](world)
    before = world.case.row_version
    response = signed_in(world.other_team_manager).post(url, {"reason": "x"})
    assert response.status_code == 404
    world.case.refresh_from_db()
    assert world.case.row_version == before


def test_the_referral_pages_are_for_practitioners_only(signed_in, world, client):
    for name in ["families:referral_start", "families:referral_new_family"]:
        assert signed_in(world.key_worker).get(reverse(name)).status_code == 200
        assert signed_in(world.service_manager).get(reverse(name)).status_code == 200
        assert signed_in(world.administrator).get(reverse(name)).status_code == 403
        client.logout()
        assert client.get(reverse(name)).status_code == 302


@pytest.mark.parametrize("page", ["case_edit", "decision_add", "case_allocate"])
def test_a_closed_case_is_read_only_even_for_its_manager(signed_in, world, page):
    world.case.status = "closed"
    world.case.save()
    client = signed_in(world.team_manager)
    url = CASE_PAGES[page][0](world)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    page_html = client.get(world.case.get_absolute_url()).content.decode()
    assert reverse("families:decision_add", args=[world.case.pk]) not in page_html
    assert reverse("families:case_edit", args=[world.case.pk]) not in page_html


def test_viewing_a_family_is_written_to_the_access_log(signed_in, world):
    signed_in(world.key_worker).get(world.case.family.get_absolute_url())
    entry = AccessLog.objects.get(action="view", record_type=AccessLog.RecordType.FAMILY)
    assert entry.record_id == world.case.family.pk
