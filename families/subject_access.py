"""Subject access: the shapes every app's part of a person's export takes, and the families
app's own parts (personal details, the family, the episodes of work, contacts, consent).

Each part is a plain function `part(person, cases) -> Section`, where `cases` are the
person's cases the requester may see (casefile.subject_access composes the parts and decides
the scope); a part reads only records of those cases.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from edgecare.dates import short_date
from families.models import (
    Case,
    ConsentRecord,
    Contact,
    Family,
    FormDraft,
    LegalStatus,
    LivingArrangement,
    Person,
)


@dataclass
class Section:
    title: str
    records: list[dict[str, str]] = field(default_factory=list)


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        return f"{short_date(local.date())} {local:%H:%M}"
    if isinstance(value, datetime.date):
        return short_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def as_record(obj, fields: list[str]) -> dict[str, str]:
    """The fields by their labels, choices shown as their display text."""
    row = {}
    for name in fields:
        model_field = obj._meta.get_field(name)
        # Fields with choices, and codes from the organisation's lists, have their wording.
        display = getattr(obj, f"get_{name}_display", None)
        value = display() if display else getattr(obj, name)
        row[str(model_field.verbose_name).capitalize()] = as_text(value)
    return row


def cases_of_person(person: Person) -> QuerySet[Case]:
    """Every episode of work the person is part of, whoever may see it."""
    return Case.objects.filter(Q(young_people=person) | Q(family=person.family_id)).distinct()


def person_part(person: Person, cases: QuerySet[Case]) -> Section:
    return Section(
        "Personal details",
        [
            # Whom they care for are people, so they are named rather than listed as ids.
            as_record(person, [name for name in Person.DETAILS if name != "cares_for"])
            | {"Whom they care for": ", ".join(p.full_name for p in person.cares_for.all())}
        ],
    )


def family_part(person: Person, cases: QuerySet[Case]) -> Section:
    return Section(
        "Family record",
        [as_record(person.family, Family.DETAILS)],
    )


def cases_part(person: Person, cases: QuerySet[Case]) -> Section:
    return Section(
        "Episodes of work with the family",
        [
            {
                "Reference": case.reference,
                **as_record(
                    case,
                    [
                        "referral_date",
                        "referral_source",
                        "presenting_concerns",
                        "parent_requested_accommodation",
                        "status",
                        "closed_on",
                    ],
                ),
            }
            for case in cases.order_by("referral_date", "pk")
        ],
    )


def contacts_part(person: Person, cases: QuerySet[Case]) -> Section:
    contacts = Contact.objects.filter(people_seen=person, case__in=cases).order_by(
        "contact_date", "start_time", "pk"
    )
    return Section(
        "Visits, calls and meetings they were part of",
        [as_record(c, Contact.WRITTEN_FIELDS) for c in contacts],
    )


def consents_part(person: Person, cases: QuerySet[Case]) -> Section:
    consents = ConsentRecord.objects.filter(given_by=person, case__in=cases).order_by(
        "given_on", "pk"
    )
    return Section(
        "Consent they gave to share information",
        [as_record(c, ["given_on", "agencies", "scope", "withdrawn_on"]) for c in consents],
    )


def _about_or_naming(model, person: Person, cases: QuerySet[Case], *, naming: str) -> QuerySet:
    """A young person's dated records (where they live, their plans and orders) in the cases:
    those about the person, and those naming them in the `naming` list of people, oldest
    first."""
    return (
        model.objects.filter(case__in=cases)
        .filter(Q(young_person=person) | Q(**{naming: person}))
        .distinct()
        .select_related("young_person")
        .prefetch_related(naming)
        .order_by("started_on", "pk")
    )


def living_part(person: Person, cases: QuerySet[Case]) -> Section:
    """Where the person has lived (as the young person), and the arrangements naming them as
    someone a young person lives with."""
    arrangements = _about_or_naming(LivingArrangement, person, cases, naming="lives_with")
    return Section(
        "Where they have lived, or who has lived with them",
        [
            {
                "Young person": a.young_person.full_name,
                "Where": a.where(),
                **as_record(a, ["kind", "care_basis", "started_on", "ended_on", "reason"]),
            }
            for a in arrangements
        ],
    )


def legal_status_part(person: Person, cases: QuerySet[Case]) -> Section:
    """Plans and orders the person was under, or that name them."""
    statuses = _about_or_naming(LegalStatus, person, cases, naming="people_named")
    return Section(
        "Plans and orders",
        [
            {
                "Young person": s.young_person.full_name,
                "Plan or order": s.described(),
                **as_record(s, ["started_on", "ended_on", "notes"]),
            }
            for s in statuses
        ],
    )


# The page's bookkeeping in a draft (formset counts, the row version), not what was typed.
_DRAFT_BOOKKEEPING = ("row_version", "-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM")


def drafts_part(person: Person, cases: QuerySet[Case]) -> Section:
    """Text a worker has typed about the person's cases and not yet saved (families/drafts.py).
    Not a record, but personal data held when the request is made, so it is disclosed (a draft
    is on a case, not on one person: the reviewer redacts what is about others, as for a
    contact note)."""
    drafts = (
        FormDraft.objects.filter(case__in=cases)
        .select_related("user", "case")
        .order_by("updated_at", "pk")
    )
    records = []
    for draft in drafts:
        typed = [
            value.strip()
            for name, value in draft.fields
            if value.strip() and not name.endswith(_DRAFT_BOOKKEEPING)
        ]
        if typed:
            records.append(
                {
                    "Case": draft.case.reference,
                    "Typed by": draft.user.get_full_name() or draft.user.get_username(),
                    "Last typed": as_text(draft.updated_at),
                    "Text not yet saved": "\n".join(typed),
                }
            )
    return Section("Drafts not yet saved", records)
