"""The demo records: realistic, tapering, never in the future or before the referral."""

from __future__ import annotations

import datetime
import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from casefile.chronology import entries_for_case
from families import demo_records
from families.models import Contact, InformationShare, Person
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def demo_cases(world):
    today = timezone.localdate()
    cases = []
    for n, (weeks, status) in enumerate([(16, "active"), (6, "active"), (1, "referred")]):
        case = CaseFactory(
            team=world.team,
            lead_professional=world.key_worker,
            status=status,
            referral_date=today - datetime.timedelta(weeks=weeks),
        )
        PersonFactory(
            family=case.family,
            first_name=f"Parent{n}",
            relationship=Person.Relationship.MOTHER,
            is_focus=False,
        )
        cases.append(case)
    return cases


def test_the_demo_adds_nothing_when_there_are_no_cases(db):
    demo_records.build(SimpleNamespace(), random.Random(1))
    assert not Contact.objects.exists()


def test_demo_contacts_taper_and_stay_between_the_referral_and_yesterday(world):
    long_case, short_case, referred = demo_cases(world)
    demo_records.build(SimpleNamespace(), random.Random(20261123))
    today = timezone.localdate()
    for contact in Contact.objects.select_related("case"):
        assert contact.case.referral_date <= contact.contact_date < today
    assert Contact.objects.filter(case=referred).count() <= 1
    start = long_case.referral_date
    first_fortnight = Contact.objects.filter(
        case=long_case, contact_date__lt=start + datetime.timedelta(weeks=2)
    ).count()
    last_fortnight = Contact.objects.filter(
        case=long_case, contact_date__gte=today - datetime.timedelta(weeks=2)
    ).count()
    assert first_fortnight > 2 * last_fortnight
    assert Contact.objects.filter(case=long_case, out_of_hours=True).exists()
    for share in InformationShare.objects.filter(lawful_basis="consent"):
        assert share.consent.given_on <= share.shared_on
        assert share.consent.withdrawn_on is None or share.consent.withdrawn_on > share.shared_on
    assert entries_for_case(long_case)


def test_the_demo_is_deterministic(world):
    demo_cases(world)
    demo_records.build(SimpleNamespace(), random.Random(7))
    first = list(Contact.objects.order_by("pk").values_list("contact_date", "start_time"))
    demo_records.build(SimpleNamespace(), random.Random(7))
    second = list(Contact.objects.order_by("pk").values_list("contact_date", "start_time"))
    assert second[len(first) :] == first
