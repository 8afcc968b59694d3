"""Journeys through the pages that exist today, in a real browser: signing in (by mouse and by
keyboard alone), a key worker's own cases, the team's cases, a refused case, and what every
page must be: accessible, usable at 320 px, self-contained and light."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from edgecare.models import AccessLog
from tests.e2e.helpers import (
    LOGIN_PATH,
    authenticator_for,
    check_accessibility,
    elements_wider_than,
    record_console_problems,
    record_requests,
    screenshot,
    sign_in,
    sign_in_as,
)
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.e2e

# Home page, uncompressed, HTML + CSS + JS: measured at about 200 KB (mostly GOV.UK Frontend's
# stylesheet). Twice that means something heavy crept in.
HOME_PAGE_BUDGET_BYTES = 400 * 1024


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), name: el.getAttribute('name'),
                    id: el.id, text: (el.innerText || el.value || '').trim(),
                    cls: el.className};
        }"""
    )


def test_key_worker_signs_in_and_sees_their_case_under_my_cases(page, live_server, world):
    sign_in(page, live_server, "kw")

    assert page.url == f"{live_server.url}/"
    assert heading(page) == "My cases"
    row = page.get_by_role("row").filter(has_text=world.case.reference)
    assert row.get_by_role("link", name=str(world.case.family)).get_attribute("href") == (
        world.case.get_absolute_url()
    )
    assert page.get_by_role("navigation", name="Main menu").is_visible()


def test_sign_in_page_is_styled_by_the_applications_own_stylesheet(page, live_server):
    requests = record_requests(page)
    page.goto(LOGIN_PATH)

    stylesheet = next(r for r in requests if r.url.endswith("/static/css/edgecare.css"))
    response = stylesheet.response()
    assert response.status == 200
    assert response.header_value("content-type").startswith("text/css")
    header_background = page.locator(".app-header").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert header_background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_sign_in_page_has_no_serious_accessibility_problems(page, live_server):
    page.goto(LOGIN_PATH)
    assert heading(page) == "Sign in"
    check_accessibility(page, "sign-in")


def test_sign_in_error_state_has_no_serious_accessibility_problems(page, live_server, world):
    sign_in(page, live_server, "kw", "not-the-password", expect_success=False)

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "correct username and password" in summary.inner_text().lower()
    assert page.title().startswith("Sign in")
    check_accessibility(page, "sign-in-error")


@pytest.mark.parametrize(
    ("path", "title", "report"),
    [("/", "My cases", "home"), ("/families/cases/", "Team cases", "team-case-list")],
)
def test_signed_in_pages_have_no_serious_accessibility_problems(
    page, live_server, world, path, title, report
):
    sign_in_as(page, live_server, world.key_worker)
    page.goto(path)
    assert heading(page) == title
    check_accessibility(page, report)


def test_first_tab_on_the_sign_in_page_lands_on_the_skip_link(page, live_server):
    page.goto(LOGIN_PATH)

    page.keyboard.press("Tab")

    first = focused(page)
    assert first["text"] == "Skip to main content", (
        f"the first Tab landed on {first}; an autofocused field skips the skip link"
    )


def test_keyboard_alone_goes_from_skip_link_through_the_form_and_signs_in(page, live_server, world):
    page.goto(LOGIN_PATH)
    # Start where a keyboard user starts, at the top of the page, whatever has focus now.
    page.locator(".govuk-skip-link").focus()

    # After the skip link, only the header's link to the home page may come before the form.
    order = []
    for _ in range(5):
        page.keyboard.press("Tab")
        now = focused(page)
        order.append(now["text"] or now["name"])
        if now["text"] == "Sign in":
            break
    assert order[-3:] == ["username", "password", "Sign in"], order
    assert order[:-3] in ([], ["Edge of Care case records"]), order

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("kw")
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert heading(page) == "My cases"


def test_skip_link_moves_focus_to_the_main_content(page, live_server):
    page.goto(LOGIN_PATH)
    page.locator(".govuk-skip-link").focus()

    page.keyboard.press("Enter")

    # Auto-waiting assertions: the URL and focus change arrive as browser events, which a
    # plain read straight after the key press can beat on a busy machine.
    page.wait_for_url("**#main-content")
    expect(page.locator("#main-content")).to_be_focused()


@pytest.mark.parametrize(
    ("path", "name"),
    [(LOGIN_PATH, "sign-in-320"), ("/", "home-320"), ("/families/cases/", "team-case-list-320")],
)
def test_page_fits_a_320_pixel_phone_without_sideways_scrolling(
    phone_page, live_server, world, path, name
):
    if path != LOGIN_PATH:
        sign_in_as(phone_page, live_server, world.key_worker)
    phone_page.goto(path)

    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
    screenshot(phone_page, name)
    assert scroll_width <= 320, (
        f"{path} is {scroll_width}px wide on a 320px screen; reaching past the edge: "
        f"{elements_wider_than(phone_page, 320)}"
    )


def test_no_page_loads_anything_from_outside_the_application(page, live_server, world):
    requests = record_requests(page)
    problems = record_console_problems(page)

    sign_in(page, live_server, "kw")
    page.goto("/families/cases/")
    page.goto("/no-such-page/")

    assert requests, "no requests were recorded"
    outside = [r.url for r in requests if not r.url.startswith(f"{live_server.url}/")]
    assert outside == []
    loaded = {r.url.removeprefix(live_server.url) for r in requests}
    assert {"/static/css/edgecare.css", "/static/js/edgecare.js"} <= loaded
    assert problems == [], "script errors or Content Security Policy refusals"


def test_home_page_weighs_less_than_its_budget(page, live_server, world, record_property):
    sign_in_as(page, live_server, world.key_worker)
    # A cold load: what a worker's phone fetches the first time, not what the cache kept.
    page.context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/")

    sizes = {}
    for response in responses:
        if 300 <= response.status < 400:
            continue  # a redirect has no body
        path = response.url.removeprefix(live_server.url)
        sizes[path] = sizes.get(path, 0) + len(response.body())
    total = sum(sizes.values())
    record_property("home_page_bytes", total)
    print(f"\nHome page weight: {total / 1024:.1f} KB uncompressed")
    for path, size in sorted(sizes.items(), key=lambda item: -item[1]):
        print(f"  {size / 1024:8.1f} KB  {path}")

    assert "/static/css/edgecare.css" in sizes
    assert total < HOME_PAGE_BUDGET_BYTES, sizes


def test_key_worker_of_another_team_typing_the_case_address_gets_page_not_found(
    page, live_server, world
):
    sign_in_as(page, live_server, world.other_team_worker)

    response = page.goto(world.case.get_absolute_url())

    assert response.status == 404
    assert heading(page) == "Page not found"
    assert world.case.reference not in page.content()
    assert str(world.case.family) not in page.content()
    assert AccessLog.objects.filter(
        user=world.other_team_worker, action=AccessLog.Action.REFUSED
    ).exists()
    check_accessibility(page, "page-not-found")


def test_team_manager_signs_in_with_password_and_authenticator_code(page, live_server, world):
    authenticator_for(world.team_manager)

    sign_in(page, live_server, "tm")

    assert heading(page) == "My cases"
    menu = page.get_by_role("navigation", name="Main menu")
    assert menu.get_by_role("link", name="Team cases").is_visible()


def test_two_factor_code_page_has_no_serious_accessibility_problems(page, live_server, world):
    authenticator_for(world.team_manager)
    page.goto(LOGIN_PATH)
    page.get_by_label("Username").fill("tm")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/accounts/two-factor/?**")
    check_accessibility(page, "two-factor-code")


@pytest.mark.parametrize("role", ["key_worker", "team_manager"])
def test_sign_in_as_shortcut_lands_signed_in_for_every_role(page, live_server, world, role):
    sign_in_as(page, live_server, getattr(world, role))

    page.goto("/")

    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("button", name="Sign out").is_visible()
