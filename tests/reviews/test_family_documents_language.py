"""A family's documents in their own language: the family plan and the closure letter print in
`Family.main_language` when the application has a catalogue for it (Welsh and Polish ship),
in English when it has none, with an English copy for the file; what the worker and the family
wrote is never translated; a right-to-left catalogue lays the document out right to left."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from plans.documents import friendly_date
from tests.plans import plan_helpers
from tests.reviews.review_helpers import fill_closure, signed_off_closure, started_closure

pytestmark = pytest.mark.django_db

GOAL = "We want to talk to each other without shouting."
HOW_WE_WILL_KNOW = "We eat tea together at least four nights a week."
COMMENTS = "We want to try, and Nan will help."
WITH_THE_TEST_CATALOGUE = override_settings(
    LOCALE_PATHS=[*settings.LOCALE_PATHS, settings.BASE_DIR / "tests" / "locale"]
)


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def agreed_plan_in(world, language: str):
    family = world.case.family
    family.main_language = language
    family.save()
    plan = plan_helpers.draft_plan(world)
    goal = plan_helpers.add_goal(
        plan, what_we_want_to_be_different=GOAL, how_we_will_know=HOW_WE_WILL_KNOW
    )
    plan_helpers.add_action(goal, what="Cook tea together on Sundays")
    grace = plan_helpers.parent(world.case, first_name="Grace")
    return plan_helpers.agree(plan, people=[grace], comments=COMMENTS, recorded_by=world.key_worker)


def plan_url(name, plan):
    return reverse(f"plans:{name}", args=[plan.case_id, plan.pk])


def in_language(code, day):
    with translation.override(code):
        return friendly_date(day)


@pytest.mark.parametrize(
    ("language", "code", "headings"),
    [
        (
            "Welsh",
            "cy",
            ["Ein cynllun teulu", "Beth rydyn ni am ei weld yn wahanol", "Pwy i'w ffonio"],
        ),
        ("Polish", "pl", ["Nasz plan rodzinny", "Co chcemy zmienić", "Do kogo dzwonić"]),
    ],
)
def test_the_family_plan_prints_in_the_familys_language_with_their_own_words_unchanged(
    world, signed_in, language, code, headings
):
    plan = agreed_plan_in(world, language)
    text = pdf_text(signed_in(world.key_worker).get(plan_url("family_plan_pdf", plan)))

    for heading in headings:
        assert heading in text
    assert in_language(code, plan.agreed_on) in text
    # The family's own words, exactly as written.
    for own_words in (GOAL, HOW_WE_WILL_KNOW, COMMENTS, "Cook tea together on Sundays"):
        assert own_words in text
    for english in ("Our family plan", "What we want to be different", "Who to call"):
        assert english not in text

    page = signed_in(world.key_worker).get(plan_url("family_plan", plan)).content.decode()
    assert f'<html lang="{code}" dir="ltr">' in page
    assert headings[0] in page


def test_a_language_without_a_catalogue_prints_in_english(world, signed_in):
    plan = agreed_plan_in(world, "Tigrinya")
    text = pdf_text(signed_in(world.key_worker).get(plan_url("family_plan_pdf", plan)))
    assert "Our family plan" in text
    assert "What we want to be different" in text
    assert GOAL in text
    page = signed_in(world.key_worker).get(plan_url("family_plan", plan)).content.decode()
    assert '<html lang="en-gb" dir="ltr">' in page
    assert "English copy for the file" not in page


def test_the_worker_can_print_the_english_copy_for_the_file(world, signed_in):
    plan = agreed_plan_in(world, "Welsh")
    client = signed_in(world.key_worker)

    family_copy = client.get(plan_url("family_plan", plan)).content.decode()
    english_page = plan_url("family_plan", plan) + "?lang=en"
    english_pdf = plan_url("family_plan_pdf", plan) + "?lang=en"
    assert f'href="{english_page}"' in family_copy
    assert f'href="{english_pdf}"' in family_copy
    assert "Download PDF (Welsh)" in family_copy

    english = client.get(english_page).content.decode()
    assert "Our family plan" in english
    assert "Ein cynllun teulu" not in english
    # From the English copy, its PDF is English too, and the family's copy is one link away.
    assert f'href="{english_pdf}"' in english
    assert f'href="{plan_url("family_plan", plan)}"' in english

    text = pdf_text(client.get(english_pdf))
    assert "Our family plan" in text
    assert "Ein cynllun teulu" not in text
    assert GOAL in text


@pytest.mark.parametrize(
    ("language", "code", "phrases"),
    [
        (
            "Welsh",
            "cy",
            ["Mae ein gwaith gyda'n gilydd wedi dod i ben", "Beth newidiodd", "Beth helpodd"],
        ),
        ("Polish", "pl", ["Nasza wspólna praca dobiegła końca", "Co się zmieniło", "Co pomogło"]),
    ],
)
def test_the_closure_letter_prints_in_the_familys_language_with_their_own_words_unchanged(
    world, signed_in, language, code, phrases
):
    world.case.family.main_language = language
    world.case.family.save()
    closure = signed_off_closure(world)
    url = reverse("reviews:closure_letter_pdf", args=[closure.case_id, closure.pk])
    text = pdf_text(signed_in(world.key_worker).get(url))

    for phrase in phrases:
        assert phrase in text
    assert in_language(code, closure.closure_date) in text
    assert "Counting to ten and walking round the block before talking." in text
    assert "We eat together now and nobody storms off." in text
    assert "Our work together has finished" not in text

    english = pdf_text(signed_in(world.key_worker).get(url + "?lang=en"))
    assert "Our work together has finished" in english


def test_the_closure_letter_is_dated_and_names_nothing_it_does_not_hold(world, signed_in):
    closure = fill_closure(started_closure(world), what_helped="")
    row = closure.goal_outcomes.first()
    row.state = "not_achieved"
    row.save()
    url = reverse("reviews:closure_letter_pdf", args=[closure.case_id, closure.pk])
    text = pdf_text(signed_in(world.key_worker).get(url))

    assert text.index(friendly_date(closure.closure_date)) < text.index(
        "Our work together has finished"
    ), "the letter's date comes first"
    assert "This one is still hard." in text
    assert "below" not in text
    assert "further on in this letter" not in text  # no "What helped" part to point to

    closure.what_helped = "Counting to ten."
    closure.save()
    text = pdf_text(signed_in(world.key_worker).get(url))
    assert "What helped, further on in this letter, can help here too." in text
    assert "Counting to ten." in text


@WITH_THE_TEST_CATALOGUE
def test_a_right_to_left_catalogue_makes_a_right_to_left_document(world, signed_in):
    plan = agreed_plan_in(world, "Arabic")
    client = signed_in(world.key_worker)
    page = client.get(plan_url("family_plan", plan)).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "خطة عائلتنا" in page
    assert GOAL in page
    # The worker's toolbar stays English and left to right; a phone number reads left to right.
    assert '<nav class="fd-toolbar app-no-print" lang="en-GB" dir="ltr"' in page
    assert '<td class="fd-phone"><span dir="ltr">0300 555 0102</span></td>' in page

    response = client.get(plan_url("family_plan_pdf", plan))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    # Right to left, an English sentence's full stop moves to its other end; the words stay.
    assert GOAL.rstrip(".") in pdf_text(response)
