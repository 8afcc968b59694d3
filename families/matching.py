"""Who might already be on record, and the family search: names compared as a worker would
(case, spaces, hyphens and apostrophes ignored; a letter or two apart), on PostgreSQL read
through the trigram indexes (migration 0008) so no check reads every name. Scoped as every
read is (`families_for_user`): a match the user may not see is reported without a detail."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field

from django.contrib.postgres.lookups import TrigramSimilar
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Upper

from families.models import Case, Family, Person
from families.selectors import families_for_user


def normalised_name(name: str) -> str:
    """A name reduced for comparison: case, spaces, hyphens and apostrophes ignored."""
    return "".join(ch for ch in (name or "").casefold() if ch.isalnum())


def names_look_alike(a: str, b: str, *, threshold: float = 0.85) -> bool:
    na, nb = normalised_name(a), normalised_name(b)
    if not na or not nb:
        return False
    return na == nb or difflib.SequenceMatcher(None, na, nb).ratio() >= threshold


def names_may_look_alike(qs: QuerySet[Family], family_name: str) -> QuerySet[Family]:
    """The families of `qs` whose name could look like `family_name` (`names_look_alike` has
    the last word). On PostgreSQL only those sharing enough of its trigrams (pg_trgm's `%`,
    similarity 0.3 or more, from the GIN index on UPPER(family_name), migration 0008): a
    superset of the names `names_look_alike` accepts at 0.85, which differ by a letter or two.
    Elsewhere (SQLite) every family of `qs`, compared in Python."""
    if connection.vendor == "postgresql":
        return qs.filter(TrigramSimilar(Upper("family_name"), family_name.upper()))
    return qs


@dataclass(frozen=True)
class PossibleDuplicates:
    """Likely matches for a new family or person: the ones the user may see, and whether any
    exist that they may not (reported without a single detail of them)."""

    visible: list = field(default_factory=list)
    elsewhere: bool = False

    def __bool__(self) -> bool:
        return bool(self.visible) or self.elsewhere


def possible_duplicate_families(
    user, family_name: str, *, exclude_pk: int | None = None
) -> PossibleDuplicates:
    if not family_name or user.organisation_id is None:
        return PossibleDuplicates()
    candidates = names_may_look_alike(
        Family.objects.filter(organisation_id=user.organisation_id), family_name
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    matching_ids = [
        pk
        for pk, name in candidates.values_list("pk", "family_name")
        if names_look_alike(name, family_name)
    ]
    if not matching_ids:
        return PossibleDuplicates()
    visible = list(
        families_for_user(user)
        .filter(pk__in=matching_ids)
        .prefetch_related("members")
        .order_by("family_name", "pk")
    )
    return PossibleDuplicates(visible=visible, elsewhere=len(visible) < len(matching_ids))


def possible_duplicate_people(
    user,
    *,
    first_name: str,
    last_name: str,
    date_of_birth,
    exclude_pk: int | None = None,
) -> PossibleDuplicates:
    """People in the user's organisation born the same day whose names look alike."""
    if date_of_birth is None or user.organisation_id is None:
        return PossibleDuplicates()
    candidates = Person.objects.filter(
        family__organisation_id=user.organisation_id, date_of_birth=date_of_birth
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    wanted = f"{first_name} {last_name}"
    matching = [
        (pk, family_id)
        for pk, family_id, first, preferred, last in candidates.values_list(
            "pk", "family_id", "first_name", "preferred_name", "last_name"
        )
        if names_look_alike(f"{first} {last}", wanted)
        or (preferred and names_look_alike(f"{preferred} {last}", wanted))
    ]
    if not matching:
        return PossibleDuplicates()
    visible_families = set(
        families_for_user(user)
        .filter(pk__in={family_id for _, family_id in matching})
        .values_list("pk", flat=True)
    )
    visible_ids = [pk for pk, family_id in matching if family_id in visible_families]
    visible = list(
        Person.objects.filter(pk__in=visible_ids).select_related("family").order_by("pk")
    )
    return PossibleDuplicates(visible=visible, elsewhere=len(visible) < len(matching))


class DuplicateCheck:
    """The duplicate check of `possible_duplicate_families` and `possible_duplicate_people`
    (the same `names_look_alike` rule, the same visible/elsewhere answer) for many names at
    once, as an import asks: the organisation's families and people are read once, not once a
    name. Family names are compared with difflib's cheap upper bounds first, so a file of
    thousands of families against thousands on record stays quick."""

    def __init__(self, user) -> None:
        self.user = user
        if user.organisation_id is None:
            families: list[tuple[int, str]] = []
            people: list[tuple[int, int, str, str, str, datetime.date | None]] = []
        else:
            families = list(
                Family.objects.filter(organisation_id=user.organisation_id).values_list(
                    "pk", "family_name"
                )
            )
            people = list(
                Person.objects.filter(
                    family__organisation_id=user.organisation_id, date_of_birth__isnull=False
                ).values_list(
                    "pk", "family_id", "first_name", "preferred_name", "last_name", "date_of_birth"
                )
            )
        self._families = [(pk, normalised_name(name)) for pk, name in families]
        self._exact: dict[str, list[int]] = {}
        for pk, name in self._families:
            self._exact.setdefault(name, []).append(pk)
        self._people_by_birth: dict[datetime.date, list[tuple[int, int, str, str, str]]] = {}
        for pk, family_id, first, preferred, last, born in people:
            if born is None:
                continue
            self._people_by_birth.setdefault(born, []).append(
                (pk, family_id, first, preferred, last)
            )
        self._visible: set[int] | None = None

    def _visible_family_ids(self) -> set[int]:
        if self._visible is None:
            self._visible = set(families_for_user(self.user).values_list("pk", flat=True))
        return self._visible

    def family_ids(self, family_name: str, *, threshold: float = 0.85) -> list[int]:
        wanted = normalised_name(family_name)
        if not wanted:
            return []
        found = set(self._exact.get(wanted, []))
        matcher = difflib.SequenceMatcher(None, "", wanted)
        for pk, name in self._families:
            if pk in found or not name:
                continue
            matcher.set_seq1(name)
            if (
                matcher.real_quick_ratio() >= threshold
                and matcher.quick_ratio() >= threshold
                and matcher.ratio() >= threshold
            ):
                found.add(pk)
        return sorted(found)

    def families(self, family_name: str) -> PossibleDuplicates:
        matching = self.family_ids(family_name)
        if not matching:
            return PossibleDuplicates()
        visible_ids = [pk for pk in matching if pk in self._visible_family_ids()]
        visible = (
            list(
                Family.objects.filter(pk__in=visible_ids)
                .prefetch_related("members")
                .order_by("family_name", "pk")
            )
            if visible_ids
            else []
        )
        return PossibleDuplicates(visible=visible, elsewhere=len(visible) < len(matching))

    def people(
        self, *, first_name: str, last_name: str, date_of_birth: datetime.date | None
    ) -> PossibleDuplicates:
        if date_of_birth is None:
            return PossibleDuplicates()
        wanted = f"{first_name} {last_name}"
        matching = [
            (pk, family_id)
            for pk, family_id, first, preferred, last in self._people_by_birth.get(
                date_of_birth, []
            )
            if names_look_alike(f"{first} {last}", wanted)
            or (preferred and names_look_alike(f"{preferred} {last}", wanted))
        ]
        if not matching:
            return PossibleDuplicates()
        visible_ids = [pk for pk, fid in matching if fid in self._visible_family_ids()]
        visible = (
            list(Person.objects.filter(pk__in=visible_ids).select_related("family").order_by("pk"))
            if visible_ids
            else []
        )
        return PossibleDuplicates(visible=visible, elsewhere=len(visible) < len(matching))


def search_families_for_user(user, query: str) -> QuerySet[Family]:
    """Families the user may see whose name, or a member's name, contains `query`, or whose
    previous system's id (the family's, a member's or a case's, kept when imported) is it; on
    PostgreSQL also those whose family name is a near miss for it ("Ravenswerth" finds
    "Ravensworth"). The names are compared there through the trigram indexes (migration
    0008), so a search never reads every name."""
    query = (query or "").strip()
    qs = families_for_user(user).filter(archived_at__isnull=True)
    if not query:
        return qs.none()
    # Lists of family ids, the names' read from the trigram indexes on PostgreSQL (migration
    # 0008), then kept to the families the user may see.
    by_name = Q(family_name__icontains=query)
    if connection.vendor == "postgresql":
        by_name |= Q(TrigramSimilar(Upper("family_name"), query.upper()))
    named = Family.objects.filter(by_name | Q(external_id__iexact=query)).values("pk")
    members = Person.objects.filter(
        Q(first_name__icontains=query)
        | Q(last_name__icontains=query)
        | Q(preferred_name__icontains=query)
        | Q(external_id__iexact=query)
    ).values("family_id")
    by_case = Case.objects.filter(external_id__iexact=query).values("family_id")
    return (
        qs.filter(Q(pk__in=named) | Q(pk__in=members) | Q(pk__in=by_case))
        .prefetch_related("members")
        .order_by("family_name", "pk")
    )
