"""What a document can be attached to: the case as a whole, or one record of it.

A document hangs from its case by a foreign key, and from one record by the record's kind and
id. The kinds are this fixed list: each names its model by label (the later stages' models,
plans and reviews, sit above this app, so they are looked up by name, like INSTALLED_APPS, not
imported), the access-log type its pages are logged under, and how the record is described.
A record is only ever reached through the one scoped loader, filtered by the case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.http import Http404
from django.urls import reverse

from edgecare.models import AccessLog

CASE = "case"


@dataclass(frozen=True)
class Target:
    kind: str
    label: str  # "a contact": what the attach page says the document is attached to
    model_label: str
    record_type: AccessLog.RecordType
    describe: Callable[[models.Model], str]
    url: Callable[[models.Model], str]

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)


def _own_page(record) -> str:
    return record.get_absolute_url()


def _contact_page(contact) -> str:
    return reverse("families:contact_detail", args=[contact.case_id, contact.pk])


def _consent_page(consent) -> str:
    return reverse("families:case_consent", args=[consent.case_id])


def _closure(closure) -> str:
    return f"Closure of {closure.closure_date:%d %b %Y}"


TARGETS: dict[str, Target] = {
    target.kind: target
    for target in [
        Target(
            "contact",
            "a contact",
            "families.Contact",
            AccessLog.RecordType.CONTACT,
            str,
            _contact_page,
        ),
        Target(
            "consent",
            "a consent record",
            "families.ConsentRecord",
            AccessLog.RecordType.CONSENT,
            str,
            _consent_page,
        ),
        Target("plan", "a plan version", "plans.Plan", AccessLog.RecordType.PLAN, str, _own_page),
        Target("review", "a review", "reviews.Review", AccessLog.RecordType.REVIEW, str, _own_page),
        Target(
            "closure",
            "the closure",
            "reviews.Closure",
            AccessLog.RecordType.CLOSURE,
            _closure,
            _own_page,
        ),
    ]
}

KIND_CHOICES = [(CASE, "The case"), *((t.kind, t.label.capitalize()) for t in TARGETS.values())]


def target_or_404(kind: str) -> Target:
    target = TARGETS.get(kind)
    if target is None:
        raise Http404("No such kind of record")
    return target


def kind_of(record: models.Model) -> str:
    """The target kind of a record, e.g. "plan" for a plan version."""
    label = record._meta.label
    for target in TARGETS.values():
        if target.model_label == label:
            return target.kind
    raise ValueError(f"{label} records do not take documents")
