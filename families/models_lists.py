"""The lists an organisation extends: referral sources, agency types and relationships.

Each list ships with built-in entries (the `TextChoices` on the models that use them: their
codes are what the application's own rules know, such as "mother" or "young_person"). An
organisation adds its own entries, reorders any entry and takes any entry out of use in the
Django admin; nothing is ever deleted, because records keep the code they were saved
with. A record stores the entry's code, so a report grouped by referral source reads one column.

`entries(organisation, kind)` is the one place that merges the built-ins with the
organisation's rows; forms take their choices from `choices(...)` and pages their wording from
`label(...)`. A built-in entry keeps its shipped wording (so a page shows it without asking
which organisation the record belongs to); an organisation's own entries are looked up. The
merged list is cached (the shared cache), and a saved entry clears it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from edgecare.models import Organisation

CACHE_SECONDS = 60 * 60


class ListEntryQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("List entries are taken out of use, never deleted.")


class ListEntry(models.Model):
    class Kind(models.TextChoices):
        REFERRAL_SOURCE = "referral_source", "Referral sources"
        AGENCY_TYPE = "agency_type", "Agency types"
        RELATIONSHIP = "relationship", "Relationships to the family"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="list_entries"
    )
    kind = models.CharField("List", max_length=20, choices=Kind.choices)
    code = models.SlugField(
        max_length=20,
        blank=True,
        help_text="Stored on each record. Made from the wording when left empty; it never "
        "changes once records use it.",
    )
    label = models.CharField("Wording", max_length=120)
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(
        "In use", default=True, help_text="Out of use: not offered on forms, kept on records."
    )
    history = HistoricalRecords()

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order", "label"]
        verbose_name = "list entry"
        verbose_name_plural = "lists: referral sources, agency types, relationships"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "code"], name="unique_list_entry_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = slugify(self.label).replace("-", "_")[:20]
        super().save(*args, **kwargs)
        cache.delete(_cache_key(self.organisation_id, self.kind))

    def clean(self) -> None:
        if not self.code:
            self.code = slugify(self.label).replace("-", "_")[:20]
        if not self.code:
            raise ValidationError({"label": "Enter wording with at least one letter or number"})
        if self.pk:
            before = ListEntry.objects.filter(pk=self.pk).values_list("code", flat=True).first()
            if before and before != self.code:
                raise ValidationError({"code": "The code of an entry never changes"})
        shipped = dict(built_in(self.kind)) if self.kind else {}
        if self.code in shipped and self.label != str(shipped[self.code]):
            # Reports and other organisations' pages read a built-in entry's wording without
            # asking the organisation, so it stays as shipped: add an entry of your own instead.
            raise ValidationError(
                {"label": f"A built-in entry keeps its wording: {shipped[self.code]}"}
            )

    def delete(self, *args, **kwargs):
        raise PermissionError("List entries are taken out of use, never deleted.")


@dataclass(frozen=True)
class Entry:
    code: str
    label: str
    is_active: bool


def built_in(kind: str) -> list[tuple[str, str]]:
    """The entries a list ships with, in order (imported here to keep one source of them)."""
    from families.models import Case, Person
    from families.models_agencies import AgencyInvolvement

    choices = {
        ListEntry.Kind.REFERRAL_SOURCE: Case.ReferralSource.choices,
        ListEntry.Kind.AGENCY_TYPE: AgencyInvolvement.AgencyType.choices,
        ListEntry.Kind.RELATIONSHIP: Person.Relationship.choices,
    }
    return list(choices[ListEntry.Kind(kind)])


def _cache_key(organisation_id: int | None, kind: str) -> str:
    return f"families:list:{organisation_id}:{kind}"


def entries(organisation_id: int | None, kind: str) -> list[Entry]:
    """The organisation's list: built-ins first in their order unless a row moves them, its own
    entries after, each with the wording and in-use flag the organisation gave it."""
    key = _cache_key(organisation_id, kind)
    cached = cache.get(key)
    if cached is not None:
        return cached
    ordered: dict[str, tuple[int, str, Entry]] = {
        code: (position, str(label), Entry(code, str(label), True))
        for position, (code, label) in enumerate(built_in(kind))
    }
    rows = ListEntry.objects.filter(organisation_id=organisation_id, kind=kind).values_list(
        "code", "label", "order", "is_active"
    )
    for code, wording, order, is_active in rows:
        if code in ordered:
            wording = ordered[code][1]
        ordered[code] = (order, wording, Entry(code, wording, is_active))
    result = [entry for _, _, entry in sorted(ordered.values(), key=lambda t: (t[0], t[1]))]
    cache.set(key, result, CACHE_SECONDS)
    return result


def choices(organisation_id: int | None, kind: str, *, keep: str = "") -> list[tuple[str, str]]:
    """What a form offers: the entries in use, and the record's own value (`keep`) even when it
    was taken out of use since, so editing an old record never changes what it says."""
    return [
        (e.code, e.label) for e in entries(organisation_id, kind) if e.is_active or e.code == keep
    ]


def display(kind: str, code: str, organisation_id: Callable[[], int | None]) -> str:
    """A record's wording for its code; the organisation is asked for only when the entry is
    one of its own (so a page of built-in entries reads no more rows)."""
    shipped = dict(built_in(kind))
    if code in shipped:
        return str(shipped[code])
    return label(organisation_id(), kind, code)


def label(organisation_id: int | None, kind: str, code: str) -> str:
    shipped = dict(built_in(kind))
    if code in shipped:
        return str(shipped[code])
    for entry in entries(organisation_id, kind):
        if entry.code == code:
            return entry.label
    return code
