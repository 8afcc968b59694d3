"""Subject access: everything the service holds about one person, gathered from every part of
the record, for a manager to review (and redact third parties) before it is released.

Each part of the record contributes a section through a provider registered here. The export
is a readable PDF and a machine-readable JSON file; producing either is written to the access
log as an export.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db.models import Q
from django.utils import timezone


@dataclass
class Section:
    title: str
    records: list[dict[str, str]] = field(default_factory=list)


_providers: list[Callable] = []


def provider(fn: Callable) -> Callable:
    _providers.append(fn)
    return fn


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d %b %Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d %b %Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _record(obj, fields: list[str]) -> dict[str, str]:
    row = {}
    for name in fields:
        model_field = obj._meta.get_field(name)
        display = getattr(obj, f"get_{name}_display", None)
        value = (
            display() if display and getattr(model_field, "choices", None) else getattr(obj, name)
        )
        row[str(model_field.verbose_name).capitalize()] = _text(value)
    return row


@provider
def _person(person) -> Section:
    return Section(
        "Personal details",
        [
            _record(
                person,
                [
                    "first_name",
                    "last_name",
                    "preferred_name",
                    "date_of_birth",
                    "gender",
                    "relationship",
                    "lives_in_household",
                    "is_focus",
                    "statutory_plan",
                    "phone",
                    "notes",
                ],
            )
        ],
    )


@provider
def _family(person) -> Section:
    family = person.family
    return Section(
        "Family record",
        [
            _record(
                family,
                [
                    "family_name",
                    "address_line_1",
                    "address_line_2",
                    "town",
                    "postcode",
                    "phone",
                    "main_language",
                    "interpreter_needed",
                    "interpreter_language",
                    "communication_needs",
                    "culture_and_identity",
                ],
            )
        ],
    )


@provider
def _cases(person) -> Section:
    from families.models import Case

    cases = Case.objects.filter(Q(young_people=person) | Q(family=person.family)).distinct()
    return Section(
        "Episodes of work with the family",
        [
            {
                "Reference": case.reference,
                **_record(
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
            for case in cases.order_by("referral_date")
        ],
    )


@provider
def _contacts(person) -> Section:
    from families.models import Contact

    contacts = Contact.objects.filter(people_seen=person).order_by("contact_date", "start_time")
    return Section(
        "Visits, calls and meetings they were part of",
        [
            _record(
                c,
                [
                    "contact_date",
                    "start_time",
                    "duration_minutes",
                    "contact_type",
                    "young_person_seen_alone",
                    "purpose",
                    "what_happened",
                    "next_steps",
                ],
            )
            for c in contacts
        ],
    )


@provider
def _consents(person) -> Section:
    from families.models import ConsentRecord

    return Section(
        "Consent they gave to share information",
        [
            _record(c, ["given_on", "agencies", "scope", "withdrawn_on"])
            for c in ConsentRecord.objects.filter(given_by=person).order_by("given_on")
        ],
    )


@provider
def _views(person) -> Section:
    from assessments.models import CarerView, YoungPersonView

    rows = [
        {
            "Assessment date": _text(v.assessment.assessment_date),
            **_record(v, ["views", "seen_alone", "seen_on"]),
        }
        for v in YoungPersonView.objects.filter(person=person).select_related("assessment")
    ]
    rows += [
        {"Assessment date": _text(v.assessment.assessment_date), **_record(v, ["views", "seen_on"])}
        for v in CarerView.objects.filter(person=person).select_related("assessment")
    ]
    return Section("Their views, recorded in assessments", rows)


@provider
def _plan_actions(person) -> Section:
    from plans.models import Action

    return Section(
        "Plan actions they agreed to do",
        [
            _record(a, ["what", "due_date", "status"])
            for a in Action.objects.filter(owner_person=person).order_by("due_date")
        ],
    )


def gather(person) -> list[Section]:
    return [p(person) for p in _providers]


def as_json(person, sections: list[Section], *, generated_by) -> dict:
    return {
        "subject": {"name": person.full_name, "person_id": person.pk},
        "generated_at": timezone.now().isoformat(),
        "generated_by": str(generated_by),
        "note": "Review and redact information about other people before release.",
        "sections": [asdict(s) for s in sections],
    }
