"""Prompts that make sure nobody in the family is left out of an assessment."""

from __future__ import annotations

from collections.abc import Collection, Iterable


def carer_prompts(carers: Iterable, recorded_person_ids: Collection[int]) -> list[str]:
    """A question for each father or male carer whose views are not recorded yet.

    Fathers and male carers are the family members assessments most often leave out, so the
    record asks about each of them by name; never someone with a safety note, whom asking
    could put others at risk (safety_warning says so instead).
    """
    return [
        f"Have you asked {person.known_as} "
        f"({person.get_relationship_display().lower()}) for his views?"
        for person in carers
        if person.is_male_carer
        and not person.has_safety_note
        and person.pk not in recorded_person_ids
    ]


def safety_warning(person) -> str:
    """What the record says before anyone asks `person` for their views, when they have a
    safety note (staff only: the note is never on family documents)."""
    if not person.has_safety_note:
        return ""
    return (
        f"Safety note on {person.known_as}: {person.safety_note.strip()} "
        "Check with your manager that it is safe before asking for their views."
    )
