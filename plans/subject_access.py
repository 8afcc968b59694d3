"""The plans app's part of a person's subject access export (composed by
casefile.subject_access): the plan actions they agreed to do, in the cases in scope."""

from __future__ import annotations

from django.db.models import QuerySet

from families.models import Case, Person
from families.subject_access import Section, as_record
from plans.models import Action


def actions_part(person: Person, cases: QuerySet[Case]) -> Section:
    actions = Action.objects.filter(owner_person=person, goal__plan__case__in=cases).order_by(
        "due_date", "pk"
    )
    return Section(
        "Plan actions they agreed to do",
        [as_record(a, ["what", "due_date", "status"]) for a in actions],
    )
