"""The family plan: the print view and the PDF, in plain words, addressed to the family.

Nothing from the system itself reaches the family's copy: no references, outcome-area codes,
status words or professional terms the worker did not write.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import dateformat
from django.utils.translation import gettext, gettext_noop, pgettext

from edgecare.languages import family_language
from edgecare.pdf import render_pdf
from edgecare.phones import phone_number_in
from plans.models import Action, Goal, Plan, PlanContact
from plans.selectors import people_the_plan_is_for, people_who_agreed

STYLESHEET = "css/family-document.css"
PDF_FILENAME = "our-family-plan.pdf"


def friendly_date(day: datetime.date | None, *, today: datetime.date | None = None) -> str:
    """ "Friday 12 December 2026": always with the year, because a family keeps the paper
    and reads it again months later (`today` is accepted for callers that pass it). In the
    language the document is being made in (edgecare.languages.family_language)."""
    if day is None:
        return ""
    # Django's date format: "l j E Y" is weekday, day, month (in the form that follows a day's
    # number, as Polish needs), year. A catalogue may order it as its language does.
    return dateformat.format(day, pgettext("family document date", "l j E Y"))


def names_in_words(names: list[str]) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return gettext("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def addressed_to(plan: Plan) -> str:
    names = [p.known_as for p in people_the_plan_is_for(plan)]
    family = plan.case.family.family_name
    if names:
        return gettext("For the %(family)s family: %(names)s") % {
            "family": family,
            "names": names_in_words(names),
        }
    return gettext("For the %(family)s family") % {"family": family}


@dataclass(frozen=True)
class FamilyAction:
    what: str
    who: str
    by_when: str
    done: bool
    done_on: str
    under_way: bool


@dataclass(frozen=True)
class FamilyGoal:
    number: int
    what_we_want: str
    how_we_will_know: str
    actions: list[FamilyAction]


# A person with a safety note is never named on a family document, even as an action's owner.
NOT_NAMED = gettext_noop("Agreed with your worker")


def _action(action: Action) -> FamilyAction:
    person = action.owner_person if action.owner_person_id else None
    return FamilyAction(
        what=action.what.strip(),
        who=gettext(NOT_NAMED)
        if person is not None and person.has_safety_note
        else action.owner_display,
        by_when=friendly_date(action.due_date),
        done=action.status == Action.Status.DONE,
        done_on=friendly_date(action.status_on) if action.status == Action.Status.DONE else "",
        under_way=action.status == Action.Status.UNDER_WAY,
    )


def _goal(number: int, goal: Goal) -> FamilyGoal:
    return FamilyGoal(
        number=number,
        what_we_want=goal.what_we_want_to_be_different.strip(),
        how_we_will_know=goal.how_we_will_know.strip(),
        actions=[_action(a) for a in goal.actions.all() if a.status != Action.Status.DROPPED],
    )


@dataclass(frozen=True)
class FamilyContact:
    name: str
    role: str
    phone: str
    when_to_call: str


# The words plans.services.default_contacts fills in. A worker may keep or change them; kept,
# they print in the document's language; changed, they are the worker's own words.
DEFAULT_CONTACT_WORDS = frozenset(
    (
        gettext_noop("Your worker"),
        gettext_noop("Your worker's team"),
        gettext_noop("Weekdays, 9am to 5pm"),
        gettext_noop("Weekdays"),
        gettext_noop("For a worry that cannot wait until the morning"),
        gettext_noop("Evenings, nights, weekends and bank holidays"),
    )
)


def _system_words(text: str) -> str:
    return gettext(text) if text in DEFAULT_CONTACT_WORDS else text


def _contact(contact: PlanContact) -> FamilyContact:
    """A "Who to call" row: the number always in the phone column. A contact written before the
    number had its own field (a team's out-of-hours arrangement, "call ... on 0300 555 0142")
    has the number from its words."""
    return FamilyContact(
        name=contact.name,
        role=_system_words(contact.role),
        phone=contact.phone.strip() or phone_number_in(contact.when_to_call),
        when_to_call=_system_words(contact.when_to_call),
    )


def signature_names(plan: Plan) -> list[str]:
    """One signature line a person: who agreed this version (and anyone else recorded as
    agreeing), or for a plan not yet agreed everyone it is for. Never a person with a safety
    note. An empty name is a line to write a name on."""
    people = people_the_plan_is_for(plan)  # in the document's order; no one with a safety note
    if plan.agreed_on:
        agreed = {p.pk for p in people_who_agreed(plan)}
        names = [p.full_name for p in people if p.pk in agreed]
        names += [
            name.strip()
            for name in plan.agreed_by_others.replace(";", ",").split(",")
            if name.strip()
        ]
    else:
        names = [p.full_name for p in people]
    return names or [""]


def family_plan_context(plan: Plan) -> dict:
    """What the family's copy says. `plan` comes with its contents prefetched. Built inside
    edgecare.languages.family_language, so its dates and words are the document's language."""
    contacts = [(c.is_out_of_hours, _contact(c)) for c in plan.contacts.all()]
    return {
        "plan": plan,
        "addressed_to": addressed_to(plan),
        "is_draft": not plan.is_agreed and not plan.is_superseded,
        "is_superseded": plan.is_superseded,
        "agreed_on": friendly_date(plan.agreed_on) if plan.agreed_on else "",
        "starts_on": friendly_date(plan.start_date),
        "goals": [_goal(n, g) for n, g in enumerate(plan.goals.all(), start=1)],
        "contingencies": list(plan.contingencies.all()),
        "daytime_contacts": [c for out_of_hours, c in contacts if not out_of_hours],
        "out_of_hours_contacts": [c for out_of_hours, c in contacts if out_of_hours],
        "signatures": signature_names(plan),
        "next_review": friendly_date(plan.next_review_date) if plan.next_review_date else "",
        "review_weeks": plan.review_cadence_weeks,
        "family_comments": plan.family_comments.strip(),
        "worker_name": (
            plan.case.lead_professional.get_full_name() if plan.case.lead_professional else ""
        ),
    }


def render_family_plan_pdf(plan: Plan, *, english: bool = False) -> bytes:
    """The family's copy as a PDF, in the family's language (or the English copy)."""
    with family_language(plan.case.family.main_language, english=english) as language:
        context = family_plan_context(plan) | {"language": language}
        return render_pdf("plans/family_plan_pdf.html", context, stylesheets=(STYLESHEET,))
