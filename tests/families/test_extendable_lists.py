"""The lists an organisation extends in the admin: referral sources, agency types, relationships.
Added entries are offered on forms and shown on records; nothing is deleted, an entry taken out
of use stays on the records that hold it."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.urls import reverse

from edgecare.models import User
from families import models_lists
from families.models import AgencyInvolvement, Case, ListEntry, Person
from tests.factories import AgencyInvolvementFactory, CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

Kind = ListEntry.Kind


def add_entry(org, kind, label, **fields) -> ListEntry:
    entry = ListEntry(organisation=org, kind=kind, label=label, **fields)
    entry.full_clean()
    entry.save()
    return entry


def test_the_shipped_lists_have_housing_youth_service_and_every_kind_of_carer(world):
    sources = dict(models_lists.choices(world.org.pk, Kind.REFERRAL_SOURCE))
    assert sources["housing"] == "Housing"
    assert dict(models_lists.choices(world.org.pk, Kind.AGENCY_TYPE))["youth_service"] == (
        "Youth service"
    )
    relationships = set(dict(models_lists.choices(world.org.pk, Kind.RELATIONSHIP)).values())
    assert {
        "Parent's partner",
        "Step-parent",
        "Grandparent",
        "Aunt or uncle",
        "Brother or sister",
        "Family friend",
    } <= relationships


def test_an_added_referral_source_is_offered_saved_and_shown_by_its_wording(signed_in, world):
    entry = add_entry(world.org, Kind.REFERRAL_SOURCE, "Early help hub")
    assert entry.code == "early_help_hub"
    client = signed_in(world.key_worker)
    edit = reverse("families:case_edit", args=[world.case.pk])
    assert "Early help hub" in client.get(edit).content.decode()
    case = world.case
    data = {
        "row_version": case.row_version,
        "referral_date": case.referral_date.isoformat(),
        "referral_source": "early_help_hub",
        "presenting_concerns": case.presenting_concerns,
        "urgency": case.urgency,
        "young_people": [p.pk for p in case.young_people.all()],
    }
    assert client.post(edit, data).status_code == 302
    case.refresh_from_db()
    assert case.referral_source == "early_help_hub"
    assert case.get_referral_source_display() == "Early help hub"


def test_another_organisations_entries_are_never_offered(signed_in, world):
    add_entry(world.other_org_case.family.organisation, Kind.AGENCY_TYPE, "Their own team")
    page = signed_in(world.key_worker).get(reverse("families:agency_add", args=[world.case.pk]))
    assert "Their own team" not in page.content.decode()


def test_an_entry_taken_out_of_use_is_not_offered_but_stays_on_the_records_that_hold_it(world):
    entry = add_entry(world.org, Kind.RELATIONSHIP, "Godparent")
    godmother = PersonFactory(
        family=world.case.family, relationship=entry.code, is_focus=False, first_name="Ada"
    )
    entry.is_active = False
    entry.save()
    offered = dict(models_lists.choices(world.org.pk, Kind.RELATIONSHIP))
    assert "godparent" not in offered
    kept = dict(models_lists.choices(world.org.pk, Kind.RELATIONSHIP, keep="godparent"))
    assert kept["godparent"] == "Godparent"
    godmother.refresh_from_db()
    assert godmother.get_relationship_display() == "Godparent"


def test_a_built_in_entry_is_taken_out_of_use_but_keeps_its_wording(world):
    entry = add_entry(world.org, Kind.AGENCY_TYPE, "Voluntary or community group", code="voluntary")
    entry.is_active = False
    entry.save()
    assert "voluntary" not in dict(models_lists.choices(world.org.pk, Kind.AGENCY_TYPE))
    renamed = ListEntry(
        organisation=world.org, kind=Kind.AGENCY_TYPE, code="police", label="Constabulary"
    )
    with pytest.raises(ValidationError, match="keeps its wording"):
        renamed.full_clean()


def test_list_entries_are_never_deleted_and_their_code_never_changes(world):
    entry = add_entry(world.org, Kind.REFERRAL_SOURCE, "Early help hub")
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        ListEntry.objects.all().delete()
    entry.code = "something_else"
    with pytest.raises(ValidationError, match="never changes"):
        entry.full_clean()
    assert site._registry[ListEntry].has_delete_permission(None, entry) is False


def test_the_lists_are_in_the_admin_for_superusers(signed_in, world):
    superuser = UserFactory(team=None, organisation=None, role=User.Role.ADMINISTRATOR)
    User.objects.filter(pk=superuser.pk).update(is_superuser=True, is_staff=True)
    superuser.refresh_from_db()
    client = signed_in(superuser)
    add_entry(world.org, Kind.RELATIONSHIP, "Godparent")
    page = client.get(reverse("admin:families_listentry_changelist"))
    assert page.status_code == 200
    assert "Godparent" in page.content.decode()


def test_an_added_agency_type_is_shown_on_the_record_and_grouped_in_the_outcome_report(
    signed_in, world
):
    entry = add_entry(world.org, Kind.AGENCY_TYPE, "Early help hub")
    agency = AgencyInvolvementFactory(case=world.case, agency_type=entry.code)
    assert agency.get_agency_type_display() == "Early help hub"
    add_entry(world.org, Kind.REFERRAL_SOURCE, "Early help hub")
    Case.objects.filter(pk=world.case.pk).update(referral_source="early_help_hub")
    CaseFactory(team=world.team, referral_source=Case.ReferralSource.HOUSING)
    report = signed_in(world.team_manager).get(reverse("managers:outcomes")).context["report"]
    sources = dict(report.referrals_by_source)
    assert sources["Early help hub"] == 1
    assert sources["Housing"] == 1


def test_existing_values_become_the_organisations_lists_when_migrated(world):
    migration = importlib.import_module(
        "families.migrations.0002_people_parental_responsibility_safety_lists"
    )
    AgencyInvolvementFactory(case=world.case, agency_type="old_code")
    migration.lists_from_existing_values(apps, None)
    rows = ListEntry.objects.filter(organisation=world.org)
    assert rows.filter(kind=Kind.REFERRAL_SOURCE, code="housing", is_active=True).exists()
    assert rows.filter(kind=Kind.RELATIONSHIP).count() == len(Person.Relationship.choices)
    kept = rows.get(kind=Kind.AGENCY_TYPE, code="old_code")
    assert not kept.is_active
    assert kept.label == "Old code"
    assert len(rows.filter(kind=Kind.AGENCY_TYPE)) == len(AgencyInvolvement.AgencyType.choices) + 1
