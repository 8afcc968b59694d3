import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from edgecare.models import AccessLog
from families.models import Person
from plans.documents import friendly_date
from tests.assertions import assert_shows
from tests.factories import AgencyInvolvementFactory, CaseFactory, PersonFactory
from tests.plans import plan_helpers
from tests.plans.plan_helpers import add_action, add_contingency, add_goal, draft_plan, parent

pytestmark = pytest.mark.django_db


def url(name, plan):
    return reverse(f"plans:{name}", args=[plan.case_id, plan.pk])


def written_plan(world):
    """A plan for the Okafor family, written plainly, as a worker would with the family."""
    family = world.case.family
    family.family_name = "Okafor"
    family.save()
    young_person = world.case.young_people.get()
    young_person.first_name = "Tayo"
    young_person.save()
    grace = parent(world.case, first_name="Grace")
    daniel = PersonFactory(
        family=family,
        first_name="Daniel",
        relationship=Person.Relationship.FATHER,
        is_focus=False,
        date_of_birth=timezone.localdate() - datetime.timedelta(days=45 * 365),
    )
    world.key_worker.first_name, world.key_worker.last_name = "Sam", "Patel"
    world.key_worker.save()
    # Another family the same team works with: nothing of theirs may appear.
    other = CaseFactory(team=world.team)
    other.family.family_name = "Zebedee"
    other.family.save()
    plan = draft_plan(world)
    goal = add_goal(
        plan,
        what_we_want_to_be_different="We want to talk to each other without shouting.",
        how_we_will_know="We eat tea together at least four nights a week.",
    )
    start = plan.start_date
    for what, owner, days in (
        ("Cook tea together on Sundays", {"owner_person": grace}, 10),
        ("Come to the family sessions on Tuesday evenings", {"owner_person": daniel}, 20),
        ("Help us plan a calm evening routine", {"owner_worker": world.key_worker}, 5),
    ):
        add_action(
            goal, what=what, owner_name="", due_date=start + datetime.timedelta(days=days), **owner
        )
    school = AgencyInvolvementFactory(
        case=world.case, agency_name="Fernbridge Academy", contact_name="Ms Adeyemi"
    )
    add_action(
        goal,
        what="Check in with Tayo every morning",
        owner_name="",
        owner_agency=school,
        due_date=start + datetime.timedelta(days=3),
    )
    add_contingency(
        plan,
        if_this_happens="If Tayo is not home by 10pm",
        what_we_will_do="Grace rings Tayo, then his friends. If we still cannot find him, "
        "we ring the police on 101.",
        who_does_it="Grace and Daniel",
    )
    return plan, grace, daniel


def pdf_text(response) -> str:
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_family_plan_pdf_says_everything_the_family_needs_in_plain_words(world, signed_in):
    plan, grace, daniel = written_plan(world)
    plan_helpers.agree(
        plan, people=[grace, daniel], comments="We want to try.", recorded_by=world.key_worker
    )
    response = signed_in(world.key_worker).get(url("family_plan_pdf", plan))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="our-family-plan.pdf"'
    text = " ".join(pdf_text(response).split())

    assert "Our family plan" in text
    assert "For the Okafor family: Daniel, Grace and Tayo" in text
    assert "We want to talk to each other without shouting." in text
    assert "We eat tea together at least four nights a week." in text
    start = plan.start_date
    assert "Cook tea together on Sundays" in text
    assert f"Grace, by {friendly_date(start + datetime.timedelta(days=10))}" in text
    assert f"Daniel, by {friendly_date(start + datetime.timedelta(days=20))}" in text
    assert f"Sam Patel, by {friendly_date(start + datetime.timedelta(days=5))}" in text
    assert "Ms Adeyemi (Fernbridge Academy)" in text
    assert "If Tayo is not home by 10pm" in text
    assert "0300 555 0100" in text  # the organisation's out-of-hours number
    assert "0300 555 0102" in text  # the team's out-of-hours arrangement
    assert friendly_date(plan.next_review_date) in text
    assert f"This plan was agreed on {friendly_date(plan.agreed_on)}" in text
    assert "Signed" in text

    lowered = text.lower()
    for jargon in ("EC0", "CIN", "intervention", "Draft", "draft", "superseded"):
        assert jargon not in text, jargon
    assert "case" not in lowered
    assert world.case.reference not in text
    assert plan.goals.get().domain_name not in text
    assert "Zebedee" not in text

    assert AccessLog.objects.filter(
        action="pdf",
        record_type=AccessLog.RecordType.FAMILY_PLAN,
        case_id=world.case.pk,
        record_id=plan.pk,
    ).exists()


def test_friendly_dates_name_the_day_and_always_print_the_year():
    today = datetime.date(2026, 11, 23)
    assert friendly_date(datetime.date(2026, 12, 11), today=today) == "Friday 11 December 2026"
    assert friendly_date(datetime.date(2027, 1, 8), today=today) == "Friday 8 January 2027"


def test_the_familys_copy_is_large_type_with_a_print_button_and_is_logged_as_seen(world, signed_in):
    plan, grace, daniel = written_plan(world)
    plan_helpers.agree(
        plan, people=[grace], comments="We want to try.", recorded_by=world.key_worker
    )
    response = signed_in(world.team_manager).get(url("family_plan", plan))
    body = assert_shows(response, "data-app-print")
    assert "<script>" not in body
    assert 'style="' not in body
    assert "family-document.css" in body
    assert "For the Okafor family: Daniel, Grace and Tayo" in body
    assert "DRAFT" not in body
    # Seen on screen, not yet printed: a view (the PDF download is logged as one).
    family_plan_rows = AccessLog.objects.filter(
        record_type=AccessLog.RecordType.FAMILY_PLAN, case_id=world.case.pk
    )
    assert family_plan_rows.filter(action="view").exists()
    assert not family_plan_rows.filter(action="print").exists()


def test_a_draft_plan_is_clearly_marked_as_not_yet_agreed(world, signed_in):
    plan, _grace, _daniel = written_plan(world)
    body = signed_in(world.key_worker).get(url("family_plan", plan)).content.decode()
    assert "DRAFT — not yet agreed" in body
    text = pdf_text(signed_in(world.key_worker).get(url("family_plan_pdf", plan)))
    assert "DRAFT" in text


def test_the_family_plan_stylesheet_sets_large_type():
    from edgecare.pdf import static_css
    from plans.documents import STYLESHEET

    css = static_css(STYLESHEET)
    assert "font-size: 19px" in css
    assert "font-size: 14pt" in css


def who_to_call_rows(body: str) -> list[tuple[str, str]]:
    """(who, phone) for each "Who to call" row of the family's copy."""
    return re.findall(
        r'<tr><th scope="row">(.*?)</th><td class="fd-phone"><span dir="ltr">(.*?)</span></td>',
        body,
        re.S,
    )


def test_every_number_to_call_is_in_the_phone_column_out_of_hours_included(world, signed_in):
    plan, grace, _daniel = written_plan(world)
    # A contact written before the number had a field of its own: its number is in its words.
    plan_helpers.add_contact(
        plan,
        name="Nan",
        phone="",
        when_to_call="Any time after school: ring her on 07700 900123.",
        is_out_of_hours=True,
    )
    plan_helpers.agree(plan, people=[grace], recorded_by=world.key_worker)
    body = signed_in(world.key_worker).get(url("family_plan", plan)).content.decode()

    rows = who_to_call_rows(body)
    assert len(rows) == plan.contacts.count()
    assert all(phone.strip() for _who, phone in rows), rows
    phones = [phone for _who, phone in rows]
    assert "0300 555 0102" in phones  # the team's out-of-hours arrangement
    assert "0300 555 0100" in phones  # the organisation's out-of-hours team
    assert "07700 900123" in phones


def test_a_new_plan_takes_the_out_of_hours_number_from_the_teams_arrangement(world):
    from plans.services import default_contacts

    out_of_hours = [c for c in default_contacts(world.case) if c.is_out_of_hours]
    assert [c.phone for c in out_of_hours] == ["0300 555 0102", "0300 555 0100"]


def signature_rows(body: str) -> list[str]:
    table = body[body.index('<table class="fd-sign">') :]
    table = table[: table.index("</table>")]
    return [
        re.sub(r"<[^>]+>", " ", who).split()
        for who in re.findall(r'<th scope="row">(.*?)</th>', table, re.S)
    ]


def test_each_person_who_agreed_has_a_signature_line_with_their_name(world, signed_in):
    plan, grace, daniel = written_plan(world)
    plan_helpers.agree(
        plan, people=[grace, daniel], others="Nan Okafor", recorded_by=world.key_worker
    )
    body = signed_in(world.key_worker).get(url("family_plan", plan)).content.decode()
    rows = [" ".join(words) for words in signature_rows(body)]
    # In the order the plan names them (parents and carers first, by age).
    assert rows == [daniel.full_name, grace.full_name, "Nan Okafor", "Worker Sam Patel"]
    assert "Family" not in rows


def test_a_draft_has_a_signature_line_for_everyone_it_is_for(world, signed_in):
    plan, grace, daniel = written_plan(world)
    body = signed_in(world.key_worker).get(url("family_plan", plan)).content.decode()
    rows = [" ".join(words) for words in signature_rows(body)]
    young_person = world.case.young_people.get()
    assert set(rows[:-1]) == {grace.full_name, daniel.full_name, young_person.full_name}
    assert rows[-1] == "Worker Sam Patel"
