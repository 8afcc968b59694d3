"""Every family document of every demo family, checked as the family will read it: the words
the application itself writes (headings, explanations, the team's name, the contacts it fills
in) have no jargon, and read easily (Flesch reading ease at least 80, per document kind). Words
a worker typed and chose to keep are theirs: the worker sees the check on them as they type.
The system's own text is what is left when every worker-typed value is taken out of the
rendered document (tests.document_text).

Every document is also rendered in each language the application ships a catalogue for (Welsh,
Polish), as it prints for a family with that main language: its headings are translated and
the family's own words are exactly as in the English. The jargon and readability checks are on
the English text: they are English checks, and the translations say the same things."""

from __future__ import annotations

import re

import pytest

from edgecare.models import Service, Team
from edgecare.plain_language import find_jargon
from plans.documents import DEFAULT_CONTACT_WORDS, NOT_NAMED
from plans.models import Goal, Plan
from reviews.models import Closure
from tests.document_text import (
    ENGLISH,
    FLESCH_TARGET,
    Document,
    letter_documents,
    plan_documents,
    system_readability,
    young_person_documents,
)

pytestmark = pytest.mark.django_db


_documents: list[Document] = []

ENGLISH_DATE = re.compile(
    r"(?:\b\d{1,2} )?\b(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d{4}\b"
)

# Every language a catalogue ships for (tests/foundation/test_languages.py: SHIPPED), as a
# worker types it for a family, with headings each kind of document prints in it.
LANGUAGES = {"English": ENGLISH, "Welsh": "cy", "Polish": "pl"}
HEADINGS = {
    ("family plan", ENGLISH): ["Our family plan", "What we want to be different", "Who to call"],
    ("family plan", "cy"): [
        "Ein cynllun teulu",
        "Beth rydyn ni am ei weld yn wahanol",
        "Pwy i'w ffonio",
    ],
    ("family plan", "pl"): ["Nasz plan rodzinny", "Co chcemy zmienić", "Do kogo dzwonić"],
    ("young person's plan", ENGLISH): [
        "My plan",
        "What I want to be different",
        "If things go wrong I can call",
    ],
    ("young person's plan", "cy"): [
        "Fy nghynllun",
        "Beth rydw i am ei weld yn wahanol",
        "Os aiff pethau o chwith, galla i ffonio",
    ],
    ("young person's plan", "pl"): [
        "Mój plan",
        "Co chcę zmienić",
        "Do kogo mogę zadzwonić, jeśli coś pójdzie nie tak",
    ],
    ("closure letter", ENGLISH): ["Our work together has finished", "This letter says thank you."],
    ("closure letter", "cy"): [
        "Mae ein gwaith gyda'n gilydd wedi dod i ben",
        "Mae'r llythyr hwn yn dweud diolch.",
    ],
    ("closure letter", "pl"): [
        "Nasza wspólna praca dobiegła końca",
        "W tym liście chcemy Wam podziękować.",
    ],
}
# Words the application fills in for the worker (the default contacts, the line for a person
# never named): a worker who keeps them keeps the application's words, which are translated.
APPLICATION_WORDS = DEFAULT_CONTACT_WORDS | {NOT_NAMED}


def every_family_document_in_every_language() -> list[Document]:
    """Every version of every demo family's plan, each young person's own plan and every closure
    letter, as printed and as the PDF's page, in English and in each shipped language: rendered
    once per module (the demo does not change between its tests)."""
    if not _documents:
        plans = list(Plan.objects.select_related("case__family").order_by("pk"))
        closures = list(Closure.objects.select_related("case__family").order_by("pk"))
        for language in LANGUAGES:
            for plan in plans:
                _documents.extend(plan_documents(plan, language))
                _documents.extend(young_person_documents(plan, language))
            for closure in closures:
                _documents.extend(letter_documents(closure, language))
    return _documents


def every_family_document() -> list[Document]:
    """The English ones, which the jargon and readability checks read."""
    return [doc for doc in every_family_document_in_every_language() if doc.language == ENGLISH]


def documents_of(kind: str) -> list[Document]:
    return [doc for doc in every_family_document() if doc.kind == kind]


KINDS = ["family plan", "young person's plan", "closure letter"]


def test_every_demo_family_has_its_plans_and_the_closed_ones_a_letter(demo):
    for kind in KINDS:
        assert len(documents_of(kind)) >= 20, kind


def test_the_words_the_system_writes_in_every_family_document_have_no_jargon(demo):
    found = {
        doc.label: [hit.term for hit in find_jargon(doc.system_text, doc.glossary)]
        for doc in every_family_document()
    }
    assert {label: terms for label, terms in found.items() if terms} == {}


def test_no_family_document_prints_a_team_or_services_internal_name(demo):
    internal = [str(team) for team in Team.objects.all()] + [
        str(service) for service in Service.objects.all()
    ]
    assert "MST Team" in internal
    for doc in every_family_document_in_every_language():
        for name in internal:
            assert name not in doc.full_text, (doc.label, name)


def test_every_family_document_prints_in_every_shipped_language_with_the_familys_words_unchanged(
    demo,
):
    documents = every_family_document_in_every_language()
    english = [doc for doc in documents if doc.language == ENGLISH]
    for code in ("cy", "pl"):
        translated = [doc for doc in documents if doc.language == code]
        # The same documents, in the same order, as the English.
        assert [doc.source for doc in translated] == [doc.source for doc in english]
        for original, doc in zip(english, translated, strict=True):
            _is_translated_with_the_familys_own_words(original, doc)


def _is_translated_with_the_familys_own_words(original: Document, doc: Document) -> None:
    """Its headings in its language, none of the English ones, and the family's own words."""
    for heading in HEADINGS[(doc.kind, doc.language)]:
        assert heading in doc.full_text, (doc.label, heading)
    for heading in HEADINGS[(doc.kind, ENGLISH)]:
        assert heading in original.full_text, (original.label, heading)
        assert heading not in doc.full_text, (doc.label, heading)
    # What the worker and the family wrote is printed exactly as in the English copy. Dates
    # are the application's own words (translated): a grandmother called June is not found in
    # "4 June 2027", which the demo's dates, counted from today, sometimes print.
    english_without_dates = ENGLISH_DATE.sub("", original.full_text)
    own_words = [
        " ".join(value.split())
        for value in original.typed
        if value not in APPLICATION_WORDS and " ".join(value.split()) in english_without_dates
    ]
    assert own_words, original.label
    for words in own_words:
        assert words in doc.full_text, (doc.label, words)


def test_family_documents_name_the_team_as_families_know_it(demo):
    for doc in documents_of("family plan"):
        assert any(team.family_facing_name in doc.system_text for team in Team.objects.all()), (
            doc.label
        )
    for doc in documents_of("young person's plan"):
        assert "helps me and my family" in doc.system_text
        assert any(team.family_facing_name in doc.system_text for team in Team.objects.all()), (
            doc.label
        )
    for doc in documents_of("closure letter"):
        assert "With best wishes" in doc.system_text
        assert any(team.family_facing_name in doc.system_text for team in Team.objects.all()), (
            doc.label
        )


@pytest.mark.parametrize("kind", KINDS)
def test_the_words_the_system_writes_read_easily_in_every_document_of_a_kind(demo, kind):
    scores = {doc.label: system_readability(doc).flesch_reading_ease for doc in documents_of(kind)}
    assert all(score is not None for score in scores.values())
    hard = {label: score for label, score in scores.items() if score < FLESCH_TARGET}
    assert hard == {}
    values = sorted(scores.values())
    print(f"{kind}: Flesch {values[0]} to {values[-1]}, median {values[len(values) // 2]}")


def test_no_sentence_the_system_writes_is_long(demo):
    for doc in every_family_document():
        assert system_readability(doc).long_sentences == 0, doc.label


def test_a_term_the_worker_typed_is_left_to_the_worker_and_the_rest_is_still_checked(demo):
    plan = Plan.objects.filter(goals__isnull=False).order_by("pk").first()
    goal = plan.goals.first()
    Goal.objects.filter(pk=goal.pk).update(
        what_we_want_to_be_different="Jay goes to CAMHS every week."
    )
    (printed, _pdf) = plan_documents(plan)
    assert "CAMHS" in printed.full_text
    assert find_jargon(printed.system_text, printed.glossary) == []
    assert "Who to call" in printed.system_text
    assert [hit.term for hit in find_jargon("Call the MST Team.", printed.glossary)] == ["MST"]


# A team or service with no name for families -------------------------------------------------
