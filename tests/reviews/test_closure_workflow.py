import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from edgecare.dates import add_months
from edgecare.models import AccessLog
from families.models import Case
from reviews.models import Closure, FollowUpCheck
from tests.assertions import assert_refused_with, assert_shows
from tests.factories import PersonFactory
from tests.reviews.review_helpers import (
    agreed_plan,
    fill_closure,
    signed_off_closure,
    started_closure,
    submitted_closure,
)

pytestmark = pytest.mark.django_db


def url(name, closure, *args):
    return reverse(f"reviews:{name}", args=[closure.case_id, closure.pk, *args])


def test_starting_closure_copies_the_baseline_and_the_plans_goals(world, signed_in):
    plan = agreed_plan(world, goals=2)
    client = signed_in(world.key_worker)
    response = client.post(
        reverse("reviews:closure_start", args=[world.case.pk]),
        {
            "reason": "goals_achieved",
            "closure_date": timezone.localdate().isoformat(),
            "key_outcome": "with_parents",
        },
    )
    assert response.status_code == 302
    closure = Closure.objects.get()
    baseline = {r.domain_id: r for r in plan.assessment.domain_assessments.all()}
    assert closure.domain_scores.count() == len(baseline)
    for row in closure.domain_scores.all():
        assert row.baseline_worker_score == baseline[row.domain_id].worker_score
    assert closure.goal_outcomes.count() == 2
    world.case.refresh_from_db()
    assert world.case.status == Case.Status.CLOSING


def test_a_closure_date_before_the_referral_is_refused_and_nothing_saved(world, signed_in):
    agreed_plan(world)
    day = world.case.referral_date - datetime.timedelta(days=1)
    response = signed_in(world.key_worker).post(
        reverse("reviews:closure_start", args=[world.case.pk]),
        {
            "reason": "goals_achieved",
            "closure_date": day.isoformat(),
            "key_outcome": "with_parents",
        },
    )
    assert_refused_with(response, "cannot be before the referral")
    assert not Closure.objects.exists()


def test_a_case_still_in_assessment_cannot_be_closed_this_way(world, signed_in):
    Case.objects.filter(pk=world.case.pk).update(status=Case.Status.ASSESSMENT)
    response = signed_in(world.key_worker).get(
        reverse("reviews:closure_start", args=[world.case.pk]), follow=True
    )
    assert "Only an active case can be closed this way" in response.content.decode()


@pytest.mark.parametrize(
    ("blank", "message"),
    [
        ({"ongoing_needs_assessment": ""}, "Record the assessment of ongoing support needs"),
        ({"contact_phone": ""}, "with their phone number"),
        ({"out_of_hours_cover": ""}, "who the family can call out of hours"),
        ({"what_helped": ""}, "write down what helped"),
        ({"family_confidence": None}, "how confident the family feel"),
    ],
)
def test_submission_is_refused_without_the_needs_assessment_or_sustainability_plan(
    world, signed_in, blank, message
):
    closure = fill_closure(started_closure(world), **blank)
    response = signed_in(world.key_worker).post(url("closure_submit", closure), follow=True)
    assert message in response.content.decode()
    closure.refresh_from_db()
    assert closure.status == Closure.Status.DRAFT


def test_submission_is_refused_while_a_domain_lacks_a_score_or_a_goal_a_final_state(
    world, signed_in
):
    closure = fill_closure(started_closure(world))
    row = closure.domain_scores.first()
    row.worker_score = None
    row.save()
    goal = closure.goal_outcomes.first()
    goal.state = ""
    goal.save()
    response = signed_in(world.key_worker).post(url("closure_submit", closure), follow=True)
    body = response.content.decode()
    assert f"Give a closure score for {row.domain_name}." in body
    assert "Say how goal 1 ended." in body
    closure.refresh_from_db()
    assert closure.status == Closure.Status.DRAFT


def test_closure_scores_outside_0_to_10_are_refused(world, signed_in):
    closure = started_closure(world)
    rows = list(closure.domain_scores.all())
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows)}
    for n, row in enumerate(rows):
        data.update(
            {
                f"form-{n}-id": row.pk,
                f"form-{n}-row_version": row.row_version,
                f"form-{n}-worker_score": 5,
                f"form-{n}-family_score": -1 if n == 0 else "",
            }
        )
    response = signed_in(world.key_worker).post(url("closure_scores", closure), data)
    assert_refused_with(response, "must be a whole number from 0 to 10")
    assert not closure.domain_scores.filter(worker_score__isnull=False).exists()


def test_the_manager_signs_off_closes_the_case_and_schedules_three_follow_ups(world, signed_in):
    closure = submitted_closure(world)
    response = signed_in(world.team_manager).post(url("closure_sign_off", closure))
    assert response.status_code == 302
    closure.refresh_from_db()
    world.case.refresh_from_db()
    assert closure.is_signed_off
    assert world.case.status == Case.Status.CLOSED
    assert world.case.closed_on == closure.closure_date
    checks = list(FollowUpCheck.objects.filter(closure=closure).order_by("months_after"))
    assert [c.months_after for c in checks] == [3, 6, 12]
    assert checks[0].due_date == add_months(closure.closure_date, 3)
    assert all(c.is_outstanding for c in checks)


def test_follow_up_months_come_from_the_setting(world, settings):
    settings.FOLLOW_UP_MONTHS = [1, 24]
    closure = signed_off_closure(world)
    assert sorted(closure.follow_up_checks.values_list("months_after", flat=True)) == [1, 24]


def test_returning_a_closure_needs_comments_and_sends_it_back(world, signed_in):
    closure = submitted_closure(world)
    client = signed_in(world.team_manager)
    response = client.post(url("closure_return", closure), {"text": ""})
    assert_refused_with(response, "Say what needs to change")
    closure.refresh_from_db()
    assert closure.is_submitted
    response = client.post(url("closure_return", closure), {"text": "Add the out-of-hours number."})
    closure.refresh_from_db()
    assert closure.status == Closure.Status.RETURNED
    assert closure.returned_comments == "Add the out-of-hours number."


def test_a_closed_case_is_read_only(world, signed_in):
    closure = signed_off_closure(world)
    client = signed_in(world.key_worker)
    assert client.post(url("closure_sustainability", closure), {}).status_code == 403
    assert client.post(reverse("reviews:review_start", args=[world.case.pk]), {}).status_code == 403
    assert (
        client.post(reverse("reviews:closure_start", args=[world.case.pk]), {}).status_code == 403
    )


def test_reopening_needs_a_reason_keeps_the_closure_and_cancels_outstanding_checks(
    world, signed_in
):
    closure = signed_off_closure(world)
    client = signed_in(world.team_manager)
    response = client.post(reverse("reviews:case_reopen", args=[world.case.pk]), {"text": " "})
    assert_refused_with(response, "Say why the case is being re-opened.")
    world.case.refresh_from_db()
    assert world.case.is_closed
    response = client.post(
        reverse("reviews:case_reopen", args=[world.case.pk]),
        {"text": "Jay went missing twice last week; school asked us back."},
    )
    assert response.status_code == 302
    world.case.refresh_from_db()
    closure.refresh_from_db()
    assert world.case.status == Case.Status.ACTIVE
    assert world.case.closed_on is None
    assert closure.reopened_at is not None
    assert closure.is_signed_off  # the closure stays on the record
    reopening = world.case.reopenings.get()
    assert reopening.reason.startswith("Jay went missing")
    assert reopening.previous_closed_on == closure.closure_date
    statuses = set(closure.follow_up_checks.values_list("status", flat=True))
    assert statuses == {FollowUpCheck.Status.CANCELLED}
    # and it can be closed again, keeping both closures
    world.case.refresh_from_db()
    again = signed_off_closure(world)
    assert again.pk != closure.pk
    assert world.case.closures.count() == 2
    assert list(Closure.objects.in_force()) == [again]


def test_a_key_worker_cannot_reopen_a_case(world, signed_in):
    signed_off_closure(world)
    response = signed_in(world.key_worker).post(
        reverse("reviews:case_reopen", args=[world.case.pk]), {"text": "Because."}
    )
    assert response.status_code == 403


def test_recording_a_follow_up_on_a_closed_case(world, signed_in):
    closure = signed_off_closure(world)
    check = closure.follow_up_checks.order_by("months_after").first()
    client = signed_in(world.key_worker)
    response = client.post(
        reverse("reviews:follow_up", args=[world.case.pk, check.pk]),
        {
            "outcome": "done",
            "done_on": timezone.localdate().isoformat(),
            "still_living_at_home": "yes",
            "re_referred": "on",
            "notes": "School referred again for attendance; Jay is at home.",
        },
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.status == FollowUpCheck.Status.DONE
    assert check.re_referred
    assert check.done_by == world.key_worker
    chronology = client.get(reverse("families:case_chronology", args=[world.case.pk]))
    assert "follow-up check made" in chronology.content.decode()


def test_a_follow_up_needs_to_say_whether_the_young_person_is_at_home(world, signed_in):
    closure = signed_off_closure(world)
    check = closure.follow_up_checks.first()
    response = signed_in(world.key_worker).post(
        reverse("reviews:follow_up", args=[world.case.pk, check.pk]),
        {"outcome": "done", "done_on": timezone.localdate().isoformat()},
    )
    assert_refused_with(response, "Say whether the young person is still living at home.")
    check.refresh_from_db()
    assert check.is_outstanding


def test_could_not_contact_is_recorded(world, signed_in):
    closure = signed_off_closure(world)
    check = closure.follow_up_checks.first()
    signed_in(world.key_worker).post(
        reverse("reviews:follow_up", args=[world.case.pk, check.pk]),
        {"outcome": "no_contact", "done_on": timezone.localdate().isoformat(), "notes": "3 calls"},
    )
    check.refresh_from_db()
    assert check.status == FollowUpCheck.Status.NO_CONTACT


def test_follow_ups_due_appear_on_the_home_page(world, signed_in):
    closure = signed_off_closure(world)
    check = closure.follow_up_checks.order_by("months_after").first()
    FollowUpCheck.objects.filter(pk=check.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    body = signed_in(world.key_worker).get(reverse("home")).content.decode()
    assert "Follow-up checks due" in body
    assert check.get_absolute_url() in body
    assert "Overdue" in body
    other = signed_in(world.other_team_worker).get(reverse("home")).content.decode()
    assert "Follow-up checks due" not in other


# The family's closure letter -----------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_closure_letter_pdf_speaks_to_the_family_in_plain_words(world, signed_in):
    mum = PersonFactory(
        family=world.case.family, first_name="Marguerite", relationship="mother", is_focus=False
    )
    other_family_member = PersonFactory(family=world.other_team_case.family, first_name="Zebedee")
    closure = signed_off_closure(world)
    response = signed_in(world.key_worker).get(url("closure_letter_pdf", closure))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(response.content).split())
    assert "Dear" in text
    assert mum.known_as in text
    assert "Priya Marchbank" in text
    assert "0300 555 0177" in text
    assert "0300 555 0102" in text  # out of hours
    assert "Counting to ten and walking round the block" in text
    assert "We eat together now and nobody storms off." in text
    assert "We want calmer evenings at home 1." in text
    assert other_family_member.first_name not in text
    assert "EC0" not in text
    assert "case" not in text.lower()
    assert world.case.reference not in text
    for code in ("goals_achieved", "with_parents", "signed_off", "achieved"):
        assert code not in text
    assert AccessLog.objects.filter(
        action=AccessLog.Action.PDF,
        record_type=AccessLog.RecordType.CLOSURE_LETTER,
        record_id=closure.pk,
    ).exists()


def test_viewing_the_closure_letter_is_logged_as_a_view_not_a_print(world, signed_in):
    closure = signed_off_closure(world)
    response = signed_in(world.key_worker).get(url("closure_letter", closure))
    assert_shows(response, "Our work together has finished")
    letter_rows = AccessLog.objects.filter(record_type=AccessLog.RecordType.CLOSURE_LETTER)
    assert not letter_rows.filter(action=AccessLog.Action.PRINT).exists()
    assert AccessLog.objects.filter(
        action=AccessLog.Action.VIEW,
        record_type=AccessLog.RecordType.CLOSURE_LETTER,
        record_id=closure.pk,
    ).exists()


def test_jargon_in_the_family_facing_words_is_flagged_on_the_closure_page(world, signed_in):
    closure = fill_closure(
        started_closure(world), what_helped="The CAMHS intervention and safeguarding plan."
    )
    body = signed_in(world.key_worker).get(closure.get_absolute_url()).content.decode()
    assert "The family&#x27;s letter has wording to check." in body or (
        "The family's letter has wording to check." in body
    )
    assert "CAMHS" in body
