"""Fixtures for the end-to-end tests: the application on a live server, driven by the system's
headless Chromium through Playwright.

- `live_server` (pytest-django, session scope) serves the application and its static files on
  http://localhost:<port>. Any test using it gets `transactional_db`, so data a test creates
  is visible to the server's thread.
- `browser` is one Chromium for all the browser tests; `page` (1280x900) and `phone_page`
  (320x640) are fresh pages in their own browser context (own cookies) for each test.

Helpers (sign_in, sign_in_as, check_accessibility, screenshot, record_requests, ...) are in
helpers.py. Every page a test opens fails the test if the browser reports a script error or a
Content Security Policy refusal.

Cookies: with DEBUG off the session and CSRF cookies are Secure. Chromium treats
http://localhost as a secure context and keeps Secure cookies there, so signing in over the
live server's plain HTTP works with the production cookie settings; nothing is relaxed.

Scope: Playwright's sync API keeps an asyncio event loop running in the main thread while it
is started, and Django refuses ORM calls when it sees a running loop (SynchronousOnlyOperation).
So Playwright lives at package scope (this folder is a package for exactly that reason): it
starts with the first browser test and stops after the last one, and DJANGO_ALLOW_ASYNC_UNSAFE
is set only for that span. Every other test in the suite runs with Django's check intact.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.e2e.helpers import record_console_problems

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium phones home at start-up; on a closed network those connections
    # are refused and the browser stalls.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}

INSTALL_HINT = (
    "The browser tests need Debian's Chromium at {path}.\n"
    "Install it with:  sudo apt-get update && sudo apt-get install -y chromium chromium-driver\n"
    "(or set E2E_CHROMIUM to another Chromium binary; never `playwright install`).\n"
    'To run everything else without them:  ./scripts/test -m "not e2e"'
)


@pytest.fixture(scope="package")
def _playwright():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(INSTALL_HINT.format(path=CHROMIUM), pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "The browser tests need Playwright for Python: .venv/bin/pip install -e '.[test]'",
            pytrace=False,
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        yield playwright
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=shutil.which(CHROMIUM) or CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def _new_page(browser, live_server, viewport, **context_options):
    context = browser.new_context(
        viewport=viewport, base_url=live_server.url, locale="en-GB", **context_options
    )
    # A slow page fails in seconds, not after Playwright's 30 s default.
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page, record_console_problems(page)


def _close(context, problems):
    context.close()
    # Every page any browser test opens is held to the Content Security Policy and must run
    # its scripts without error: a refused inline script only ever shows in the console.
    if problems:
        pytest.fail("The browser reported:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(browser, live_server):
    """A fresh desktop-sized page (1280x900) with its own cookies; `page.goto("/")` works
    because the context's base URL is the live server."""
    context, page, problems = _new_page(browser, live_server, DESKTOP)
    yield page
    _close(context, problems)


@pytest.fixture
def phone_page(browser, live_server):
    """A fresh page as wide as the narrowest phone we support (320x640)."""
    context, page, problems = _new_page(browser, live_server, PHONE, is_mobile=True, has_touch=True)
    yield page
    _close(context, problems)
