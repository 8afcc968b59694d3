"""A team or service with no name for families: the family's documents call it by its
service's name for families, or a plain generic one, never by its internal name."""

from __future__ import annotations

import pytest

from tests.document_text import letter_documents, plan_documents

pytestmark = pytest.mark.django_db


def test_a_team_without_a_name_for_families_is_called_by_its_services_or_a_plain_generic_one(world):
    from plans.services import default_contacts

    team = world.case.team
    team.out_of_hours_arrangement = "Ring the on-call phone: 0300 555 0100."
    team.save()
    assert team.name_for_families == "The family support service"
    contacts = default_contacts(world.case)
    assert team.name not in [contact.name for contact in contacts]
    assert "The family support service" in [contact.name for contact in contacts]
    service = team.service
    service.family_facing_name = "Family support"
    service.family_facing_description = "We help families at home"
    service.save()
    team.refresh_from_db()
    assert team.name_for_families == "Family support"
    assert team.description_for_families == "We help families at home"
    team.family_facing_name = "The family support team"
    assert team.name_for_families == "The family support team"


def test_the_plan_and_letter_print_the_generic_name_when_the_team_has_none(world):
    from tests.reviews.review_helpers import fill_closure, started_closure

    closure = fill_closure(started_closure(world))
    (letter, _pdf) = letter_documents(closure)
    (plan, _plan_pdf) = plan_documents(closure.plan)
    for doc in (letter, plan):
        assert "The family support service" in doc.system_text, doc.label
        assert world.case.team.name not in doc.full_text
        assert world.case.service.name not in doc.full_text
