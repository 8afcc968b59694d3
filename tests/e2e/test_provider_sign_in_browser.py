"""Signing in with the council account in Chromium, through a real OpenID Provider's own page."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import expect

from edgecare import oidc
from edgecare.models import User
from tests.e2e.helpers import LOGIN_PATH, check_accessibility, screenshot
from tests.factories import TeamFactory, UserFactory
from tests.oidc_provider.server import PASSWORD, running_provider

pytestmark = pytest.mark.e2e


@pytest.fixture
def council(live_server, settings):
    with running_provider([live_server.url]) as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        oidc.forget_provider()
        # The provider keeps the machine's real clock; the run's noon clock would expire its
        # tokens and cookies (tests/conftest.py).
        with time_machine.travel(time_machine.escape_hatch.time.time(), tick=True):
            yield running
        oidc.forget_provider()


def test_a_key_worker_signs_in_through_the_councils_sign_in_page(page, live_server, council):
    worker = UserFactory(
        team=TeamFactory(), email="casey.worker@fernbridge.example", first_name="Casey"
    )
    page.goto(LOGIN_PATH)
    check_accessibility(page, "sign-in-with-council-account")
    page.get_by_role("button", name="Sign in with Fernbridge account").click()
    # The provider's own page, on its own address.
    expect(page.get_by_role("heading", name="Fernbridge Borough Council sign-in")).to_be_visible()
    assert page.url.startswith(council.issuer)
    page.get_by_label("Email").fill("casey.worker@fernbridge.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, "signed-in-with-council-account")
    worker.refresh_from_db()
    assert worker.identity_subject == "0f1c2d3e-worker"
    assert worker.last_sign_in_method == User.SignInMethod.PROVIDER


def test_someone_the_service_does_not_know_sees_why_in_the_browser(page, live_server, council):
    page.goto(LOGIN_PATH)
    page.get_by_role("button", name="Sign in with Fernbridge account").click()
    page.get_by_label("Email").fill("sam.stranger@elsewhere.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="You are not signed in")).to_be_visible()
    check_accessibility(page, "council-account-not-set-up")
