"""Writes for the records kept on a case. Each runs in one transaction, so a contact is never
saved without the people seen, nor a record saved half-way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from edgecare.models import User
from families.case_parts import ChronologyEntry
from families.models import (
    AgencyInvolvement,
    Case,
    CaseEvent,
    ConsentRecord,
    Contact,
    InformationShare,
    Person,
    SignificantEvent,
)


def _assign(record, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(record, name, value)


@transaction.atomic
def record_contact(
    *, case: Case, recorded_by: User, people_seen: Iterable[Person], **fields: Any
) -> Contact:
    people = list(people_seen)
    _check_people_belong_to_family(case, people)
    contact = Contact(case=case, recorded_by=recorded_by, **fields)
    contact.save()
    contact.people_seen.set(people)
    return contact


@transaction.atomic
def change_contact(*, contact: Contact, people_seen: Iterable[Person], **fields: Any) -> Contact:
    people = list(people_seen)
    _check_people_belong_to_family(contact.case, people)
    _assign(contact, fields)
    contact.save()
    contact.people_seen.set(people)
    return contact


def _check_people_belong_to_family(case: Case, people: list[Person]) -> None:
    # The form's choices are scoped already; this guards every other caller.
    if any(person.family_id != case.family_id for person in people):
        raise ValueError("Only members of the case's family can be recorded as seen.")


@transaction.atomic
def record_case_event(*, case: Case, recorded_by: User, **fields: Any) -> CaseEvent:
    event = CaseEvent(case=case, recorded_by=recorded_by, **fields)
    event.save()
    return event


@transaction.atomic
def record_agency(*, case: Case, **fields: Any) -> AgencyInvolvement:
    agency = AgencyInvolvement(case=case, **fields)
    agency.save()
    return agency


@transaction.atomic
def record_consent(
    *, case: Case, recorded_by: User, given_by: Person, **fields: Any
) -> ConsentRecord:
    if given_by.family_id != case.family_id:
        raise ValueError("Consent can only be recorded from a member of the case's family.")
    consent = ConsentRecord(case=case, recorded_by=recorded_by, given_by=given_by, **fields)
    consent.save()
    return consent


@transaction.atomic
def record_information_share(
    *, case: Case, shared_by: User, consent: ConsentRecord | None, **fields: Any
) -> InformationShare:
    if consent is not None and consent.case_id != case.pk:
        raise ValueError("A share can only rely on consent recorded on the same case.")
    share = InformationShare(case=case, shared_by=shared_by, consent=consent, **fields)
    share.save()
    return share


@transaction.atomic
def mark_significant(
    *, case: Case, entry: ChronologyEntry, analysis: str, marked_by: User
) -> tuple[SignificantEvent, bool]:
    """Mark a chronology entry as significant. If someone marked it first, their mark is
    returned unchanged with `False`, so the caller can say so instead of overwriting it."""
    mark, created = SignificantEvent.objects.get_or_create(
        case=case,
        entry_kind=entry.kind,
        entry_id=entry.id,
        defaults={"analysis": analysis, "marked_by": marked_by},
    )
    return mark, created
