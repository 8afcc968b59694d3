"""The case record PDF, for staff, shows who holds parental responsibility and every safety
note (the demo families' documents: tests/demo/test_demo_documents_name_everyone.py)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from families.models import Person
from tests.background import download_document

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def test_the_case_record_pdf_lists_parental_responsibility_and_safety_notes(world, signed_in):
    from tests.factories import PersonFactory

    case = world.case
    R, PR = Person.Relationship, Person.ParentalResponsibility
    PersonFactory(
        family=case.family,
        first_name="Brenda",
        relationship=R.GRANDPARENT,
        is_focus=False,
        is_carer=True,
        parental_responsibility=PR.ORDER,
        parental_responsibility_details="Child arrangements order, two years ago",
    )
    PersonFactory(
        family=case.family,
        first_name="Craig",
        relationship=R.PARENTS_PARTNER,
        is_focus=False,
        lives_in_household=False,
        safety_note="Risk to the mother. Do not share the address.",
    )
    # The case record is made by the worker, then downloaded (tests.background).
    response = download_document(
        signed_in(world.team_manager), reverse("case_record:pdf", args=[case.pk])
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "People with parental responsibility" in text
    assert "Child arrangements order, two years ago" in text
    assert "Safety notes (staff only" in text
    assert "Risk to the mother. Do not share the address." in text
