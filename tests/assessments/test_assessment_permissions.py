"""Who may see and use every assessment page, and who may not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment
from edgecare.models import AccessLog
from tests.assertions import assert_not_found_and_refusal_logged, assert_shows
from tests.assessments.assessment_helpers import start, submitted
from tests.factories import CaseFactory


def _pages(assessment: Assessment) -> list[str]:
    case_pk, pk = assessment.case_id, assessment.pk
    row = assessment.domain_assessments.first()
    person = assessment.case.young_people.first()
    args = [case_pk, pk]
    return [
        reverse("assessments:start", args=[case_pk]),
        reverse("assessments:detail", args=args),
        reverse("assessments:edit_overview", args=args),
        reverse("assessments:edit_summary", args=args),
        reverse("assessments:edit_analysis", args=args),
        reverse("assessments:edit_domain", args=[*args, row.pk]),
        reverse("assessments:edit_young_person_view", args=[*args, person.pk]),
        reverse("assessments:add_agency_contribution", args=args),
        reverse("assessments:add_need", args=args),
        reverse("assessments:edit_indicators", args=args),
        reverse("assessments:correct", args=args),
    ]


@pytest.fixture
def assessment(world):
    return start(world.case, world.key_worker)


def test_anonymous_visitors_are_sent_to_sign_in(client, assessment):
    for url in _pages(assessment):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("role", ["key_worker", "colleague", "team_manager", "service_manager"])
def test_the_case_team_and_its_managers_may_open_every_page(world, signed_in, assessment, role):
    client = signed_in(getattr(world, role))
    for url in _pages(assessment):
        if url.endswith("/correct/"):
            continue  # only for signed-off assessments: tested below
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "role", ["administrator", "other_team_worker", "other_service_manager", "other_org_worker"]
)
def test_everyone_else_gets_not_found_and_the_refusal_is_logged(world, signed_in, assessment, role):
    client = signed_in(getattr(world, role))
    assert_not_found_and_refusal_logged(client, _pages(assessment))
    for url_name in ("submit", "sign_off", "return", "edit_summary"):
        url = reverse(f"assessments:{url_name}", args=[assessment.case_id, assessment.pk])
        assert client.post(url, {"comments": "x"}).status_code == 404, url


def test_viewing_an_assessment_is_logged(world, signed_in, assessment):
    signed_in(world.key_worker).get(assessment.get_absolute_url())
    entry = AccessLog.objects.filter(
        record_type=AccessLog.RecordType.ASSESSMENT, action="view"
    ).get()
    assert (entry.record_id, entry.case_id) == (assessment.pk, world.case.pk)


def test_another_cases_assessment_under_this_cases_address_is_not_found(world, signed_in):
    second_case = CaseFactory(team=world.team)
    theirs = start(second_case, world.key_worker)
    url = reverse("assessments:detail", args=[world.case.pk, theirs.pk])
    assert signed_in(world.key_worker).get(url).status_code == 404


def test_the_assessor_cannot_sign_off_their_own_assessment(world, signed_in):
    assessment = submitted(world.case, world.team_manager)
    client = signed_in(world.team_manager)
    response = client.post(reverse("assessments:sign_off", args=[world.case.pk, assessment.pk]))
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_a_key_worker_cannot_sign_off(world, signed_in):
    assessment = submitted(world.case, world.key_worker)
    for url_name in ("assessments:sign_off", "assessments:return"):
        url = reverse(url_name, args=[world.case.pk, assessment.pk])
        response = signed_in(world.colleague).post(url, {"comments": "Looks fine"})
        assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_another_teams_manager_cannot_sign_off(world, signed_in):
    assessment = submitted(world.case, world.key_worker)
    url = reverse("assessments:sign_off", args=[world.case.pk, assessment.pk])
    assert signed_in(world.other_team_manager).post(url).status_code == 404
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


@pytest.mark.parametrize("manager", ["team_manager", "service_manager"])
def test_a_manager_of_the_case_signs_off(world, signed_in, manager):
    assessment = submitted(world.case, world.key_worker)
    url = reverse("assessments:sign_off", args=[world.case.pk, assessment.pk])
    response = signed_in(getattr(world, manager)).post(url, {"comments": "Clear and thorough."})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SIGNED_OFF
    assert assessment.signed_off_by == getattr(world, manager)


def test_signing_off_the_first_assessment_leaves_the_case_status_alone(world, signed_in):
    # Set directly: the world's case is active, and the lifecycle never moves one back.
    world.case.status = "assessment"
    world.case.save(update_fields=["status"])
    assessment = submitted(world.case, world.key_worker)
    signed_in(world.team_manager).post(
        reverse("assessments:sign_off", args=[world.case.pk, assessment.pk])
    )
    world.case.refresh_from_db()
    assert world.case.status == "assessment"


def test_a_closed_case_cannot_get_a_new_assessment(world, signed_in):
    world.case.move_to("closed")
    url = reverse("assessments:start", args=[world.case.pk])
    assert signed_in(world.key_worker).get(url).status_code == 403


def test_only_administrators_configure_the_framework(world, signed_in):
    url = reverse("assessments:settings")
    assert signed_in(world.key_worker).get(url).status_code == 403
    assert signed_in(world.team_manager).get(url).status_code == 403
    response = signed_in(world.administrator).get(url)
    assert_shows(response, "Parenting and boundaries")
