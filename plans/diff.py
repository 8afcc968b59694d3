"""What changed between two versions of a plan, as a short list a person can read.

Items are matched by the link a revision keeps to the item it copied (`copied_from`), and
otherwise by their content, so a goal re-typed word for word is not reported as new.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plans.models import Plan


@dataclass
class Change:
    kind: str  # "added", "removed" or "changed"
    what: str  # the item, in a few words
    details: list[str] = field(default_factory=list)


@dataclass
class Section:
    title: str
    changes: list[Change] = field(default_factory=list)


def _short(text: str, length: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 3].rstrip() + "..."


def _date(day) -> str:
    return f"{day:%-d %B %Y}" if day else "no date"


def _score(score) -> str:
    return "none" if score is None else str(score)


def _same(before, after) -> bool:
    """Equal as a reader would see them: whole texts compared (spacing aside), never the
    shortened form shown, so an edit near the end of a long text is still a change."""
    if isinstance(before, str) and isinstance(after, str):
        return " ".join(before.split()) == " ".join(after.split())
    return before == after


def _field_changes(old, new, fields: list[tuple[str, str, callable]]) -> list[str]:
    details = []
    for label, attr, show in fields:
        before, after = _value(old, attr), _value(new, attr)
        if not _same(before, after):
            details.append(f"{label}: “{show(before)}” became “{show(after)}”")
    return details


def _value(item, attr: str):
    value = getattr(item, attr)
    return value() if callable(value) else value


def _match(old_items: list, new_items: list, key) -> tuple[list, list, list]:
    """(pairs, removed, added): pairs by copied_from first, then by identical content."""
    old_by_pk = {item.pk: item for item in old_items}
    pairs, added = [], []
    matched_old: set[int] = set()
    for item in new_items:
        origin = old_by_pk.get(item.copied_from_id)
        if origin is not None and origin.pk not in matched_old:
            pairs.append((origin, item))
            matched_old.add(origin.pk)
        else:
            added.append(item)
    still_added = []
    for item in added:
        twin = next((o for o in old_items if o.pk not in matched_old and key(o) == key(item)), None)
        if twin is None:
            still_added.append(item)
        else:
            pairs.append((twin, item))
            matched_old.add(twin.pk)
    removed = [o for o in old_items if o.pk not in matched_old]
    return pairs, removed, still_added


def _owner(action) -> str:
    return action.owner_display or "no one"


GOAL_FIELDS = [
    ("Outcome area", "domain_name", str),
    ("What we want to be different", "what_we_want_to_be_different", _short),
    ("How we'll know", "how_we_will_know", _short),
    ("Target score", "target_score", _score),
]
ACTION_FIELDS = [
    ("What", "what", _short),
    ("Who", "owner_display", str),
    ("By when", "due_date", _date),
    ("Progress", "get_status_display", str),
]
CONTINGENCY_FIELDS = [
    ("If this happens", "if_this_happens", _short),
    ("What we will do", "what_we_will_do", _short),
    ("Who does it", "who_does_it", _short),
]
CONTACT_FIELDS = [
    ("Who", "name", str),
    ("Role", "role", str),
    ("Phone", "phone", str),
    ("When to call", "when_to_call", _short),
]


def _goal_key(goal):
    return (goal.domain_id, " ".join(goal.what_we_want_to_be_different.split()).lower())


def _action_key(action):
    return " ".join(action.what.split()).lower()


def plan_changes(old: Plan, new: Plan) -> list[Section]:
    """Goals (with their targets and actions), contingencies and contacts that were added,
    removed or changed from `old` to `new`. Both plans come with their contents prefetched."""
    goals = Section("Goals and actions")
    old_goals, new_goals = list(old.goals.all()), list(new.goals.all())
    pairs, removed, added = _match(old_goals, new_goals, _goal_key)
    for goal in added:
        details = [f"Target score: {_score(goal.target_score)}"] + [
            f"Action: {_short(a.what)} ({_owner(a)}, by {_date(a.due_date)})"
            for a in goal.actions.all()
        ]
        goals.changes.append(Change("added", _short(goal.what_we_want_to_be_different), details))
    for goal in removed:
        goals.changes.append(Change("removed", _short(goal.what_we_want_to_be_different)))
    for before, after in pairs:
        details = _field_changes(before, after, GOAL_FIELDS)
        a_pairs, a_removed, a_added = _match(
            list(before.actions.all()), list(after.actions.all()), _action_key
        )
        details += [
            f"Action added: {_short(a.what)} ({_owner(a)}, by {_date(a.due_date)})" for a in a_added
        ]
        details += [f"Action taken out: {_short(a.what)}" for a in a_removed]
        for a_before, a_after in a_pairs:
            for change in _field_changes(a_before, a_after, ACTION_FIELDS):
                details.append(f"Action “{_short(a_after.what, 50)}”: {change}")
        # Done and dropped actions are carried into a revision as they are: say so, rather
        # than leaving the reader to wonder whether they were taken out.
        details += [
            f"Action {a_after.get_status_display().lower()} (kept as it is): {_short(a_after.what)}"
            for a_before, a_after in a_pairs
            if not a_after.is_open and a_before.status == a_after.status
        ]
        if details:
            goals.changes.append(
                Change("changed", _short(after.what_we_want_to_be_different), details)
            )

    sections = [goals]
    for title, attr, fields, key in (
        (
            "If things go wrong",
            "contingencies",
            CONTINGENCY_FIELDS,
            lambda c: " ".join(c.if_this_happens.split()).lower(),
        ),
        ("Who to call", "contacts", CONTACT_FIELDS, lambda c: (c.name, c.phone)),
    ):
        section = Section(title)
        pairs, removed, added = _match(
            list(getattr(old, attr).all()), list(getattr(new, attr).all()), key
        )
        label = fields[0][1]
        section.changes += [Change("added", _short(getattr(i, label))) for i in added]
        section.changes += [Change("removed", _short(getattr(i, label))) for i in removed]
        for before, after in pairs:
            details = _field_changes(before, after, fields)
            if details:
                section.changes.append(Change("changed", _short(getattr(after, label)), details))
        sections.append(section)
    settings = Section("Reviews")
    if old.review_cadence_weeks != new.review_cadence_weeks:
        settings.changes.append(
            Change(
                "changed",
                "How often the plan is reviewed",
                [
                    f"every {old.review_cadence_weeks} weeks became every "
                    f"{new.review_cadence_weeks} weeks"
                ],
            )
        )
    sections.append(settings)
    return sections
