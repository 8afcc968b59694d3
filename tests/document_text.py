"""The text of a rendered family document, as the family reads it, and the same text with the
words a worker typed taken out: what is left is what the system itself wrote. Each value taken
out leaves a line break, so the text around it is still read as the sentences it is.

Each document renders as the application prints it for a family whose main language is
`main_language` (English unless given): its fixed text in that language when a catalogue
ships (edgecare.languages.family_language), the worker's and family's words as written."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.template.loader import render_to_string

from edgecare.languages import family_language
from edgecare.plain_language import readability
from families.models import Person
from plans.documents import family_plan_context, young_person_plan_context
from plans.models import Plan, glossary_for
from plans.selectors import plan_with_contents
from plans.wording import plan_texts
from reviews.documents import FAMILY_FACING_FIELDS, closure_letter_context
from reviews.models import Closure
from reviews.selectors import closure_with_contents

_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|h\d|li|tr|td|th|blockquote|section|article|ul)>", re.I)
_TAG = re.compile(r"<[^>]+>")


def document_lines(rendered: str) -> str:
    """The text of a rendered document, one line per block (paragraph, heading, cell)."""
    body = rendered.split("<body", 1)[-1].split(">", 1)[-1]
    # The print page's toolbar is for the worker, never on the family's copy.
    body = re.sub(r"<nav class=\"fd-toolbar.*?</nav>", "", body, flags=re.S)
    text = html.unescape(_TAG.sub(" ", _BLOCK_END.sub("\n", body)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def without(text: str, typed: Iterable[str]) -> str:
    """`text` with every typed value taken out, longest first, each leaving a line break."""
    values = {" ".join(value.split()) for value in typed}
    for value in sorted((v for v in values if v), key=len, reverse=True):
        text = text.replace(value, "\n")
    return "\n".join(line.strip(" :,.") for line in text.splitlines() if line.strip(" :,."))


FLESCH_TARGET = 80.0
ENGLISH = "en-gb"


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
    language: str = ENGLISH  # the code the fixed text printed in
    typed: tuple = ()  # what the worker and the family wrote, taken out of system_text

    @property
    def source(self) -> tuple[str, str]:
        """The same document in another language has the same source: (kind, label)."""
        return (self.kind, self.label.split(" [", 1)[0])


def system_readability(doc: Document):
    # Lines without a letter (a goal's number, a phone number) are not sentences anyone reads.
    lines = [line for line in doc.system_text.splitlines() if re.search(r"[^\W\d_]", line)]
    return readability("\n".join(lines))


def document(kind, label, template, context, typed, glossary) -> Document:
    """Rendered inside family_language (as the application renders it), so `context` is too."""
    text = document_lines(render_to_string(template, context))
    code = context["language"].code
    return Document(
        kind=kind,
        label=f"{label} ({template})" + ("" if code == ENGLISH else f" [{code}]"),
        full_text=text,
        system_text=without(text, typed),
        glossary=glossary,
        language=code,
        typed=tuple(value for value in typed if value),
    )


def plan_documents(plan: Plan, main_language: str = "English") -> list[Document]:
    full = plan_with_contents(plan)
    with family_language(main_language) as language:
        return _plan_documents(full, language)


def _plan_documents(full: Plan, language) -> list[Document]:
    context = family_plan_context(full) | {"language": language}
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


def young_person_documents(plan: Plan, main_language: str = "English") -> list[Document]:
    full = plan_with_contents(plan)
    with family_language(main_language) as language:
        return _young_person_documents(full, language)


def _young_person_documents(full: Plan, language) -> list[Document]:
    family_copy = family_plan_context(full)
    typed = plan_texts(full) + [action.who for g in family_copy["goals"] for action in g.actions]
    typed += people_names(full.case.family_id) + [family_copy["worker_name"]]
    glossary = glossary_for(full.case.family.organisation_id)
    return [
        document(
            "young person's plan",
            f"{full.case.family.family_name} plan v{full.version} for {person.known_as}",
            template,
            young_person_plan_context(full, person) | {"language": language},
            typed,
            glossary,
        )
        for person in full.case.young_people.order_by("pk")
        for template in ("plans/young_person_plan_print.html", "plans/young_person_plan_pdf.html")
    ]


def letter_documents(closure: Closure, main_language: str = "English") -> list[Document]:
    full = closure_with_contents(closure)
    with family_language(main_language) as language:
        return _letter_documents(full, language)


def _letter_documents(full: Closure, language) -> list[Document]:
    context = closure_letter_context(full) | {"language": language}
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
