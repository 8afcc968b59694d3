"""Reading documents: a case's, one record's, and what each is attached to. Callers pass a case
they loaded through the scoped selectors; nothing here widens the scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet

from attachments.models import Attachment
from attachments.targets import CASE, TARGETS, kind_of
from families.models import Case


def attachments_of_case(case: Case, *, withdrawn: bool = False) -> QuerySet[Attachment]:
    """The case's documents: the live ones, or (withdrawn=True) the withdrawn ones."""
    return (
        Attachment.objects.filter(case=case, withdrawn_at__isnull=not withdrawn)
        .select_related("added_by", "withdrawn_by")
        .order_by("-document_date", "-pk")
    )


def attachments_on(record: Any) -> list[Attachment]:
    """The live documents attached to one record of a case (a plan version, a review)."""
    return list(
        Attachment.objects.live()
        .filter(case_id=record.case_id, target_kind=kind_of(record), target_id=record.pk)
        .select_related("added_by")
        .order_by("-document_date", "-pk")
    )


def attachments_of_cases(cases: QuerySet[Case]) -> QuerySet[Attachment]:
    """Every document of these cases, withdrawn ones too (subject access: everything held)."""
    return (
        Attachment.objects.filter(case__in=cases)
        .select_related("case", "added_by", "withdrawn_by")
        .order_by("case_id", "document_date", "pk")
    )


@dataclass(frozen=True)
class Listed:
    """A document with what it is attached to, in words and as a link."""

    attachment: Attachment
    attached_to: str
    attached_to_url: str | None


def with_targets(attachments: list[Attachment]) -> list[Listed]:
    """Each document with its record described: one query per kind of record present, however
    many documents there are."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for attachment in attachments:
        if attachment.target_kind != CASE and attachment.target_id is not None:
            wanted[attachment.target_kind].add(attachment.target_id)
    found: dict[tuple[str, int], models.Model] = {}
    for kind, ids in wanted.items():
        model = TARGETS[kind].model
        for record in model._default_manager.filter(pk__in=ids):
            found[(kind, record.pk)] = record
    listed = []
    for attachment in attachments:
        if attachment.target_kind == CASE:
            listed.append(Listed(attachment, "The case", None))
            continue
        held = found.get((attachment.target_kind, attachment.target_id or 0))
        if held is None:
            listed.append(Listed(attachment, attachment.target_label, None))
            continue
        target = TARGETS[attachment.target_kind]
        listed.append(Listed(attachment, target.describe(held), target.url(held)))
    return listed
