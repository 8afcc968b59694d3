"""What assessments add to the case page: the baseline panel, next steps and chronology."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from assessments.case_page import (
    PANEL_TEMPLATE,
    assessment_next_steps,
    assessment_panel,
    assessment_signed_off_entries,
    assessment_started_entries,
    assessment_submitted_entries,
)
from tests.assertions import assert_shows
from tests.assessments.assessment_helpers import signed_off, start, submitted


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_case_page_shows_the_assessment_panel(world, signed_in):
    signed_off(world.case, world.key_worker, world.team_manager)
    response = signed_in(world.key_worker).get(
        reverse("families:case_detail", args=[world.case.pk])
    )
    assert_shows(response, "Assessment and baseline scores")


def test_the_panel_shows_the_baseline_as_a_chart_and_a_table(world):
    assessment = signed_off(world.case, world.key_worker, world.team_manager)
    context = assessment_panel(_request(world.key_worker), world.case)
    assert context["baseline"] == assessment
    assert [r.domain_name for r in context["baseline_rows"]][0] == "Behaviour"
    html = render_to_string(PANEL_TEMPLATE, {"case": world.case, **context})
    assert "<svg" in html
    assert "<table" in html
    assert "High" in html  # the overall risk level


def test_the_panel_without_a_signed_off_assessment_says_so(world):
    start(world.case, world.key_worker)
    context = assessment_panel(_request(world.key_worker), world.case)
    html = render_to_string(PANEL_TEMPLATE, {"case": world.case, **context})
    assert "No assessment has been signed off yet" in html


def test_next_steps_follow_the_assessment(world, signed_in):
    # Set directly: the world's case is active, and the lifecycle never moves one back.
    world.case.status = "assessment"
    world.case.save(update_fields=["status"])
    assert [s.text for s in assessment_next_steps(world.case)] == ["Start the initial assessment"]
    assessment = submitted(world.case, world.key_worker)
    assert [s.text for s in assessment_next_steps(world.case)] == ["Assessment awaiting sign-off"]
    signed_in(world.team_manager).post(
        reverse("assessments:return", args=[world.case.pk, assessment.pk]),
        {"comments": "Add the school's view."},
    )
    assert [s.text for s in assessment_next_steps(world.case)] == [
        "Assessment returned: make the changes"
    ]


def test_the_chronology_has_started_submitted_and_signed_off(world):
    assessment = signed_off(world.case, world.key_worker, world.team_manager)
    for provider in (
        assessment_started_entries,
        assessment_submitted_entries,
        assessment_signed_off_entries,
    ):
        (entry,) = provider(world.case)
        assert entry.id == assessment.pk
        assert entry.url == assessment.get_absolute_url()
