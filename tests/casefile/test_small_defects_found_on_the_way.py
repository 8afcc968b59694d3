"""Issue 15, point 8: the small defects key workers met on the way, each pinned by a test."""

import datetime
import re

import pytest
from django import forms
from django.urls import reverse

from assessments import services as assessment_services
from assessments.models import Assessment
from edgecare.dates import long_date, short_date
from edgecare.forms import drop_blank_radio_choices
from edgecare.plain_language import as_sentence
from families.models import CaseEvent
from managers.models import Notification
from tests.assessments.assessment_helpers import submitted
from tests.factories import CaseEventFactory, CaseFactory, DecisionFactory
from tests.managers.helpers import days_ago
from tests.reviews.review_helpers import started_closure

pytestmark = pytest.mark.django_db


def every_form_class() -> set[type]:
    seen: set[type] = set()
    pending = list(forms.BaseForm.__subclasses__())
    while pending:
        cls = pending.pop()
        if cls not in seen:
            seen.add(cls)
            pending.extend(cls.__subclasses__())
    return {c for c in seen if hasattr(c, "base_fields")}


# The blank "---------" radio button ----------------------------------------------------------


def test_no_required_radio_question_of_any_form_offers_the_blank_dashes_as_an_answer():
    offenders = []
    for cls in every_form_class():
        fields = {
            name: field.__deepcopy__({})
            for name, field in cls.base_fields.items()
            if isinstance(field.widget, forms.RadioSelect) and field.required
        }
        drop_blank_radio_choices(fields)
        for name, field in fields.items():
            # A field given its choices when the form is made (an organisation's own lists,
            # families.models_lists) is checked on the pages below.
            if any(value == "" for value, _ in getattr(field, "choices", ())):
                offenders.append(f"{cls.__name__}.{name}")
    assert offenders == []


@pytest.mark.parametrize(
    "page",
    ["families:contact_add", "families:case_event_add", "families:case_edit", "closure_edit"],
)
def test_the_pages_that_showed_a_blank_radio_button_show_none(world, signed_in, page):
    client = signed_in(world.key_worker)
    if page == "closure_edit":
        closure = started_closure(world)
        url = reverse("reviews:closure_edit", args=[world.case.pk, closure.pk])
    else:
        url = reverse(page, args=[world.case.pk])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="radio"' in body
    assert "---------" not in body


def test_a_contact_sent_with_no_type_chosen_is_refused_with_a_message(world, signed_in):
    response = signed_in(world.key_worker).post(
        reverse("families:contact_add", args=[world.case.pk]),
        {"contact_date": datetime.date.today().isoformat(), "purpose": "Evening visit"},
    )
    assert response.status_code == 400
    assert "---------" not in response.content.decode()


# Page titles ---------------------------------------------------------------------------------


def test_the_page_title_separates_the_page_from_the_service_name(client, settings):
    response = client.get(reverse("login"))
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
    assert title == f"Sign in – {settings.SERVICE_NAME}"


def test_a_signed_in_page_title_has_the_separator_too(world, signed_in, settings):
    response = signed_in(world.key_worker).get(world.case.get_absolute_url())
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
    assert title.endswith(f" – {settings.SERVICE_NAME}")
    assert not title.startswith(" – ")


# The "Yp gender" label -----------------------------------------------------------------------


def test_the_new_family_form_asks_for_the_young_persons_gender_in_plain_words(world, signed_in):
    response = signed_in(world.key_worker).get(reverse("families:referral_new_family"))
    body = response.content.decode()
    assert "Yp gender" not in body
    assert re.search(r"<legend[^>]*>\s*Gender\s*</legend>", body)


# Dates ---------------------------------------------------------------------------------------


def test_dates_in_record_names_have_no_leading_zero_and_a_capital_month():
    assert short_date(datetime.date(2026, 12, 4)) == "4 Dec 2026"
    assert long_date(datetime.date(2026, 7, 17)) == "17 July 2026"


def test_an_assessment_named_inside_a_sentence_keeps_its_month_capitalised(world):
    assessment = submitted(world.case, world.key_worker)
    assessment.assessment_date = datetime.date(2026, 7, 4)
    assert str(assessment).endswith("of 4 Jul 2026")
    assert assessment.in_a_sentence.endswith("assessment of 4 Jul 2026")
    assert assessment.in_a_sentence[0].islower()


def test_the_plan_start_page_names_the_assessment_without_lowering_the_date(world, signed_in):
    assessment = submitted(world.case, world.key_worker)
    assessment_services.assessment_sign_off(assessment=assessment, by=world.team_manager)
    response = signed_in(world.key_worker).get(reverse("plans:start", args=[world.case.pk]))
    body = response.content.decode()
    assessment.refresh_from_db()
    day = assessment.assessment_date
    assert f"assessment of {day.day} {day:%b %Y}</a>" in body


# Full stops after a worker's own words ---------------------------------------------------------


def test_a_sentence_gets_one_full_stop_whether_or_not_the_worker_typed_one():
    assert as_sentence("Police called after a row; no arrests.") == (
        "Police called after a row; no arrests."
    )
    assert as_sentence("No arrests") == "No arrests."
    assert as_sentence("Is he safe?") == "Is he safe?"
    assert as_sentence('She said "enough."') == 'She said "enough."'
    assert as_sentence("") == ""


def test_the_case_record_prints_a_comment_ending_in_a_full_stop_with_one(world, signed_in):
    CaseEventFactory(
        case=world.case,
        kind=CaseEvent.Kind.POLICE,
        summary="Police called after a row about a phone; no arrests.",
    )
    response = signed_in(world.team_manager).get(reverse("case_record:html", args=[world.case.pk]))
    body = response.content.decode()
    assert "no arrests." in body
    assert "no arrests.." not in body


# The needs-attention heading count ------------------------------------------------------------


def test_the_decisions_heading_counts_the_cases_listed_under_it(world, signed_in):
    world.case.referral_date = days_ago(30)
    world.case.save()
    thin = []
    for _ in range(3):
        case = CaseFactory(team=world.team, referral_date=days_ago(30))
        DecisionFactory(case=case, rationale="Support at home.")
        thin.append(case)
    response = signed_in(world.team_manager).get(reverse("managers:attention"))
    lists = response.context["lists"]
    listed = {c.pk for c in lists.decision_missing + lists.thin_rationale}
    assert len(listed) == lists.decisions_awaiting
    assert lists.decisions_awaiting >= 4
    body = response.content.decode()
    assert f"Decisions awaiting a rationale</a> ({lists.decisions_awaiting})" in body


# Stale "awaits your sign-off" notifications ---------------------------------------------------


def test_signing_off_settles_every_managers_awaits_your_sign_off_notification(world):
    assessment = submitted(world.case, world.key_worker)
    [waiting] = Notification.objects.filter(kind=Notification.Kind.AWAITING_SIGN_OFF)
    assert waiting.read_at is None
    assessment_services.assessment_sign_off(assessment=assessment, by=world.team_manager)
    assert not Notification.objects.unread().filter(kind=Notification.Kind.AWAITING_SIGN_OFF)
    assert Notification.objects.filter(kind=Notification.Kind.SIGNED_OFF).exists()


def test_returning_for_changes_settles_the_notification_and_a_resubmission_raises_a_new_one(
    world,
):
    assessment = submitted(world.case, world.key_worker)
    assessment_services.assessment_return(
        assessment=assessment, by=world.team_manager, comments="Add the father's views."
    )
    assert not Notification.objects.unread().filter(kind=Notification.Kind.AWAITING_SIGN_OFF)
    assessment_services.assessment_submit(assessment=assessment, by=world.key_worker)
    assert Notification.objects.unread().filter(kind=Notification.Kind.AWAITING_SIGN_OFF).count()
    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED
