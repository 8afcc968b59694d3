"""The one check-answers page of the sign-off workflow, for assessments and closures: the author
reads every section with a change link before submitting, the manager reads them with a link to
ask for a change before signing off, and both decisions are only offered there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment
from edgecare.models import AccessLog
from tests.assertions import assert_refused_with, assert_shows
from tests.assessments.assessment_helpers import complete, start, submitted
from tests.reviews.review_helpers import fill_closure, started_closure

pytestmark = pytest.mark.django_db


def check_url(record) -> str:
    if isinstance(record, Assessment):
        return reverse("assessments:check_answers", args=[record.case_id, record.pk])
    return reverse("reviews:closure_check_answers", args=[record.case_id, record.pk])


def test_the_assessor_checks_every_section_with_a_change_link_then_submits(signed_in, world):
    assessment = complete(start(world.case, world.key_worker))
    client = signed_in(world.key_worker)
    page = assert_shows(
        client.get(check_url(assessment)),
        "Check your answers before submitting the assessment",
        "Summary",
        "Analysis and overall risk",
        "Identified needs",
        "Fewer arguments at home.",
        "Submit for sign-off",
    )
    edit_summary = reverse("assessments:edit_summary", args=[world.case.pk, assessment.pk])
    assert f'href="{edit_summary}">Change<span class="govuk-visually-hidden"> summary' in page
    assert AccessLog.objects.filter(
        user=world.key_worker, record_type=AccessLog.RecordType.ASSESSMENT, action="view"
    ).exists()
    # The record page sends the worker here rather than submitting straight away.
    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert check_url(assessment) in detail
    assert reverse("assessments:submit", args=[world.case.pk, assessment.pk]) not in detail

    response = client.post(reverse("assessments:submit", args=[world.case.pk, assessment.pk]))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_submitted


def test_what_is_missing_is_said_on_the_check_page_and_no_submit_button_offered(signed_in, world):
    assessment = start(world.case, world.key_worker)
    page = assert_shows(
        signed_in(world.key_worker).get(check_url(assessment)),
        "Before the assessment can be submitted:",
    )
    assert ">Submit for sign-off</button>" not in page


def test_the_manager_checks_the_answers_and_asks_for_a_change_to_one_section(signed_in, world):
    assessment = submitted(world.case, world.key_worker)
    client = signed_in(world.team_manager)
    page = assert_shows(
        client.get(check_url(assessment)),
        "Check the assessment before signing it off",
        "Sign off the assessment",
        "Return for changes",
        "Ask for a change",
    )
    assert "Change<span" not in page  # a submitted assessment is not the manager's to edit
    asked = client.get(check_url(assessment), {"change": "summary"}).content.decode()
    assert ">Summary: </textarea>" in asked

    refused = client.post(
        reverse("assessments:return", args=[world.case.pk, assessment.pk]), {"comments": " "}
    )
    page = assert_refused_with(refused, "Say what needs to change before returning")
    assert "Check the assessment before signing it off" in page
    assessment.refresh_from_db()
    assert assessment.is_submitted


def test_the_author_is_not_offered_the_sign_off(signed_in, world):
    assessment = submitted(world.case, world.key_worker)
    page = assert_shows(signed_in(world.key_worker).get(check_url(assessment)))
    assert "Sign off the assessment" not in page
    assert "Submit for sign-off</button>" not in page


def test_a_closure_is_checked_the_same_way_before_it_is_submitted_and_signed_off(signed_in, world):
    closure = fill_closure(started_closure(world))
    assert_shows(
        signed_in(world.key_worker).get(check_url(closure)),
        "Check your answers before submitting the closure",
        "Why, when and where",
        "Plan for keeping things going",
    )
    closure.submit(by=world.key_worker)
    assert_shows(
        signed_in(world.team_manager).get(check_url(closure)),
        "Check the closure before signing it off",
        "Signing off closes the case on",
        "Sign off and close the case",
    )


def test_another_team_gets_page_not_found_on_the_check_page(signed_in, world):
    assessment = submitted(world.case, world.key_worker)
    assert signed_in(world.other_team_worker).get(check_url(assessment)).status_code == 404
