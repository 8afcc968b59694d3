"""The plain-language check on what the family will read: jargon with plain alternatives, and
how easy the text is to read. Warnings only: a worker may keep a term the family knows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from edgecare.plain_language import JargonHit, Readability, check_text, readability
from plans.models import Action, Contingency, Goal, Plan

# The fields the family reads, per model. Names, phone numbers and dates are left out.
FAMILY_FACING_FIELDS: dict[type, tuple[str, ...]] = {
    Goal: ("what_we_want_to_be_different", "how_we_will_know"),
    Action: ("what",),
    Contingency: ("if_this_happens", "what_we_will_do", "who_does_it"),
}


@dataclass(frozen=True)
class WordingCheck:
    """The jargon found (each term once, with its plain alternative) and the readability."""

    hits: tuple[JargonHit, ...]
    readability: Readability

    @property
    def has_jargon(self) -> bool:
        return bool(self.hits)

    @property
    def hard_to_read(self) -> bool:
        return self.readability.words >= 12 and not self.readability.meets_target

    @property
    def has_warnings(self) -> bool:
        return self.has_jargon or self.hard_to_read


def _unique(hits: Iterable[JargonHit]) -> tuple[JargonHit, ...]:
    seen: dict[str, JargonHit] = {}
    for hit in hits:
        seen.setdefault(hit.term.lower(), hit)
    return tuple(seen.values())


def check_texts(texts: Iterable[str], glossary) -> WordingCheck:
    # One text per line so each field is read as its own sentence(s).
    joined = "\n".join(t.strip() for t in texts if t and t.strip())
    report = check_text(joined, glossary)
    return WordingCheck(hits=_unique(report.hits), readability=report.readability)


def item_texts(item) -> list[str]:
    return [getattr(item, name) or "" for name in FAMILY_FACING_FIELDS.get(type(item), ())]


def check_item(item, glossary) -> WordingCheck:
    return check_texts(item_texts(item), glossary)


def check_form_data(form, glossary) -> WordingCheck:
    """Check what was typed into a form, saved or not."""
    names = FAMILY_FACING_FIELDS.get(form._meta.model, ())
    return check_texts((form.data.get(form.add_prefix(name), "") for name in names), glossary)


def plan_texts(plan: Plan) -> list[str]:
    texts = []
    for goal in plan.goals.all():
        texts += item_texts(goal)
        for action in goal.actions.all():
            texts += item_texts(action)
    for contingency in plan.contingencies.all():
        texts += item_texts(contingency)
    return texts


def plan_readability(plan: Plan) -> Readability:
    """Readability of everything the family will read in the plan (contents prefetched)."""
    return readability("\n".join(t.strip() for t in plan_texts(plan) if t.strip()))
