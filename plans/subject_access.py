"""The plans app's part of a person's subject access export (composed by
casefile.subject_access): the plan actions they agreed to do, and how each went between
reviews, in the cases in scope."""

from __future__ import annotations

from django.db.models import QuerySet

from families.models import Case, Person
from families.subject_access import Section, as_record
from plans.models import Action, ActionProgress


def actions_part(person: Person, cases: QuerySet[Case]) -> Section:
    actions = Action.objects.filter(owner_person=person, goal__plan__case__in=cases).order_by(
        "due_date", "pk"
    )
    return Section(
        "Plan actions they agreed to do",
        [as_record(a, ["what", "due_date", "status", "status_on"]) for a in actions],
    )


def action_progress_part(person: Person, cases: QuerySet[Case]) -> Section:
    """Each step recorded on those actions between reviews (the action's words included, so
    the row reads on its own)."""
    steps = (
        ActionProgress.objects.filter(
            action__owner_person=person, action__goal__plan__case__in=cases
        )
        .select_related("action")
        .order_by("happened_on", "pk")
    )
    return Section(
        "Progress on their plan actions",
        [
            {"Action": step.action.what, **as_record(step, ["status", "happened_on", "note"])}
            for step in steps
        ],
    )
