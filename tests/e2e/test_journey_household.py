"""A young person's home over time, in a real browser: Donna moves from her mum's to her aunt
Lisa's, a child arrangements order names Lisa, Donna then lives with Lisa under the order, and
the case closes with that kinship outcome (pre-filled from where she lives, counted as living
at home or in the community). The family plan and the closure letter are downloaded and their
text read back.

The closure's other sections and the manager's sign-off are made directly (the key worker's
journey drives them in the browser); what is new here is driven by the pages' own labels.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from families import services as family_services
from families.models import ArrangementKind, LegalStatus, LivingArrangement, Person
from managers.outcome_facts import ReportFilters
from managers.outcomes import build_report
from reviews import services as review_services
from reviews.models import Closure
from tests.e2e.helpers import (
    error_summary,
    follow_link,
    press_button,
    screenshot,
    screenshot_if_failing,
    sign_in,
)
from tests.factories import PersonFactory
from tests.reviews.review_helpers import agreed_plan, fill_closure

pytestmark = pytest.mark.e2e

TODAY = timezone.localdate()


def _pdf_text(path: str) -> str:
    with open(path, "rb") as file:
        data = file.read()
    assert data[:5] == b"%PDF-"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _expect_saved(page, step: str) -> None:
    shown = error_summary(page)
    assert not shown, f"{step}: the form refused the entry: {shown}"


def test_a_move_to_an_aunts_an_order_and_a_kinship_closure(page, live_server, world):
    case = world.case
    donna = case.young_people.get()
    donna.first_name, donna.last_name = "Donna", "Hartley"
    donna.save()
    plan = agreed_plan(world)
    mum = plan.agreed_by_people.get()
    aunt = PersonFactory(
        family=case.family,
        first_name="Lisa",
        last_name="Hartley",
        relationship=Person.Relationship.AUNT_UNCLE,
        is_focus=False,
        lives_in_household=False,
        date_of_birth=TODAY - datetime.timedelta(days=38 * 365),
    )
    family_services.record_move(
        case=case,
        young_person=donna,
        recorded_by=world.key_worker,
        kind=ArrangementKind.WITH_PARENTS,
        lives_with=[mum],
        started_on=TODAY - datetime.timedelta(days=300),
        reason="Has always lived with her mum.",
    )
    moved_on = TODAY - datetime.timedelta(days=6)

    with screenshot_if_failing(page, "journey-failed-household"):
        sign_in(page, live_server, "kw")
        page.goto(f"{live_server.url}{case.get_absolute_url()}")
        panel = page.locator("section", has=page.locator("#panel-living-heading"))
        assert f"Lives with {mum.full_name} since" in panel.inner_text()

        # The move to her aunt's, in one step.
        follow_link(page, "Record a move")
        page.get_by_label("Donna Hartley (Young person)").check()
        page.get_by_label("With extended family or friends (informal)").check()
        page.get_by_label("Lisa Hartley (Aunt or uncle)").check()
        page.get_by_label("Living there since").fill(moved_on.isoformat())
        page.get_by_label("Why they live there").fill(
            "After the rows at home Donna asked to stay with her aunt; her mum agreed."
        )
        press_button(page, "Save where they live")
        _expect_saved(page, "the move")
        page.goto(f"{live_server.url}{case.get_absolute_url()}")
        panel = page.locator("section", has=page.locator("#panel-living-heading"))
        assert f"Lives with {aunt.full_name} since" in panel.inner_text()
        screenshot(page, "journey-household-1-moved-to-aunt", full_page=False)

        # The order naming the aunt.
        follow_link(page, "Record a plan or order")
        page.get_by_label("Donna Hartley (Young person)").check()
        page.get_by_label("Plan or order").select_option(label="Child arrangements order")
        page.get_by_label("Lisa Hartley (Aunt or uncle)").check()
        page.get_by_label("From").fill(TODAY.isoformat())
        page.get_by_label("Details").fill("Fernbridge Family Court: Donna lives with her aunt.")
        press_button(page, "Save the plan or order")
        _expect_saved(page, "the order")

        # From today she lives with her aunt under the order.
        page.goto(f"{live_server.url}{case.get_absolute_url()}")
        follow_link(page, "Record a move")
        page.get_by_label("Donna Hartley (Young person)").check()
        page.get_by_label("With extended family or friends under an order").check()
        page.get_by_label("Lisa Hartley (Aunt or uncle)").check()
        page.get_by_label("Living there since").fill(TODAY.isoformat())
        page.get_by_label("Why they live there").fill("The court made a child arrangements order.")
        press_button(page, "Save where they live")
        _expect_saved(page, "the move under the order")
        history = page.locator("main").inner_text()
        assert "Child arrangements order, naming Lisa Hartley" in history
        assert "under an order" in history
        screenshot(page, "journey-household-2-history")

        # The family's plan, as a PDF.
        page.goto(f"{live_server.url}{plan.get_absolute_url()}")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download the family's copy (PDF)").click()
        plan_text = _pdf_text(download_info.value.path())
        # For Donna and for the aunt she lives with now (people_the_document_is_for).
        assert "Donna" in plan_text
        assert aunt.first_name in plan_text

        # Closure: the key outcome starts from where she lives now.
        page.goto(f"{live_server.url}{case.get_absolute_url()}")
        follow_link(page, "Close the case")
        kinship = page.get_by_label("With extended family or friends under an order")
        assert kinship.is_checked()
        page.get_by_label("Goals achieved").check()
        page.get_by_label("Date of closure").fill(TODAY.isoformat())
        press_button(page, "Start the closure")
        _expect_saved(page, "start the closure")

        closure = Closure.objects.get(case=case)
        assert closure.key_outcome == ArrangementKind.KINSHIP_ORDER
        fill_closure(closure)
        review_services.closure_submit(closure=closure, by=world.key_worker)
        review_services.closure_sign_off(closure=closure, signed_off_by=world.team_manager)

        page.goto(f"{live_server.url}{closure.get_absolute_url()}")
        assert "With extended family or friends under an order" in page.locator("main").inner_text()
        follow_link(page, "The family's closure letter")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download PDF").click()
        letter_text = _pdf_text(download_info.value.path())
        assert "Donna" in letter_text
        assert aunt.first_name in letter_text

    # What the records now hold, and how the service counts it.
    assert LivingArrangement.objects.filter(young_person=donna).count() == 3
    assert LegalStatus.objects.get(young_person=donna).people_named.get() == aunt
    report = build_report(world.team_manager, ReportFilters.default())
    assert report.closures_signed_off == 1
    assert report.at_home_at_closure == 1
