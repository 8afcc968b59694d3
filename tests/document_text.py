"""The text of a rendered family document, as the family reads it, and the same text with the
words a worker typed taken out: what is left is what the system itself wrote. Each value taken
out leaves a line break, so the text around it is still read as the sentences it is."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.template.loader import render_to_string

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
