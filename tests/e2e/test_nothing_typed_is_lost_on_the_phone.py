"""Issue 15 in a real browser on a 375 px phone: "Record a contact" on the first screen of the
case page, form controls a thumb can use (16 px text, 44 px tall), a session that ends while
an evening visit is being written up, signing in again and finding the note; and the timeout
warning that comes first, renewed by "Stay signed in" and by typing.

Screenshots: test-artifacts/screenshots/phone-375-*.png; axe reports (with the target-size
rule) in test-artifacts/axe/."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from families.models import Contact
from tests.e2e.helpers import (
    LOGIN_PATH,
    check_accessibility,
    new_page,
    press_button,
    screenshot,
    sign_in,
    sign_in_as,
)
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 667}
NOTE = (
    "Evening visit, 19:30 to 21:00. Mum and Jory talked through Sunday's row about the phone. "
    "Jory said he wants to stay at home if the shouting stops; Mum agreed a 10 pm handover."
)

# What a form control measures at 375 px: the box a thumb presses and the text's size.
MEASURE_CONTROLS = """() => Array.from(document.querySelectorAll(
    'main form input:not([type=hidden]), main form select, main form textarea, main form button'
)).filter(el => el.offsetParent !== null || el.type === 'radio' || el.type === 'checkbox')
  .map(el => {
    const box = el.getBoundingClientRect();
    return {
      name: el.name || el.textContent.trim(), type: el.type || el.tagName,
      height: box.height, width: box.width,
      font: parseFloat(getComputedStyle(el).fontSize),
    };
  })"""


def phone(browser, live_server):
    return new_page(
        browser,
        live_server,
        width=PHONE["width"],
        height=PHONE["height"],
        is_mobile=True,
        has_touch=True,
    )


def test_a_note_typed_as_the_session_ends_is_found_again_after_signing_in_at_375_px(
    browser, live_server, world
):
    page, close = phone(browser, live_server)
    sign_in(page, live_server, world.key_worker.username, TEST_PASSWORD)
    page.goto(world.case.get_absolute_url())

    # "Record a contact" is on the first screen of the case page.
    button = page.get_by_role("button", name="Record a contact")
    box = button.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"], f"below the first screen: {box}"
    screenshot(page, "phone-375-case-page", full_page=False)
    press_button(page, "Record a contact")

    # Every control: 16 px text at least; every box a thumb presses 44 px tall at least.
    controls = page.evaluate(MEASURE_CONTROLS)
    assert {c["type"] for c in controls} >= {"date", "time", "number", "textarea", "radio"}
    small_text = [c for c in controls if c["font"] < 16 and c["type"] not in ("radio", "checkbox")]
    short = [c for c in controls if c["height"] < 44]
    assert small_text == [], small_text
    assert short == [], short
    check_accessibility(page, "phone-375-contact-form")

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Date", exact=True).fill(yesterday.isoformat())
    page.get_by_label("Start time").fill("19:30")
    page.get_by_label("Duration (minutes)").fill("90")
    page.get_by_label("Home visit").check()
    page.get_by_label("Purpose").fill("Evening visit after Sunday's row")
    page.get_by_label("What happened").fill(NOTE)

    # The session ends on the server while the worker is still typing (an hour at the kitchen
    # table): their next submit meets the sign-in page.
    Session.objects.all().delete()
    press_button(page, "Save")
    assert page.url.removeprefix(live_server.url).startswith(LOGIN_PATH)
    assert "What you typed has been kept" in page.locator("main").inner_text()
    assert not Contact.objects.filter(case=world.case).exists()
    screenshot(page, "phone-375-signed-out-note-kept", full_page=False)

    # Signing in again through the real form leads back to the form, filled in.
    page.locator('input[name="username"]').fill(world.key_worker.username)
    page.locator('input[name="password"]').fill(TEST_PASSWORD)
    press_button(page, "Sign in")
    assert page.get_by_role("heading", level=1).inner_text() == "Record a contact"
    assert page.get_by_label("What happened").input_value() == NOTE
    assert page.get_by_label("Start time").input_value() == "19:30"
    assert page.get_by_label("Home visit").is_checked()
    assert "has been put back into the form" in page.locator("main").inner_text()
    screenshot(page, "phone-375-note-put-back", full_page=False)

    press_button(page, "Save")
    [contact] = Contact.objects.filter(case=world.case)
    assert contact.what_happened == NOTE
    assert contact.recorded_by == world.key_worker
    close()


def test_the_timeout_warning_comes_first_and_stay_signed_in_renews_the_session(
    browser, live_server, world, settings
):
    # A session with 3 seconds to go before the warning shows (of a five-minute warning).
    settings.SESSION_COOKIE_AGE = 303
    settings.SESSION_WARNING_SECONDS = 300
    page, close = phone(browser, live_server)
    sign_in_as(page, live_server, world.key_worker)
    page.goto(f"/families/cases/{world.case.pk}/contacts/add/")
    warning = page.locator("#app-timeout-warning")
    warning.wait_for(state="visible", timeout=8000)
    assert "You’re about to be signed out" in warning.inner_text()
    assert "minutes" in warning.inner_text() or "minute" in warning.inner_text()
    check_accessibility(page, "phone-375-timeout-warning")
    screenshot(page, "phone-375-timeout-warning", full_page=False)

    session = Session.objects.get()
    before = session.expire_date
    with page.expect_response(lambda r: r.url.endswith("/accounts/keep-alive/")) as answer:
        page.get_by_role("button", name="Stay signed in").click()
    assert answer.value.status == 200
    warning.wait_for(state="hidden")
    assert Session.objects.get(pk=session.pk).expire_date > before
    close()


def test_typing_in_a_form_renews_the_session(browser, live_server, world, settings):
    settings.KEEP_ALIVE_MIN_SECONDS = 1
    page, close = phone(browser, live_server)
    sign_in_as(page, live_server, world.key_worker)
    page.goto(f"/families/cases/{world.case.pk}/contacts/add/")
    page.wait_for_timeout(1100)  # past the keep-alive's throttle
    with page.expect_request(lambda r: r.url.endswith("/accounts/keep-alive/")):
        page.get_by_label("What happened").type("Mum")
    close()


def test_a_draft_is_saved_as_the_worker_types_and_put_back_when_they_come_back(
    browser, live_server, world, settings
):
    from families.models import FormDraft

    settings.DRAFT_SAVE_SECONDS = 1
    page, close = phone(browser, live_server)
    sign_in_as(page, live_server, world.key_worker)
    url = f"/families/cases/{world.case.pk}/contacts/add/"
    page.goto(url)
    with page.expect_response(lambda r: r.url.endswith("/draft/")) as answer:
        page.get_by_label("What happened").fill(NOTE)
    assert answer.value.status == 200
    assert FormDraft.objects.filter(user=world.key_worker, page=url).exists()

    page.goto(world.case.get_absolute_url())  # away, and back
    page.goto(url)
    assert page.get_by_label("What happened").input_value() == NOTE
    assert page.get_by_role("button", name="Discard the draft").is_visible()
    close()
