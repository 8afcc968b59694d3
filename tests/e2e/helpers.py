"""Helpers for the browser tests: sign in through the real form, check accessibility with the
vendored axe-core, save screenshots. Fixtures live in conftest.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.factories import TEST_PASSWORD

REPOSITORY = Path(__file__).resolve().parents[2]
ARTIFACTS = REPOSITORY / "test-artifacts"
AXE_SOURCE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
LOGIN_PATH = "/accounts/login/"
# What the service will not ship: anything axe rates this bad fails the test.
BLOCKING_IMPACTS = ("serious", "critical")


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "page"


TWO_FACTOR_PATH = "/accounts/two-factor/"


def authenticator_for(user):
    """The user's confirmed authenticator (TOTP) device, made if they have none: a manager
    cannot get past sign-in without one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Test authenticator", defaults={"confirmed": True}
    )
    return device


def current_code(device) -> str:
    """A 6-digit code the authenticator app would accept now.

    A code is good once: django-otp refuses a time step at or before the last one used. When
    this device has already used the current step (a second sign-in within 30 seconds), give
    the next step's code, which the device's tolerance of one step accepts, as it would from a
    phone whose clock runs a little ahead. Nothing waits on the clock."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = totp.t()
    if device.last_t is not None and device.last_t >= now:
        totp.time = device.t0 + (device.last_t + 1 - device.drift) * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(
    page, live_server, username: str, password: str = TEST_PASSWORD, *, expect_success=True
):
    """Sign in through the real sign-in form, as a person would, and wait for the next page.
    If the service then asks for a two-factor code and the user has an authenticator (see
    authenticator_for), the current code is entered too. With `expect_success` (the default)
    fail at once, quoting the page's error, if the browser is still held at sign-in."""
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if page.url.removeprefix(live_server.url).startswith(TWO_FACTOR_PATH + "?"):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is not None:
            page.locator('input[name="code"]').fill(current_code(device))
            with page.expect_navigation():
                page.get_by_role("button", name="Continue").click()
    path = page.url.removeprefix(live_server.url)
    if expect_success and path.startswith(("/accounts/login/", "/accounts/two-factor/")):
        summary = page.locator(".govuk-error-summary")
        shown = summary.inner_text() if summary.count() else page.title()
        raise AssertionError(f"Signing in as {username!r} stopped at {path}: {shown}")
    return page


def sign_in_as(page, live_server, user):
    """A shortcut for tests whose subject is not signing in: a session made on the server
    (no form, no throttling, past the second factor, as tests/conftest.py's signed_in does),
    handed to the browser as its session cookie. Journeys about signing in use sign_in()."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
                "httpOnly": True,
                "secure": settings.SESSION_COOKIE_SECURE,
                "sameSite": "Lax",
            }
        ]
    )
    return page


def _load_axe(page) -> None:
    # page.evaluate runs through the DevTools protocol, which the page's Content Security
    # Policy (script-src 'self', no inline script) does not govern; add_script_tag(content=)
    # would be refused by that policy. So the CSP under test stays exactly as served.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))


def _describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node.get('failureSummary', '').strip()}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


def check_accessibility(page, name: str, *, blocking=BLOCKING_IMPACTS) -> dict:
    """Run axe-core (vendored, WCAG 2.x A and AA plus best practice, and the target-size rule)
    on the page as it is now.
    Saves the report as test-artifacts/axe/<name>.json and fails on any violation whose impact
    is in `blocking` (serious or critical), listing rule, help, and the elements at fault.
    Returns the report so a test can look at lesser findings too."""
    _load_axe(page)
    report = page.evaluate(
        """async () => {
            // target-size (WCAG 2.2, 2.5.8) is off in axe by default: on, every control is
            // big enough, or far enough from its neighbours, for a thumb.
            const results = await axe.run(document, {
                resultTypes: ['violations', 'incomplete'],
                rules: {'target-size': {enabled: true}},
            });
            return {
                url: results.url,
                testEngine: results.testEngine,
                violations: results.violations,
                incomplete: results.incomplete,
                passes: results.passes.map(rule => rule.id),
            };
        }"""
    )
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{_safe_name(name)}.json").write_text(json.dumps(report, indent=2), "utf-8")
    failing = [v for v in report["violations"] if v["impact"] in blocking]
    if failing:
        raise AssertionError(
            f"Accessibility ({name}, {report['url']}): {len(failing)} rule(s) broken:\n"
            + _describe(failing)
        )
    return report


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG of the page as test-artifacts/screenshots/<name>.png and return its path."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_safe_name(name)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def record_requests(page) -> list:
    """Start recording every request the page makes (scripts, styles, images, fetches...).
    Returns the list, which fills as the page loads; read it after navigating."""
    requests: list = []
    # Playwright needs a Python function here, not a bound built-in like list.append.
    page.on("request", lambda request: requests.append(request))
    return requests


def record_console_problems(page) -> list[str]:
    """Start recording script errors and Content Security Policy refusals on the page (the
    browser's console is the only place a blocked inline script or style shows). Returns the
    list, which fills as pages load."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP: {message.text}")

    page.on("console", on_console)
    return problems


def elements_wider_than(page, width: int) -> list[str]:
    """The outermost elements that reach past `width` pixels (their parent does not): where to
    look when a page scrolls sideways."""
    return page.evaluate(
        """(width) => {
            const past = el => el.getBoundingClientRect().right > width + 0.5;
            const describe = el => el.tagName.toLowerCase()
                + (el.id ? '#' + el.id : '')
                + [...el.classList].map(c => '.' + c).join('')
                + ` (${Math.round(el.getBoundingClientRect().right)}px)`;
            return [...document.body.querySelectorAll('*')]
                .filter(el => past(el) && !past(el.parentElement))
                .map(describe);
        }""",
        width,
    )


def new_page(browser, live_server, *, width: int = 1280, height: int = 900, **context_options):
    """A page in a browser context of its own (its own cookies: a second person at a second
    computer), held to the same rules as the `page` fixture's. Returns (page, close): call
    close() at the end; it fails the test if the browser reported a script error or a Content
    Security Policy refusal on any page it opened."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        base_url=live_server.url,
        locale="en-GB",
        accept_downloads=True,
        **context_options,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = record_console_problems(page)

    def close():
        context.close()
        if problems:
            raise AssertionError("The browser reported:\n" + "\n".join(problems))

    return page, close


def click_and_wait(page, locator) -> None:
    """Click a link or a submit button and wait for the page it leads to (its HTML: Playwright
    waits for any element a test then uses)."""
    with page.expect_navigation(wait_until="domcontentloaded"):
        locator.click()


def press_button(page, name, *, exact: bool = False) -> None:
    """Press the button a person would read as `name` and wait for the next page."""
    click_and_wait(page, page.get_by_role("button", name=name, exact=exact))


def follow_link(page, name, *, exact: bool = False) -> None:
    """Follow the first link a person would read as `name` and wait for the next page."""
    click_and_wait(page, page.get_by_role("link", name=name, exact=exact).first)


def success_banner(page) -> str:
    """The text of the page's success notification (the GOV.UK notification banner), or ""."""
    banner = page.locator(".govuk-notification-banner--success")
    return banner.inner_text() if banner.count() else ""


def error_summary(page) -> str:
    """The text of the page's error summary, or "" when the page shows none."""
    summary = page.locator(".govuk-error-summary")
    return summary.inner_text() if summary.count() else ""


class screenshot_if_failing:  # noqa: N801 (used like a function, in a with statement)
    """`with screenshot_if_failing(page, name):` saves a screenshot of where a journey
    stopped if anything inside the block fails."""

    def __init__(self, page, name: str):
        self.page, self.name = page, name

    def __enter__(self):
        return self.page

    def __exit__(self, kind, error, traceback):
        if kind is not None and not self.page.is_closed():
            # The test's own failure is the one to report, not a failed screenshot.
            self.page.screenshot(
                path=str(_screenshot_path(self.name)), full_page=True, timeout=5_000
            )
        return False


def _screenshot_path(name: str) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{_safe_name(name)}.png"


def elements_past_the_screen(page, width: int) -> list[str]:
    """Like elements_wider_than, but leaving out what sits inside a region that scrolls
    sideways on its own (overflow-x auto or scroll, e.g. a wide table in a labelled, focusable
    scrolling region): such a region keeps the page itself within the screen. Each element is
    described with the nearest heading above it, to say where on the page it is."""
    return page.evaluate(
        """(width) => {
            const past = el => el.getBoundingClientRect().right > width + 0.5;
            const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
            const positioned = el => getComputedStyle(el).position !== 'static';
            // An absolutely placed element (a visually hidden label, say) is held by a
            // scrolling region only if the region, or something inside it, is its containing
            // block; otherwise it reaches out and widens the page.
            const insideScroller = el => {
                let held = !['absolute', 'fixed'].includes(getComputedStyle(el).position);
                for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                    held = held || positioned(up);
                    if (scrolls(up) && !past(up) && (held || positioned(up))) return true;
                }
                return false;
            };
            const headingBefore = el => {
                const all = [...document.querySelectorAll('h1, h2, h3, caption')];
                const before = all.filter(h => h.compareDocumentPosition(el) & 4);
                return before.length ? before[before.length - 1].innerText.trim().slice(0, 60) : '';
            };
            const describe = el => el.tagName.toLowerCase()
                + (el.id ? '#' + el.id : '')
                + [...el.classList].map(c => '.' + c).join('')
                + ` (${Math.round(el.getBoundingClientRect().right)}px,`
                + ` under "${headingBefore(el)}")`;
            return [...document.body.querySelectorAll('*')]
                .filter(el => past(el) && !insideScroller(el))
                .filter(el => !past(el.parentElement) || insideScroller(el.parentElement))
                .map(describe);
        }""",
        width,
    )
