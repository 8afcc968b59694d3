"""The closure letter to the family: the print view and the PDF, in plain words, addressed to
the family by name, with their plan for keeping things going.

Built the way the family plan is (plans.documents): the same friendly dates and addressing,
the same stylesheet, and the one PDF pipeline (edgecare.pdf). Nothing from the system reaches the
letter: no references, outcome-area names, status words or scores.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from edgecare.languages import family_language
from edgecare.pdf import render_pdf
from edgecare.phones import phone_number_in
from plans.documents import STYLESHEET, friendly_date, names_in_words
from plans.models import glossary_for
from plans.selectors import people_the_case_documents_are_for
from plans.wording import WordingCheck, check_texts
from reviews.models import Closure, ClosureGoalOutcome

PDF_FILENAME = "our-closure-letter.pdf"

# What the family reads in the letter, so the plain-language check covers exactly that.
FAMILY_FACING_FIELDS = (
    "contact_role",
    "out_of_hours_cover",
    "step_down_who",
    "step_down_what",
    "back_up_support",
    "what_helped",
    "family_confidence_words",
    "message_to_family",
)


def greeting(closure: Closure) -> str:
    names = [p.known_as for p in people_the_case_documents_are_for(closure.case)]
    if names:
        return gettext("Dear %(names)s,") % {"names": names_in_words(names)}
    return gettext("Dear %(family)s family,") % {"family": closure.case.family.family_name}


@dataclass(frozen=True)
class ChangedGoal:
    what_we_wanted: str
    how_it_went: str
    in_our_words: str
    achieved: bool


# Translated when the letter is made (edgecare.languages.family_language).
_HOW_IT_WENT = {
    ClosureGoalOutcome.State.ACHIEVED: gettext_noop("You did it."),
    ClosureGoalOutcome.State.PARTLY: gettext_noop(
        "Things got better, and there is still some way to go."
    ),
    ClosureGoalOutcome.State.NOT_ACHIEVED: gettext_noop("This one is still hard."),
    ClosureGoalOutcome.State.NO_LONGER_NEEDED: gettext_noop(
        "This stopped being something you needed."
    ),
}
# Said of a goal still hard only when the letter has its "What helped" part: the letter names
# nothing that is not in it (no plan is enclosed with it).
_STILL_HARD_WHAT_HELPED = gettext_noop("What helped, further on in this letter, can help here too.")


def _how_it_went(state: str, *, what_helped: bool) -> str:
    words = _HOW_IT_WENT.get(state)
    if words is None:
        return ""
    said = gettext(words)
    if state == ClosureGoalOutcome.State.NOT_ACHIEVED and what_helped:
        said = f"{said} {gettext(_STILL_HARD_WHAT_HELPED)}"
    return said


def _changed_goals(closure: Closure) -> list[ChangedGoal]:
    what_helped = bool(closure.what_helped.strip())
    return [
        ChangedGoal(
            what_we_wanted=row.goal.what_we_want_to_be_different.strip(),
            how_it_went=_how_it_went(row.state, what_helped=what_helped),
            in_our_words=row.comment.strip(),
            achieved=row.state == ClosureGoalOutcome.State.ACHIEVED,
        )
        for row in closure.goal_outcomes.all()
        if row.state
    ]


def letter_date(closure: Closure) -> str:
    """The letter's date: the day it was signed off, or today for a draft."""
    return friendly_date(closure.signed_off_day or timezone.localdate())


def closure_letter_context(closure: Closure) -> dict:
    """What the letter says. `closure` comes with its contents prefetched. Built inside
    edgecare.languages.family_language, so its dates and words are the letter's language."""
    case = closure.case
    worker = case.lead_professional
    goals = _changed_goals(closure)
    return {
        "closure": closure,
        "letter_date": letter_date(closure),
        "greeting": greeting(closure),
        "service_name": case.service.name,
        "organisation_name": case.service.organisation.name,
        "closure_date": friendly_date(closure.closure_date),
        "is_draft": not closure.is_signed_off,
        "stayed_at_home": closure.stayed_at_home,
        "achieved": [g for g in goals if g.achieved],
        "other_goals": [g for g in goals if not g.achieved],
        "contact_name": closure.contact_name.strip(),
        "contact_role": closure.contact_role.strip(),
        "contact_phone": closure.contact_phone.strip(),
        "out_of_hours_cover": closure.out_of_hours_cover.strip(),
        "out_of_hours_phone": phone_number_in(closure.out_of_hours_cover),
        "step_down_who": closure.step_down_who.strip(),
        "step_down_what": closure.step_down_what.strip(),
        "back_up_support": closure.back_up_support.strip(),
        "what_helped": closure.what_helped.strip(),
        "confidence_words": closure.family_confidence_words.strip(),
        "message_to_family": closure.message_to_family.strip(),
        "worker_name": (worker.get_full_name() or str(worker)) if worker else "",
        "service_title": settings.SERVICE_NAME,
    }


def closure_wording_check(closure: Closure) -> WordingCheck:
    """Jargon and readability of everything the family will read in the letter."""
    texts = [getattr(closure, name) or "" for name in FAMILY_FACING_FIELDS]
    texts += [row.comment for row in closure.goal_outcomes.all()]
    glossary = glossary_for(closure.case.family.organisation_id)
    return check_texts(texts, glossary)


def render_closure_letter_pdf(closure: Closure, *, english: bool = False) -> bytes:
    """The letter as a PDF, in the family's language (or the English copy)."""
    with family_language(closure.case.family.main_language, english=english) as language:
        context = closure_letter_context(closure) | {"language": language}
        return render_pdf("reviews/closure_letter_pdf.html", context, stylesheets=(STYLESHEET,))
