"""The young person's own plan: a short first-person version of the family plan, from the same
goals, printable and as a PDF, logged as a document of its own kind."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edgecare.models import AccessLog
from edgecare.plain_language import find_jargon, readability
from plans.models import glossary_for
from tests.assertions import assert_shows
from tests.document_text import document_lines, without
from tests.factories import PersonFactory
from tests.plans import plan_helpers
from tests.plans.test_family_plan_document import pdf_text, written_plan

pytestmark = pytest.mark.django_db


def url(name, plan, person):
    return reverse(f"plans:{name}", args=[plan.case_id, plan.pk, person.pk])


def agreed_written_plan(world):
    plan, grace, daniel = written_plan(world)
    plan_helpers.agree(plan, people=[grace, daniel], comments="OK.", recorded_by=world.key_worker)
    return plan, world.case.young_people.get()


def test_the_young_persons_plan_speaks_in_the_first_person_from_the_same_goals(world, signed_in):
    plan, tayo = agreed_written_plan(world)
    response = signed_in(world.key_worker).get(url("young_person_plan", plan, tayo))
    body = assert_shows(
        response,
        "My plan",
        "Tayo",
        "What I want to be different",
        "We want to talk to each other without shouting.",
        "Who will help me",
        "Help us plan a calm evening routine",
        "Sam Patel",
        "If things go wrong I can call",
        "0300 555 0100",
        "If I am in danger right now, I call 999.",
        "My worker is Sam Patel.",
        "The family support service helps me and my family.",
    )
    assert "data-app-print" in body
    assert 'style="' not in body
    assert "Zebedee" not in body
    assert world.case.team.name not in body
    assert AccessLog.objects.filter(
        action="view",
        record_type=AccessLog.RecordType.YOUNG_PERSON_PLAN,
        case_id=world.case.pk,
        record_id=plan.pk,
    ).exists()


def test_the_young_persons_plan_downloads_as_a_pdf_and_is_logged(world, signed_in):
    plan, tayo = agreed_written_plan(world)
    response = signed_in(world.key_worker).get(url("young_person_plan_pdf", plan, tayo))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-plan.pdf"'
    text = " ".join(pdf_text(response).split())
    assert "My plan" in text
    assert "What I want to be different" in text
    assert "We want to talk to each other without shouting." in text
    assert AccessLog.objects.filter(
        action="pdf",
        record_type=AccessLog.RecordType.YOUNG_PERSON_PLAN,
        case_id=world.case.pk,
        record_id=plan.pk,
    ).exists()


def test_only_a_young_person_the_case_is_about_has_a_plan_of_their_own(world, signed_in):
    plan, _tayo = agreed_written_plan(world)
    parent = world.case.family.members.get(first_name="Grace")
    other_family_child = PersonFactory()
    client = signed_in(world.key_worker)
    for person in (parent, other_family_child):
        assert client.get(url("young_person_plan", plan, person)).status_code == 404
        assert client.get(url("young_person_plan_pdf", plan, person)).status_code == 404
    # Nothing was shown, so the access log says no one viewed or downloaded it: only refusals.
    rows = AccessLog.objects.filter(case_id=world.case.pk, record_id=plan.pk)
    assert not rows.filter(record_type=AccessLog.RecordType.YOUNG_PERSON_PLAN).exists()
    assert set(rows.values_list("action", flat=True)) == {AccessLog.Action.REFUSED}


def test_the_plan_page_links_to_each_young_persons_own_plan(world, signed_in):
    plan, tayo = agreed_written_plan(world)
    page = signed_in(world.key_worker).get(reverse("plans:detail", args=[plan.case_id, plan.pk]))
    assert_shows(page, "Tayo's own plan", url("young_person_plan", plan, tayo))


def test_the_words_the_young_persons_plan_writes_are_plain_and_easy_to_read(world, signed_in):
    plan, tayo = agreed_written_plan(world)
    body = signed_in(world.key_worker).get(url("young_person_plan", plan, tayo)).content.decode()
    typed = plan_helpers_texts(plan) + ["Tayo", "Grace", "Daniel", "Sam Patel"]
    system_text = without(document_lines(body), typed)
    assert "What I want to be different" in system_text
    assert find_jargon(system_text, glossary_for(world.org)) == []
    score = readability(system_text).flesch_reading_ease
    print(f"young person's plan: Flesch {score}")
    assert score is not None
    assert score >= 80


def plan_helpers_texts(plan) -> list[str]:
    from plans.selectors import plan_with_contents
    from plans.wording import plan_texts

    full = plan_with_contents(plan)
    owners = [a.owner_display for g in full.goals.all() for a in g.actions.all()]
    return plan_texts(full) + owners
