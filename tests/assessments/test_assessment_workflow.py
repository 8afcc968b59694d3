"""Submitting, signing off, returning, correcting; bad input; stale saves; framework changes."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import (
    Assessment,
    CarerView,
    IdentifiedNeed,
    IndicatorSet,
    OutcomeDomain,
    sdq_total_difficulties_band,
)
from tests.assertions import assert_refused_with
from tests.assessments.assessment_helpers import complete, signed_off, start, submitted
from tests.factories import PersonFactory


def _url(name, assessment, *extra):
    return reverse(f"assessments:{name}", args=[assessment.case_id, assessment.pk, *extra])


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# Starting ---------------------------------------------------------------------------------


def test_a_worker_starts_an_assessment_with_a_row_per_outcome_area(world, signed_in):
    response = signed_in(world.key_worker).post(
        reverse("assessments:start", args=[world.case.pk]),
        {"assessment_type": "initial", "assessment_date": timezone.localdate().isoformat()},
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert assessment.assessor == world.key_worker
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.domain_assessments.count() == 9


def test_an_assessment_cannot_be_dated_before_the_referral_or_in_the_future(world, signed_in):
    client = signed_in(world.key_worker)
    url = reverse("assessments:start", args=[world.case.pk])
    before = world.case.referral_date - datetime.timedelta(days=1)
    response = client.post(url, {"assessment_type": "initial", "assessment_date": before})
    assert_refused_with(response, "cannot be before the referral")
    future = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url, {"assessment_type": "initial", "assessment_date": future})
    assert_refused_with(response, "cannot be in the future")
    assert not Assessment.objects.exists()


# Submitting -------------------------------------------------------------------------------


def test_submission_is_refused_with_a_message_for_each_thing_missing(world, signed_in):
    assessment = start(world.case, world.key_worker)
    young_person = world.case.young_people.get()
    response = signed_in(world.key_worker).post(_url("submit", assessment), follow=True)
    messages = _messages(response)
    assert f"Record {young_person.known_as}'s own views before submitting." in messages
    assert "Give a worker's score for Behaviour." in messages
    assert "Add at least one identified need: the plan's goals come from them." in messages
    assert "Give the overall risk level and the reason for it." in messages
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_a_complete_assessment_is_submitted(world, signed_in):
    assessment = complete(start(world.case, world.key_worker))
    response = signed_in(world.key_worker).post(_url("submit", assessment))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_at is not None


def test_a_deactivated_outcome_area_does_not_block_submission(world):
    assessment = complete(start(world.case, world.key_worker))
    row = assessment.domain_assessments.last()
    row.worker_score = None
    row.save()
    OutcomeDomain.objects.filter(pk=row.domain_id).update(is_active=False)
    services.assessment_submit(assessment=assessment, by=world.key_worker)


# Returning and signing off -------------------------------------------------------------------


def test_returning_needs_comments(world, signed_in):
    assessment = submitted(world.case, world.key_worker)
    response = signed_in(world.team_manager).post(_url("return", assessment), {"comments": " "})
    assert response.status_code == 400
    assert "Say what needs to change before returning the assessment." in (
        response.content.decode()
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_a_returned_assessment_shows_the_comments_and_can_be_changed(world, signed_in):
    assessment = submitted(world.case, world.key_worker)
    signed_in(world.team_manager).post(
        _url("return", assessment), {"comments": "Add the father's views."}
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RETURNED
    response = signed_in(world.key_worker).get(assessment.get_absolute_url())
    assert "Add the father&#x27;s views." in response.content.decode()
    assert signed_in(world.key_worker).get(_url("edit_summary", assessment)).status_code == 200


def test_a_signed_off_assessment_is_read_only(world, signed_in):
    assessment = signed_off(world.case, world.key_worker, world.team_manager)
    client = signed_in(world.key_worker)
    response = client.get(_url("edit_summary", assessment), follow=True)
    assert "has been signed off, so it can no longer be changed" in " ".join(_messages(response))
    response = client.post(_url("edit_summary", assessment), {"worries": "Rewritten"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.worries == ""
    assert client.post(_url("submit", assessment)).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SIGNED_OFF


def test_a_submitted_assessment_waits_for_sign_off_without_changes(world, signed_in):
    assessment = submitted(world.case, world.key_worker)
    response = signed_in(world.key_worker).post(
        _url("edit_analysis", assessment), {"analysis": "x"}, follow=True
    )
    assert "waiting for sign-off" in " ".join(_messages(response))


# Correcting ----------------------------------------------------------------------------------


def test_a_correction_is_a_new_draft_version_and_the_signed_off_one_stays(world, signed_in):
    old = signed_off(world.case, world.key_worker, world.team_manager)
    old_scores = list(old.domain_assessments.values_list("domain_name", "worker_score"))
    response = signed_in(world.key_worker).post(
        _url("correct", old), {"reason": "The school attendance figure was wrong."}
    )
    new = Assessment.objects.get(previous_version=old)
    assert response.status_code == 302
    assert (new.version, new.status) == (2, Assessment.Status.DRAFT)
    assert list(new.domain_assessments.values_list("domain_name", "worker_score")) == old_scores
    assert new.needs.count() == old.needs.count() == 1
    assert new.young_person_views.count() == 1
    old.refresh_from_db()
    assert old.status == Assessment.Status.SIGNED_OFF
    page = signed_in(world.key_worker).get(new.get_absolute_url()).content.decode()
    assert "Version 1" in page
    assert "Version 2 (this page)" in page
    assert signed_in(world.key_worker).get(old.get_absolute_url()).status_code == 200
    # Only the latest version can be corrected again.
    assert (
        signed_in(world.key_worker).post(_url("correct", old), {"reason": "x"}).status_code == 400
    )


def test_history_is_kept_for_every_change(world):
    assessment = start(world.case, world.key_worker)
    assessment.worries = "First words"
    assessment.save()
    assessment.worries = "Second words"
    assessment.save()
    assert assessment.history.count() == 3


# Bad input -----------------------------------------------------------------------------------


def test_scores_outside_0_to_10_are_refused_and_the_typing_kept(world, signed_in):
    assessment = start(world.case, world.key_worker)
    row = assessment.domain_assessments.first()
    response = signed_in(world.key_worker).post(
        _url("edit_domain", assessment, row.pk),
        {
            "narrative": "Shouting most evenings.",
            "worker_score": "11",
            "family_score": "-1",
            "row_version": row.row_version,
        },
    )
    assert_refused_with(
        response,
        "Worker&#x27;s score must be a whole number from 0 to 10.",
        "Family&#x27;s own score must be a whole number from 0 to 10.",
        "Shouting most evenings.",
    )
    row.refresh_from_db()
    assert row.worker_score is None
    assert row.narrative == ""


def test_the_domain_page_shows_the_anchor_text(world, signed_in):
    assessment = start(world.case, world.key_worker)
    row = assessment.domain_assessments.select_related("domain").first()
    html = signed_in(world.key_worker).get(_url("edit_domain", assessment, row.pk)).content
    assert row.domain.low_anchor in html.decode().replace("&#x27;", "'")


def _indicators(assessment, **values):
    data = {
        "recorded_on": assessment.assessment_date.isoformat(),
        "tool_name": "SDQ total difficulties",
    }
    data.update(values)
    return data


def test_bad_indicators_are_refused_each_with_its_message(world, signed_in):
    assessment = start(world.case, world.key_worker)
    response = signed_in(world.key_worker).post(
        _url("edit_indicators", assessment),
        _indicators(
            assessment,
            school_attendance_percent="104",
            missing_episodes="-2",
            offences="-1",
            tool_score="41",
            tool_informant="parent",
        ),
    )
    assert_refused_with(
        response,
        "School attendance must be a percentage from 0 to 100.",
        "The number of missing episodes cannot be negative.",
        "The number of offences cannot be negative.",
        "An SDQ total difficulties score is a whole number from 0 to 40.",
    )
    assert not IndicatorSet.objects.exists()


def test_indicators_are_saved_with_the_sdq_band(world, signed_in):
    assessment = start(world.case, world.key_worker)
    response = signed_in(world.key_worker).post(
        _url("edit_indicators", assessment),
        _indicators(
            assessment, school_attendance_percent="72.5", tool_score="18", tool_informant="parent"
        ),
    )
    assert response.status_code == 302
    indicators = IndicatorSet.objects.get()
    assert indicators.assessment == assessment
    assert indicators.occasion == IndicatorSet.Occasion.ASSESSMENT
    assert indicators.tool_band == "High"


def test_sdq_bands_follow_the_published_cut_offs_for_each_informant():
    assert sdq_total_difficulties_band(13, "parent") == "Close to average"
    assert sdq_total_difficulties_band(14, "parent") == "Slightly raised"
    assert sdq_total_difficulties_band(17, "parent") == "High"
    assert sdq_total_difficulties_band(20, "parent") == "Very high"
    assert sdq_total_difficulties_band(12, "teacher") == "Slightly raised"
    assert sdq_total_difficulties_band(19, "teacher") == "Very high"
    assert sdq_total_difficulties_band(14, "young_person") == "Close to average"
    assert sdq_total_difficulties_band(19, "young_person") == "High"
    assert sdq_total_difficulties_band(20, "young_person") == "Very high"
    assert sdq_total_difficulties_band(None, "parent") == ""
    assert sdq_total_difficulties_band(10, "") == ""


def test_a_stale_save_is_refused_and_the_text_kept(world, signed_in):
    assessment = start(world.case, world.key_worker)
    stale_version = assessment.row_version
    assessment.worries = "A colleague's words"
    assessment.save()
    response = signed_in(world.key_worker).post(
        _url("edit_summary", assessment),
        {"worries": "My own words", "row_version": stale_version},
    )
    assert_refused_with(
        response,
        "Someone else saved changes to this record while you were editing it",
        "My own words",
    )
    assessment.refresh_from_db()
    assert assessment.worries == "A colleague's words"


def test_choosing_a_risk_level_needs_a_reason(world, signed_in):
    assessment = start(world.case, world.key_worker)
    response = signed_in(world.key_worker).post(
        _url("edit_analysis", assessment),
        {"analysis": "Weighing it up", "risk_level": "high", "row_version": 0},
    )
    assert_refused_with(response, "Give the reason for this risk level.")


# Family members ------------------------------------------------------------------------------


def test_fathers_and_male_carers_without_views_are_asked_about_by_name(world, signed_in):
    PersonFactory(
        family=world.case.family,
        first_name="Dean",
        relationship="step_father",
        is_focus=False,
    )
    mother = PersonFactory(
        family=world.case.family, first_name="Tessa", relationship="mother", is_focus=False
    )
    assessment = start(world.case, world.key_worker)
    html = signed_in(world.key_worker).get(assessment.get_absolute_url()).content.decode()
    assert "Have you asked Dean (step-father) for his views?" in html
    html = (
        signed_in(world.key_worker)
        .get(_url("edit_carer_view", assessment, mother.pk))
        .content.decode()
    )
    assert "Have you asked Dean (step-father) for his views?" in html


def test_a_carers_views_are_recorded(world, signed_in):
    dean = PersonFactory(
        family=world.case.family, first_name="Dean", relationship="father", is_focus=False
    )
    assessment = start(world.case, world.key_worker)
    response = signed_in(world.key_worker).post(
        _url("edit_carer_view", assessment, dean.pk), {"views": "I want to be involved."}
    )
    assert response.status_code == 302
    assert CarerView.objects.get().person == dean
    html = signed_in(world.key_worker).get(assessment.get_absolute_url()).content.decode()
    assert "Have you asked Dean" not in html


def test_a_young_person_from_outside_the_case_is_not_found(world, signed_in):
    assessment = start(world.case, world.key_worker)
    stranger = world.other_team_case.young_people.get()
    url = _url("edit_young_person_view", assessment, stranger.pk)
    assert signed_in(world.key_worker).get(url).status_code == 404


# The framework -------------------------------------------------------------------------------


def test_renaming_an_outcome_area_does_not_rewrite_old_assessments(world, signed_in):
    assessment = signed_off(world.case, world.key_worker, world.team_manager)
    domain = assessment.domain_assessments.first().domain
    response = signed_in(world.administrator).post(
        reverse("assessments:edit_domain_settings", args=[domain.pk]),
        {
            "name": "Behaviour and anger",
            "description": domain.description,
            "low_anchor": domain.low_anchor,
            "middle_anchor": domain.middle_anchor,
            "high_anchor": domain.high_anchor,
            "order": domain.order,
            "is_active": "on",
        },
        follow=True,
    )
    assert response.redirect_chain[0][1] == 302
    domain.refresh_from_db()
    assert domain.name == "Behaviour and anger"
    html = signed_in(world.key_worker).get(assessment.get_absolute_url()).content.decode()
    assert ">Behaviour<" in html
    assert "Behaviour and anger" not in html
    assert assessment.domain_assessments.first().domain_name == "Behaviour"


def test_outcome_areas_are_never_deleted(world):
    framework = services.outcome_framework_for(world.org)
    domain = framework.domains.first()
    with pytest.raises(PermissionError):
        domain.delete()
    assert OutcomeDomain.objects.filter(pk=domain.pk).exists()


def test_loading_the_frameworks_twice_changes_nothing(world):
    services.outcome_frameworks_load(organisation=world.org)
    services.outcome_frameworks_load(organisation=world.org)
    frameworks = world.org.outcome_frameworks.all()
    assert [f.domains.count() for f in frameworks.order_by("key")] == [9, 10]
    assert frameworks.filter(is_active=True).get().key == "default"
    assert world.org.risk_factors.count() == 15
    assert world.org.risk_factors.filter(name="Young carer").exists()


# Query counts --------------------------------------------------------------------------------


def _page_queries(client, assessment) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(assessment.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_assessment_page_costs_the_same_with_many_needs_and_areas(world, signed_in):
    client = signed_in(world.key_worker)
    assessment = complete(start(world.case, world.key_worker))
    few = _page_queries(client, assessment)
    framework = assessment.framework
    domain = assessment.domain_assessments.first().domain
    for i in range(45):
        IdentifiedNeed.objects.create(assessment=assessment, domain=domain, description=f"Need {i}")
    for i in range(30):
        new_domain = OutcomeDomain.objects.create(
            framework=framework,
            name=f"Area {i}",
            low_anchor="l",
            middle_anchor="m",
            high_anchor="h",
        )
        assessment.domain_assessments.create(domain=new_domain)
    for _ in range(10):
        PersonFactory(family=world.case.family, relationship="father", is_focus=False)
    assert _page_queries(client, assessment) == few


# The day it was signed off ------------------------------------------------------------------


def test_a_manager_records_a_sign_off_given_in_supervision_days_earlier(world, signed_in):
    assessment = submitted(world.case, world.key_worker)
    supervision = timezone.localdate() - datetime.timedelta(days=1)
    response = signed_in(world.team_manager).post(
        _url("sign_off", assessment),
        {"signed_off_on": supervision.isoformat(), "comments": "Agreed in supervision."},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_signed_off
    assert assessment.signed_off_on == supervision
    assert timezone.localdate(assessment.signed_off_at) == timezone.localdate()
    assert assessment.signed_off_day == supervision
    assert assessment.sign_off_comments == "Agreed in supervision."


def test_a_sign_off_in_the_future_or_before_the_assessment_is_refused_with_the_comments_kept(
    world, signed_in
):
    assessment = submitted(world.case, world.key_worker)
    client = signed_in(world.team_manager)
    for day, message in (
        (timezone.localdate() + datetime.timedelta(days=1), "cannot be in the future"),
        (
            assessment.assessment_date - datetime.timedelta(days=1),
            "cannot have been signed off before the date of the assessment",
        ),
    ):
        response = client.post(
            _url("sign_off", assessment),
            {"signed_off_on": day.isoformat(), "comments": "Good analysis of the risks."},
        )
        assert response.status_code == 400
        body = response.content.decode()
        assert message in body
        assert "Good analysis of the risks." in body
        assessment.refresh_from_db()
        assert assessment.status == Assessment.Status.SUBMITTED
        assert assessment.signed_off_on is None


def test_a_sign_off_recorded_days_after_it_was_given_says_so(world, signed_in, settings):
    settings.LATE_RECORDING_DAYS = 2
    assessment = start(
        world.case,
        world.key_worker,
        assessment_date=timezone.localdate() - datetime.timedelta(days=20),
    )
    assessment = services.assessment_submit(assessment=complete(assessment), by=world.key_worker)
    given = timezone.localdate() - datetime.timedelta(days=14)
    services.assessment_sign_off(assessment=assessment, by=world.team_manager, on=given)
    assessment.refresh_from_db()
    assert assessment.sign_off_recorded_days_later >= 8
    page = signed_in(world.key_worker).get(assessment.get_absolute_url()).content.decode()
    assert f"{given.day} {given:%B %Y}" in page
    assert f"Recorded {assessment.sign_off_recorded_days_later} working days later" in page


def test_a_plan_agreed_the_day_its_assessment_was_signed_off_in_supervision_can_be_typed_later(
    world,
):
    from plans import services as plan_services

    friday = timezone.localdate() - datetime.timedelta(days=3)
    assessment = start(
        world.case, world.key_worker, assessment_date=friday - datetime.timedelta(days=7)
    )
    assessment = services.assessment_submit(assessment=complete(assessment), by=world.key_worker)
    services.assessment_sign_off(assessment=assessment, by=world.team_manager, on=friday)
    plan = plan_services.plan_create_from_assessment(
        case=world.case, assessment=assessment, created_by=world.key_worker
    )
    assert plan_services.agreement_date_problems(plan, friday) == []
    assert plan_services.agreement_date_problems(plan, friday - datetime.timedelta(days=1))
