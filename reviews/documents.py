"""The closure letter to the family: the print view and the PDF, in plain words, addressed to
the family by name, with their plan for keeping things going.

Built the way the family plan is (plans.documents): the same friendly dates and addressing,
the same stylesheet, and the one PDF pipeline (edgecare.pdf). Nothing from the system reaches the
letter: no references, outcome-area names, status words or scores.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from edgecare.pdf import render_pdf
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
    return (
        f"Dear {names_in_words(names)},"
        if names
        else (f"Dear {closure.case.family.family_name} family,")
    )


@dataclass(frozen=True)
class ChangedGoal:
    what_we_wanted: str
    how_it_went: str
    in_our_words: str


_HOW_IT_WENT = {
    ClosureGoalOutcome.State.ACHIEVED: "You did it.",
    ClosureGoalOutcome.State.PARTLY: "Things got better, and there is still some way to go.",
    ClosureGoalOutcome.State.NOT_ACHIEVED: "This one is still hard. It is in your plan below.",
    ClosureGoalOutcome.State.NO_LONGER_NEEDED: "This stopped being something you needed.",
}


def _changed_goals(closure: Closure) -> list[ChangedGoal]:
    return [
        ChangedGoal(
            what_we_wanted=row.goal.what_we_want_to_be_different.strip(),
            how_it_went=_HOW_IT_WENT.get(row.state, ""),
            in_our_words=row.comment.strip(),
        )
        for row in closure.goal_outcomes.all()
        if row.state
    ]


def closure_letter_context(closure: Closure) -> dict:
    """What the letter says. `closure` comes with its contents prefetched."""
    case = closure.case
    worker = case.lead_professional
    goals = _changed_goals(closure)
    return {
        "closure": closure,
        "greeting": greeting(closure),
        # As families know it: the internal name ("Multisystemic Therapy") never reaches them.
        "service_name": case.team.name_for_families,
        "organisation_name": case.service.organisation.name,
        "closure_date": friendly_date(closure.closure_date),
        "is_draft": not closure.is_signed_off,
        "stayed_at_home": closure.stayed_at_home,
        "achieved": [g for g in goals if g.how_it_went == _HOW_IT_WENT["achieved"]],
        "other_goals": [g for g in goals if g.how_it_went != _HOW_IT_WENT["achieved"]],
        "contact_name": closure.contact_name.strip(),
        "contact_role": closure.contact_role.strip(),
        "contact_phone": closure.contact_phone.strip(),
        "out_of_hours_cover": closure.out_of_hours_cover.strip(),
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


def render_closure_letter_pdf(closure: Closure) -> bytes:
    return render_pdf(
        "reviews/closure_letter_pdf.html",
        closure_letter_context(closure),
        stylesheets=(STYLESHEET,),
    )
