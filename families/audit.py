"""A case's audit trail: who viewed, printed, exported and changed what, and when.

Built from the two records that already exist: the access log (views, prints, PDFs, exports,
refusals) and django-simple-history's tables (every change to every case-record model). It
names the fields that changed, never their contents: the trail is evidence of who did what,
not a second copy of the record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import ForeignKey

from edgecare.models import AccessLog, CaseRecord
from families.models import Case

# Housekeeping columns that change on every save and say nothing to a reader.
_QUIET_FIELDS = {"updated_at", "row_version", "out_of_hours"}


@dataclass(frozen=True)
class Change:
    at: datetime.datetime
    by: str
    record: str
    kind: str  # "Added", "Changed"
    fields: tuple[str, ...]
    # Why, when the change says (an import: "Imported from the previous system").
    reason: str = ""


def _case_models() -> list[tuple[type, str]]:
    """Every case-record model, with the lookup from it to its case."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, CaseRecord):
            continue
        if model is Case:
            found.append((model, "id"))
            continue
        case_field = next(
            (
                f
                for f in model._meta.get_fields()
                if isinstance(f, ForeignKey) and f.related_model is Case
            ),
            None,
        )
        if case_field is not None:
            found.append((model, f"{case_field.name}_id"))
    return found


def changes_for_case(case: Case, *, limit: int = 300) -> list[Change]:
    """The newest changes to the case and the records kept on it, newest first.

    One query per kind of record (a fixed number, whatever the case holds)."""
    changes: list[Change] = []
    for model, lookup in _case_models():
        history = model.history.model
        rows = list(
            history.objects.filter(**{lookup: case.pk})
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        names = {
            f.attname: str(f.verbose_name)
            for f in model._meta.concrete_fields
            if f.attname not in _QUIET_FIELDS
        }
        previous_by_object: dict[int, object] = {}
        label = str(model._meta.verbose_name).capitalize()
        for row in rows:
            before = previous_by_object.get(row.id)
            if row.history_type == "+" or before is None:
                kind, fields = "Added", ()
            else:
                kind = "Changed"
                fields = tuple(
                    names[a] for a in names if getattr(row, a, None) != getattr(before, a, None)
                )
                if not fields:
                    previous_by_object[row.id] = row
                    continue
            previous_by_object[row.id] = row
            changes.append(
                Change(
                    at=row.history_date,
                    by=str(row.history_user) if row.history_user else "The system",
                    record=label,
                    kind=kind,
                    fields=fields,
                    reason=row.history_change_reason or "",
                )
            )
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes[:limit]


def access_for_case(case: Case, *, limit: int = 300):
    return AccessLog.objects.filter(case_id=case.pk).select_related("user").order_by("-at")[:limit]
