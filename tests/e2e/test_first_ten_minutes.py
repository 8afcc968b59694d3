"""What a new user meets first, in a real browser: the case journey's task list moving on as an
assessment is checked, submitted and signed off on the check-answers pages; the date input's
errors; the character count; and the README's screenshots (docs/images/), taken here so they
show the application as it is."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from families.models import Case
from tests.assessments.assessment_helpers import complete, start
from tests.e2e.helpers import (
    check_accessibility,
    click_and_wait,
    error_summary,
    follow_link,
    press_button,
    screenshot_if_failing,
    sign_in_as,
)
from tests.factories import CaseFactory, ContactFactory
from tests.reviews.review_helpers import agreed_plan

pytestmark = pytest.mark.e2e

DOCS_IMAGES = Path(settings.BASE_DIR) / "docs" / "images"
# Wide enough to read on GitHub, small enough to keep the repository light.
IMAGE_WIDTH = 960


def task_status(page, name: str) -> str:
    item = page.locator(".govuk-task-list__item").filter(has_text=name).first
    return item.locator(".govuk-task-list__status").inner_text().strip()


def save_for_readme(png: bytes | Path, name: str) -> Path:
    """A README picture: at most IMAGE_WIDTH wide, in a small palette, optimised."""
    DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
    path = DOCS_IMAGES / f"{name}.png"
    source = Path(png) if isinstance(png, Path) else None
    if source is None:
        path.write_bytes(png)
        source = path
    with Image.open(source) as image:
        image = image.convert("RGB")
        if image.width > IMAGE_WIDTH:
            height = round(image.height * IMAGE_WIDTH / image.width)
            image = image.resize((IMAGE_WIDTH, height), Image.LANCZOS)
        image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


def test_the_task_list_moves_on_as_the_assessment_is_checked_submitted_and_signed_off(
    page, browser, live_server, world
):
    Case.objects.filter(pk=world.case.pk).update(status=Case.Status.ASSESSMENT)
    complete(start(world.case, world.key_worker))
    with screenshot_if_failing(page, "journey-failed-check-answers"):
        sign_in_as(page, live_server, world.key_worker)
        page.goto(world.case.get_absolute_url())
        assert task_status(page, "Assessment") == "In progress"
        assert task_status(page, "Plan") == "Cannot start yet"
        check_accessibility(page, "case-page-task-list")

        follow_link(page, re.compile("^Assessment$"))
        click_and_wait(page, page.get_by_role("button", name="Check your answers and submit"))
        assert (
            "Check your answers before submitting"
            in page.get_by_role("heading", level=1).inner_text()
        )
        assert page.get_by_role("link", name="Change summary").is_visible()
        check_accessibility(page, "check-answers-author")
        press_button(page, "Submit for sign-off")
        page.goto(world.case.get_absolute_url())
        assert task_status(page, "Assessment") == "Waiting for sign-off"

    manager = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    manager_page = manager.new_page()
    try:
        sign_in_as(manager_page, live_server, world.team_manager)
        manager_page.goto(world.case.get_absolute_url())
        follow_link(manager_page, re.compile("^Assessment$"))
        click_and_wait(
            manager_page,
            manager_page.get_by_role("button", name="Check the assessment and sign it off"),
        )
        follow_link(manager_page, "Ask for a change to summary")
        box = manager_page.get_by_label(re.compile("^What needs to change"))
        assert box.input_value() == "Summary: "
        # The character count appears near the limit, and counts down as the manager types.
        box.fill("x" * 15_999)
        box.press("x")  # a key typed: the count listens to the keyboard
        # The return box's own count (the sign-off comments above have one too).
        count = box.locator("xpath=ancestor::div[contains(@class, 'govuk-character-count')][1]")
        expect(count.locator(".govuk-character-count__status")).to_have_text(
            "You have 4,000 characters remaining"
        )
        box.fill("")
        check_accessibility(manager_page, "check-answers-manager")
        press_button(manager_page, "Sign off the assessment")
        manager_page.goto(world.case.get_absolute_url())
        assert task_status(manager_page, "Assessment") == "Completed"
        assert task_status(manager_page, "Plan") == "Not started"
    finally:
        manager.close()


def test_the_date_of_birth_boxes_explain_an_impossible_date_and_a_future_birth(
    page, live_server, world
):
    sign_in_as(page, live_server, world.key_worker)
    page.goto(reverse("families:person_add", args=[world.case.family_id]))
    page.get_by_label("First name").fill("Rowan")
    page.get_by_label("Last name").fill("Ashby")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2012")
    page.get_by_label("Relationship").select_option(index=1)
    press_button(page, "Save family member")
    assert "Date of birth must be a real date" in error_summary(page)
    # What was typed is kept, and the summary's link lands in the day box.
    assert page.get_by_label("Day").input_value() == "31"
    page.locator(".govuk-error-summary").get_by_role(
        "link", name="Date of birth must be a real date"
    ).click()
    assert page.evaluate("document.activeElement.name") == "date_of_birth_day"
    check_accessibility(page, "date-input-error")

    page.get_by_label("Day").fill("1")
    page.get_by_label("Year").fill("2099")
    press_button(page, "Save family member")
    assert "Date of birth must be today or in the past" in error_summary(page)


def test_the_readme_screenshots_are_taken_from_the_running_application(
    page, browser, live_server, world
):
    plan = agreed_plan(world)
    ContactFactory(case=world.case, recorded_by=world.key_worker)
    CaseFactory(team=world.team, lead_professional=world.key_worker, status=Case.Status.CLOSED)
    sign_in_as(page, live_server, world.key_worker)
    page.goto(world.case.get_absolute_url())
    assert task_status(page, "Plan") == "Completed"
    save_for_readme(page.screenshot(full_page=False), "case-page")

    # Fetched with the browser's own session, as the "Download the PDF" link would be.
    response = page.request.get(reverse("plans:family_plan_pdf", args=[world.case.pk, plan.pk]))
    assert response.status == 200
    pdf = response.body()
    assert pdf.startswith(b"%PDF-")
    folder = Path(settings.BASE_DIR) / "test-artifacts" / "readme"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "family-plan.pdf").write_bytes(pdf)
    subprocess.run(  # noqa: S603 (a fixed program on a file this test wrote)
        [
            "/usr/bin/pdftoppm",
            "-r",
            "80",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(folder / "family-plan.pdf"),
            str(folder / "family-plan"),
        ],
        check=True,
        timeout=60,
    )
    save_for_readme(folder / "family-plan.png", "family-plan")

    manager = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    manager_page = manager.new_page()
    try:
        sign_in_as(manager_page, live_server, world.team_manager)
        manager_page.goto(reverse("managers:caseloads"))
        assert manager_page.get_by_role("heading", level=1).inner_text() == "Caseloads"
        save_for_readme(manager_page.screenshot(full_page=False), "caseloads")
        manager_page.goto(reverse("managers:outcomes"))
        assert manager_page.get_by_role("heading", level=1).inner_text() == "Service outcomes"
        save_for_readme(manager_page.screenshot(full_page=False), "outcomes")
    finally:
        manager.close()
    for name in ("case-page", "family-plan", "caseloads", "outcomes"):
        with Image.open(DOCS_IMAGES / f"{name}.png") as image:
            assert image.width <= IMAGE_WIDTH
        assert (DOCS_IMAGES / f"{name}.png").stat().st_size < 200_000, name
