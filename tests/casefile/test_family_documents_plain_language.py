"""Every family document of every demo family, checked as the family will read it: the words
the application itself writes (headings, explanations, the team's name, the contacts it fills
in) have no jargon, and read easily (Flesch reading ease at least 80, per document kind). Words
a worker typed and chose to keep are theirs: the worker sees the check on them as they type.

The system's own text is what is left when every worker-typed value is taken out of the
rendered document; each value taken out leaves a line break, so the text around it is still
read as the sentences it is."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.template.loader import render_to_string

from edgecare.models import Service, Team
from edgecare.plain_language import find_jargon, readability
from families.models import Person
from plans.documents import family_plan_context, young_person_plan_context
from plans.models import Goal, Plan, glossary_for
from plans.selectors import plan_with_contents
from plans.wording import plan_texts
from reviews.documents import FAMILY_FACING_FIELDS, closure_letter_context
from reviews.models import Closure
from reviews.selectors import closure_with_contents
from tests.document_text import document_lines, without

pytestmark = pytest.mark.django_db

FLESCH_TARGET = 80.0


def people_names(family_id: int) -> list[str]:
    names = []
    for person in Person.objects.filter(family_id=family_id):
        names += [person.known_as, person.first_name, person.last_name, person.full_name]
    return names


@dataclass(frozen=True)
class Document:
    kind: str
    label: str
    full_text: str
    system_text: str
    glossary: tuple


def system_readability(doc: Document):
    # Lines without a letter (a goal's number, a phone number) are not sentences anyone reads.
    lines = [line for line in doc.system_text.splitlines() if re.search(r"[^\W\d_]", line)]
    return readability("\n".join(lines))


def document(kind, label, template, context, typed, glossary) -> Document:
    text = document_lines(render_to_string(template, context))
    return Document(
        kind=kind,
        label=f"{label} ({template})",
        full_text=text,
        system_text=without(text, typed),
        glossary=glossary,
    )


def plan_documents(plan: Plan) -> list[Document]:
    full = plan_with_contents(plan)
    context = family_plan_context(full)
    typed = plan_texts(full) + [full.family_comments, full.agreed_by_others]
    typed += [action.who for goal in context["goals"] for action in goal.actions]
    typed += people_names(full.case.family_id)
    typed += [context["worker_name"]]
    glossary = glossary_for(full.case.family.organisation_id)
    return [
        document(
            "family plan",
            f"{full.case.family.family_name} plan v{full.version}",
            template,
            context,
            typed,
            glossary,
        )
        for template in ("plans/family_plan_print.html", "plans/family_plan_pdf.html")
    ]


def young_person_documents(plan: Plan) -> list[Document]:
    full = plan_with_contents(plan)
    family_copy = family_plan_context(full)
    typed = plan_texts(full) + [action.who for g in family_copy["goals"] for action in g.actions]
    typed += people_names(full.case.family_id) + [family_copy["worker_name"]]
    glossary = glossary_for(full.case.family.organisation_id)
    return [
        document(
            "young person's plan",
            f"{full.case.family.family_name} plan v{full.version} for {person.known_as}",
            template,
            young_person_plan_context(full, person),
            typed,
            glossary,
        )
        for person in full.case.young_people.order_by("pk")
        for template in ("plans/young_person_plan_print.html", "plans/young_person_plan_pdf.html")
    ]


def letter_documents(closure: Closure) -> list[Document]:
    full = closure_with_contents(closure)
    context = closure_letter_context(full)
    typed = [getattr(full, name) for name in FAMILY_FACING_FIELDS]
    typed += [full.contact_name, full.contact_phone]
    typed += [row.comment for row in full.goal_outcomes.all()]
    typed += [row.goal.what_we_want_to_be_different for row in full.goal_outcomes.all()]
    typed += people_names(full.case.family_id)
    typed += [context["worker_name"]]
    glossary = glossary_for(full.case.family.organisation_id)
    return [
        document(
            "closure letter",
            f"{full.case.family.family_name} letter {full.pk}",
            template,
            context,
            typed,
            glossary,
        )
        for template in ("reviews/closure_letter_print.html", "reviews/closure_letter_pdf.html")
    ]


_documents: list[Document] = []


def every_family_document() -> list[Document]:
    """Every version of every demo family's plan, each young person's own plan and every closure
    letter, as printed and as the PDF's page: rendered once per module (the demo does not
    change between its tests)."""
    if not _documents:
        for plan in Plan.objects.select_related("case__family").order_by("pk"):
            _documents.extend(plan_documents(plan))
            _documents.extend(young_person_documents(plan))
        for closure in Closure.objects.select_related("case__family").order_by("pk"):
            _documents.extend(letter_documents(closure))
    return _documents


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
    for doc in every_family_document():
        for name in internal:
            assert name not in doc.full_text, (doc.label, name)


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


def test_a_team_without_a_name_for_families_is_called_by_its_services_or_a_plain_generic_one(world):
    from plans.services import default_contacts

    team = world.case.team
    team.out_of_hours_arrangement = "Ring the on-call phone: 0300 555 0100."
    team.save()
    assert team.name_for_families == "The family support service"
    contacts = default_contacts(world.case)
    assert team.name not in [contact.name for contact in contacts]
    assert "The family support service" in [contact.name for contact in contacts]
    service = team.service
    service.family_facing_name = "Family support"
    service.family_facing_description = "We help families at home"
    service.save()
    team.refresh_from_db()
    assert team.name_for_families == "Family support"
    assert team.description_for_families == "We help families at home"
    team.family_facing_name = "The family support team"
    assert team.name_for_families == "The family support team"


def test_the_plan_and_letter_print_the_generic_name_when_the_team_has_none(world):
    from tests.reviews.review_helpers import fill_closure, started_closure

    closure = fill_closure(started_closure(world))
    (letter, _pdf) = letter_documents(closure)
    (plan, _plan_pdf) = plan_documents(closure.plan)
    for doc in (letter, plan):
        assert "The family support service" in doc.system_text, doc.label
        assert world.case.team.name not in doc.full_text
        assert world.case.service.name not in doc.full_text
