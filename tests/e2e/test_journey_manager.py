"""A team manager's journey in a real browser (signing in with an authenticator code, as
managers must): the team's caseloads, a case found under its worker and re-allocated, the
service outcome report filtered and downloaded as CSV with no family's name in it. And the
refused path: a key worker of another team who types a case's addresses gets "Page not found".

The manager's sign-off of an assessment is part of the key worker's journey
(test_journey_key_worker.py), where the assessment is written."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from edgecare.models import AccessLog
from families.models import Case, Family, Person
from tests.e2e.helpers import (
    authenticator_for,
    check_accessibility,
    error_summary,
    follow_link,
    press_button,
    screenshot,
    screenshot_if_failing,
    sign_in,
    sign_in_as,
)
from tests.factories import CaseFactory, ContactFactory

pytestmark = pytest.mark.e2e


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def menu(page):
    return page.get_by_role("navigation", name="Main menu")


def test_team_manager_finds_a_case_on_the_caseloads_page_and_re_allocates_it(
    page, live_server, world
):
    authenticator_for(world.team_manager)
    colleague = world.colleague.get_full_name()
    with screenshot_if_failing(page, "journey-failed-manager-caseloads"):
        sign_in(page, live_server, "tm")

        with page.expect_navigation():
            menu(page).get_by_role("link", name="Caseloads", exact=True).click()
        assert heading(page) == "Caseloads"
        screenshot(page, "journey-manager-1-caseloads")
        worker = world.key_worker.get_full_name()
        follow_link(page, re.compile(rf"open cases?: {re.escape(worker)}$"))
        row = page.get_by_role("row").filter(has_text=world.case.reference)
        assert row.get_by_role("link", name=str(world.case.family)).is_visible()

        with page.expect_navigation():
            row.get_by_role("link", name=re.compile("^Re-allocate")).click()
        assert heading(page) == "Re-allocate the lead professional"
        choice = page.get_by_label("Lead professional")
        options = [text.strip() for text in choice.locator("option").all_inner_texts()]
        choice.select_option(label=next(o for o in options if o.startswith(colleague)))
        page.get_by_label("Reason").fill("Kw is going on leave for a month.")
        press_button(page, "Allocate")
        assert not error_summary(page), error_summary(page)

        world.case.refresh_from_db()
        assert world.case.lead_professional == world.colleague
        page.goto(world.case.get_absolute_url())
        lead = page.locator(".govuk-summary-list__row").filter(has_text="Lead professional")
        assert colleague in lead.first.inner_text()
        screenshot(page, "journey-manager-2-re-allocated")


def test_team_manager_runs_the_outcome_report_and_downloads_csv_without_family_names(
    page, live_server, world
):
    authenticator_for(world.team_manager)
    # Something to count: a closed episode and an evening contact on the open case.
    CaseFactory(team=world.team, lead_professional=world.key_worker, status=Case.Status.CLOSED)
    ContactFactory(case=world.case, recorded_by=world.key_worker)
    with screenshot_if_failing(page, "journey-failed-manager-outcomes"):
        sign_in(page, live_server, "tm")
        with page.expect_navigation():
            menu(page).get_by_role("link", name="Service outcomes").click()
        assert heading(page) == "Service outcomes"
        page.get_by_label("Team").select_option(label=world.team.name)
        press_button(page, "Apply")
        assert heading(page) == "Service outcomes"
        screenshot(page, "journey-manager-3-outcomes")

        downloads = {}
        for link in ("The figures (CSV)", "Anonymised case rows (CSV)"):
            with page.expect_download() as info:
                page.get_by_role("link", name=link).click()
            download = info.value
            assert download.suggested_filename.endswith(".csv")
            with open(download.path(), encoding="utf-8-sig") as file:
                downloads[link] = file.read()

    for link, text in downloads.items():
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) >= 2, f"{link}: a header row and at least one row of figures"
        header = rows[0]
        assert all(cell.strip() and not cell.strip().isdigit() for cell in header), header
        for family_name in Family.objects.values_list("family_name", flat=True):
            assert family_name not in text, f"{link} names the {family_name} family"
        for first, last in Person.objects.values_list("first_name", "last_name"):
            assert f"{first} {last}" not in text, f"{link} names a family member"
    case_rows = list(csv.reader(io.StringIO(downloads["Anonymised case rows (CSV)"])))
    assert len(case_rows) >= 2, "the anonymised case rows list at least one case"


@pytest.mark.parametrize(
    ("what", "url_for"),
    [
        ("case page", lambda case: case.get_absolute_url()),
        ("case record PDF", lambda case: reverse("case_record:pdf", args=[case.pk])),
        ("family plan PDF", None),
    ],
    ids=["case-page", "case-record-pdf", "family-plan-pdf"],
)
def test_key_worker_of_another_team_typing_a_case_address_gets_page_not_found(
    page, live_server, world, what, url_for
):
    if url_for is None:
        from tests.plans.plan_helpers import draft_plan

        plan = draft_plan(world)
        url = reverse("plans:family_plan_pdf", args=[world.case.pk, plan.pk])
    else:
        url = url_for(world.case)
    sign_in_as(page, live_server, world.other_team_worker)

    response = page.goto(url)

    assert response.status == 404, f"{what}: {response.status}"
    assert heading(page) == "Page not found"
    body = page.content()
    assert world.case.reference not in body
    assert str(world.case.family) not in body
    assert AccessLog.objects.filter(
        user=world.other_team_worker, action=AccessLog.Action.REFUSED
    ).exists()
    if what == "family plan PDF":
        check_accessibility(page, "page-not-found-pdf")
