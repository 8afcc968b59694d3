"""The demo's family documents name every person they are for, wherever they live, and never
anyone with a safety note: the plan and the closure letter of the demo's kinship family
(Mercer: a young carer with her grandparents under a child arrangements order, her mother
elsewhere, her mother's partner with a safety note) and of the Sutcliffe family (a father living
elsewhere who agreed the plan, an aunt who cares for her). The case record, for staff, shows
who holds parental responsibility and every safety note."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from edgecare.models import AccessLog, User
from families.models import Case
from plans.models import Plan
from reviews.models import Closure

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def demo_case(name: str) -> Case:
    return Case.objects.select_related("family").get(family__family_name=name)


def family_plan_pdf(client, case: Case) -> str:
    plan = Plan.objects.filter(case=case).agreed().order_by("-version").first()
    response = client.get(reverse("plans:family_plan_pdf", args=[case.pk, plan.pk]))
    assert response.status_code == 200
    return pdf_text(response.content)


def closure_letter_pdf(client, case: Case) -> str:
    closure = Closure.objects.filter(case=case).order_by("-pk").first()
    response = client.get(reverse("reviews:closure_letter_pdf", args=[case.pk, closure.pk]))
    assert response.status_code == 200
    return pdf_text(response.content)


def test_the_kinship_familys_plan_and_letter_name_grandparents_mother_and_young_carer_not_craig(
    demo, signed_in
):
    case = demo_case("Mercer")
    client = signed_in(User.objects.get(username="dev.kw"))
    plan = family_plan_pdf(client, case)
    assert "For the Mercer family: Keith, Brenda, Nicola and Kayla" in plan
    letter = closure_letter_pdf(client, case)
    assert "Dear Keith, Brenda, Nicola and Kayla," in letter
    for text in (plan, letter):
        assert "Craig" not in text
        assert "Vesey" not in text
        # The safety note itself never reaches the family's copy.
        assert "domestic abuse" not in text
    assert AccessLog.objects.filter(
        case_id=case.pk, action=AccessLog.Action.PDF, record_type=AccessLog.RecordType.FAMILY_PLAN
    ).exists()


def test_a_father_living_elsewhere_who_agreed_and_the_aunt_who_cares_are_on_plan_and_letter(
    demo, signed_in
):
    case = demo_case("Sutcliffe")
    mark = case.family.members.get(first_name="Mark")
    assert not mark.lives_in_household
    plan_in_force = Plan.objects.filter(case=case).agreed().get()
    assert mark in plan_in_force.agreed_by_people.all()
    client = signed_in(User.objects.get(username="ellie.kw"))
    plan = family_plan_pdf(client, case)
    assert "For the Sutcliffe family: Joanne, Mark, Lisa, Grace and Alfie" in plan
    letter = closure_letter_pdf(client, case)
    assert "Dear Joanne, Mark, Lisa, Grace and Alfie," in letter


def test_the_case_record_shows_staff_who_holds_parental_responsibility_and_the_safety_note(
    demo, signed_in
):
    case = demo_case("Mercer")
    client = signed_in(User.objects.get(username="ian.tm"))
    response = client.get(reverse("case_record:html", args=[case.pk]))
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "People with parental responsibility" in text
    assert "Yes: court order (for example a child arrangements order)" in text
    assert "Child arrangements order (lives with), Fernbridge Family Court" in text
    assert "Yes: birth mother" in text
    assert "Kayla Mercer is a young carer, looking after Keith Mercer" in text
    assert "Safety notes (staff only" in text
    assert "Risk to Nicola (domestic abuse)" in text
