"""Subject access export and the retention rule."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from edgecare.models import AccessLog, User
from families.drafts import save_draft
from families.models import Case
from families.retention import cases_due_for_review, review_date
from tests.background import download_document
from tests.factories import CaseFactory, ContactFactory, PersonFactory, UserFactory
from tests.reviews.review_helpers import completed_review, fill_closure, started_closure

pytestmark = pytest.mark.django_db


@pytest.fixture
def mother(world):
    person = PersonFactory(
        family=world.case.family,
        first_name="Rosalind",
        relationship="mother",
        is_focus=False,
        date_of_birth=datetime.date(1984, 3, 2),
    )
    contact = ContactFactory(
        case=world.case,
        recorded_by=world.key_worker,
        what_happened="Rosalind talked about bedtimes.",
    )
    contact.people_seen.add(person)
    return person


def urls(person):
    args = [person.family_id, person.pk]
    return {
        "page": reverse("families:subject_access", args=args),
        "json": reverse("families:subject_access_json", args=args),
        "pdf": reverse("families:subject_access_pdf", args=args),
    }


def test_a_manager_exports_everything_held_about_a_person_as_json(signed_in, world, mother):
    response = signed_in(world.team_manager).get(urls(mother)["json"])
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["subject"]["name"] == "Rosalind " + mother.last_name
    titles = [s["title"] for s in data["sections"]]
    assert "Visits, calls and meetings they were part of" in titles
    contacts = next(s for s in data["sections"] if s["title"].startswith("Visits"))
    assert contacts["records"][0]["What happened"] == "Rosalind talked about bedtimes."
    assert AccessLog.objects.filter(
        action="export", record_type=AccessLog.RecordType.SUBJECT_ACCESS
    ).exists()


def test_the_pdf_export_reads_as_a_document(signed_in, world, mother):
    response = download_document(signed_in(world.service_manager), urls(mother)["pdf"])
    assert response.status_code == 200
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Everything held about Rosalind" in text
    assert "Rosalind talked about bedtimes." in text
    assert "remove information about other people" in text
    assert AccessLog.objects.filter(
        action="pdf", record_type=AccessLog.RecordType.SUBJECT_ACCESS
    ).exists()


def test_a_key_worker_cannot_export_a_persons_whole_record(signed_in, world, mother):
    for url in urls(mother).values():
        assert signed_in(world.key_worker).get(url).status_code == 403


def test_managers_of_other_teams_and_organisations_learn_nothing(signed_in, world, mother):
    for user in (world.other_team_manager, world.administrator):
        for url in urls(mother).values():
            response = signed_in(user).get(url)
            assert response.status_code in (403, 404)
            assert b"Rosalind" not in response.content


def test_a_person_of_another_family_under_this_familys_address_is_not_found(
    signed_in, world, mother
):
    stranger = PersonFactory(family=world.other_team_case.family)
    url = reverse("families:subject_access", args=[mother.family_id, stranger.pk])
    assert signed_in(world.team_manager).get(url).status_code == 404


# Subject access within scope ------------------------------------------------------------------


@pytest.fixture
def two_teams(world, mother):
    """Rosalind's family has a second episode of work, held by another team of the service, with
    a contact she was part of."""
    world.case.presenting_concerns = "Jay has been out past midnight three times this month."
    world.case.save()
    elsewhere = CaseFactory(
        team=world.other_team,
        family=mother.family,
        presenting_concerns="Rosalind asked for help with the move to a new flat.",
    )
    contact = ContactFactory(
        case=elsewhere,
        recorded_by=world.other_team_worker,
        what_happened="Rosalind spoke about the move to Harrowgate Road.",
    )
    contact.people_seen.add(mother)
    return elsewhere


def export_text(response) -> str:
    return json.dumps(json.loads(response.content), ensure_ascii=False)


def test_a_manager_of_another_team_exports_only_the_case_they_can_see(
    signed_in, world, mother, two_teams
):
    response = signed_in(world.other_team_manager).get(urls(mother)["json"])
    assert response.status_code == 200
    text = export_text(response)
    assert "Rosalind spoke about the move to Harrowgate Road." in text
    assert "Rosalind talked about bedtimes." not in text
    assert world.case.reference not in text
    assert world.case.presenting_concerns not in text
    data = json.loads(response.content)
    assert data["scope"]["cases_shown"] == 1
    assert data["scope"]["cases_held"] == 2


def test_the_export_page_says_it_holds_only_what_the_manager_can_see(
    signed_in, world, mother, two_teams
):
    page = signed_in(world.other_team_manager).get(urls(mother)["page"]).content.decode()
    assert "This export contains what you can see: 1 of 2 cases" in page
    assert "ask your organisation&#x27;s data protection lead for a full export" in page
    assert "Rosalind talked about bedtimes." not in page


def test_a_manager_who_sees_every_case_is_told_the_export_is_complete(
    signed_in, world, mother, two_teams
):
    page = signed_in(world.service_manager).get(urls(mother)["page"]).content.decode()
    assert "This export contains every case held about them: 2." in page
    assert "Rosalind talked about bedtimes." in page
    assert "Rosalind spoke about the move to Harrowgate Road." in page


def test_the_audit_trail_of_a_case_outside_scope_records_nothing_of_the_export(
    signed_in, world, mother, two_teams
):
    client = signed_in(world.other_team_manager)
    assert client.get(urls(mother)["page"]).status_code == 200
    assert client.get(urls(mother)["json"]).status_code == 200
    assert download_document(client, urls(mother)["pdf"]).status_code == 200
    assert not AccessLog.objects.filter(case_id=world.case.pk).exists()
    rows = AccessLog.objects.filter(case_id=two_teams.pk, user=world.other_team_manager)
    assert sorted(rows.values_list("action", flat=True)) == ["export", "pdf", "view"]
    assert set(rows.values_list("record_type", "record_id")) == {
        (AccessLog.RecordType.SUBJECT_ACCESS, mother.pk)
    }


def test_every_case_the_export_draws_from_gets_its_own_access_log_row(
    signed_in, world, mother, two_teams
):
    signed_in(world.service_manager).get(urls(mother)["json"])
    rows = AccessLog.objects.filter(
        action="export", record_type=AccessLog.RecordType.SUBJECT_ACCESS
    )
    assert set(rows.values_list("case_id", flat=True)) == {world.case.pk, two_teams.pk}


def test_a_manager_of_another_service_gets_none_of_this_services_content(signed_in, world, mother):
    elsewhere = CaseFactory(team=world.other_service_team, family=mother.family)
    response = signed_in(world.other_service_manager).get(urls(mother)["json"])
    assert response.status_code == 200
    text = export_text(response)
    assert elsewhere.reference in text
    assert "Rosalind talked about bedtimes." not in text
    assert world.case.reference not in text
    assert not AccessLog.objects.filter(case_id=world.case.pk).exists()
    assert AccessLog.objects.filter(
        case_id=elsewhere.pk, user=world.other_service_manager, action="export"
    ).exists()


def test_a_manager_of_another_organisation_is_refused_and_no_case_is_read(
    signed_in, world, mother, two_teams
):
    other_org_manager = UserFactory(
        team=world.other_org_team, role=User.Role.TEAM_MANAGER, username="otherorgtm"
    )
    for url in urls(mother).values():
        response = signed_in(other_org_manager).get(url)
        assert response.status_code == 404
        assert b"Rosalind" not in response.content
    assert not AccessLog.objects.filter(
        user=other_org_manager, case_id__in=[world.case.pk, two_teams.pk]
    ).exists()


def test_a_persons_export_contains_their_review_and_closure_text(signed_in, world, mother):
    completed_review(
        world,
        progress_summary="Rosalind and Jay now eat together most evenings.",
        decision_reason="The family want to keep going with the plan.",
    )
    fill_closure(started_closure(world), what_helped="Walking round the block before talking.")
    data = json.loads(signed_in(world.team_manager).get(urls(mother)["json"]).content)
    sections = {s["title"]: s["records"] for s in data["sections"]}
    review = sections["Reviews of the work with the family"][0]
    assert review["Case"] == world.case.reference
    assert "Rosalind and Jay now eat together most evenings." in review.values()
    assert "The family want to keep going with the plan." in review.values()
    closure = sections["Closure of the work with the family"][0]
    assert "Walking round the block before talking." in closure.values()


def test_a_persons_export_contains_what_a_worker_typed_and_has_not_saved_yet(
    signed_in, world, mother, two_teams
):
    page = reverse("families:contact_add", args=[world.case.pk])
    save_draft(
        user=world.key_worker,
        case=world.case,
        page=page,
        fields=[["row_version", "3"], ["what_happened", "Rosalind rang late about the rent."]],
    )
    elsewhere = reverse("families:contact_add", args=[two_teams.pk])
    save_draft(
        user=world.other_team_worker,
        case=two_teams,
        page=elsewhere,
        fields=[["what_happened", "Rosalind has the keys to the new flat."]],
    )
    data = json.loads(signed_in(world.team_manager).get(urls(mother)["json"]).content)
    drafts = {s["title"]: s["records"] for s in data["sections"]}["Drafts not yet saved"]
    assert drafts == [
        {
            "Case": world.case.reference,
            "Typed by": world.key_worker.get_full_name(),
            "Last typed": drafts[0]["Last typed"],
            "Text not yet saved": "Rosalind rang late about the rent.",
        }
    ]
    # The other team's case is out of this manager's scope: its draft is not disclosed.
    assert "keys to the new flat" not in export_text(
        signed_in(world.team_manager).get(urls(mother)["json"])
    )


def test_retention_review_starts_after_both_the_years_and_the_age_have_passed(settings):
    settings.RETENTION_YEARS_AFTER_CLOSURE = 6
    settings.RETENTION_UNTIL_AGE = 25
    closed = datetime.date(2020, 5, 1)
    assert review_date(closed_on=closed, youngest_birth=datetime.date(1990, 1, 1)) == (
        datetime.date(2026, 5, 1)
    )
    assert review_date(closed_on=closed, youngest_birth=datetime.date(2008, 6, 1)) == (
        datetime.date(2033, 6, 1)
    )


def test_retention_review_lists_only_closed_cases_past_their_period(world, capsys):
    old = CaseFactory(
        team=world.team,
        status=Case.Status.CLOSED,
        closed_on=datetime.date(2012, 1, 10),
        referral_date=datetime.date(2011, 6, 1),
        young_people=[PersonFactory(date_of_birth=datetime.date(1995, 1, 1))],
    )
    recent = CaseFactory(
        team=world.team,
        status=Case.Status.CLOSED,
        closed_on=datetime.date(2024, 1, 10),
        referral_date=datetime.date(2023, 6, 1),
    )
    due = cases_due_for_review(datetime.date(2026, 11, 23))
    references = [row.case_reference for row in due]
    assert old.reference in references
    assert recent.reference not in references
    assert world.case.reference not in references
    call_command("retention_review", "--on", "2026-11-23")
    out = capsys.readouterr().out
    assert old.reference in out
    assert old.family.family_name not in out


def test_a_family_back_with_us_is_not_due_for_review(world):
    old = CaseFactory(
        team=world.team,
        status=Case.Status.CLOSED,
        closed_on=datetime.date(2012, 1, 10),
        referral_date=datetime.date(2011, 6, 1),
        young_people=[PersonFactory(date_of_birth=datetime.date(1995, 1, 1))],
    )
    CaseFactory(team=world.team, family=old.family)  # open again now
    assert old.reference not in [
        r.case_reference for r in cases_due_for_review(datetime.date(2026, 11, 23))
    ]
