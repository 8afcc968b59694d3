"""Hostile input on the main forms: never a 500, never stored markup rendered unescaped, and a
clear message when something is refused.

Every form is filled as the page renders it (tests/security/form_filler.py), so a field added
later is covered without changing this test.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass
from urllib.parse import urljoin

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edgecare.forms import TEXT_LIMITS
from tests.security import test_url_permission_matrix as matrix
from tests.security.form_filler import fill, main_form
from tests.security.test_url_permission_matrix import OK, PAGES, user_for

pytestmark = pytest.mark.django_db

# The URL matrix's records (a case with one of everything on it), as a fixture here too.
matrix_records = matrix.records

SCRIPT = "<script>alert('x')</script>"
HOSTILE = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "Robert'); DROP TABLE families_case;--",
    "' OR '1'='1",
    "\u202eevil\u202c right-to-left override",
    "Zoë Ní Bhriain – Łukasz 李小龍 🙂",
    "tab\tand\nnew line\r\nand bell\x07",
    "null\x00byte",
    "x" * 5000,
    "{{ request.user.password }} {% debug %}",
    "../../etc/passwd",
    "",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(min_size=0, max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50).map(
        lambda s: f"{SCRIPT}{s}"
    ),
)

# Fewer examples per form than the 13 hand-listed forms had (12): the walk covers every form,
# and the fixed hostile strings come first.
WALK = settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


# Who opens each form: the first of these the URL matrix says gets the page.
OPENERS = ("key_worker", "team_manager", "administrator")
TEXT_KINDS = ("text", "textarea", "search")
# Longer than any free-text field takes (edgecare.forms.TEXT_LIMITS).
OVER_EVERY_LIMIT = "x" * (TEXT_LIMITS["narrative"] + 1)


@dataclass
class FormPage:
    name: str
    url: str
    opener: str
    posts_elsewhere: bool


def form_pages(world, records) -> list[FormPage]:
    """Every page the URL resolver defines that shows a form with free text, found by opening
    each page (as the URL matrix declares it) as someone who may use it."""
    pages = []
    for name, page in sorted(PAGES.items()):
        if page.method != "get":
            continue
        opener = next((role for role in OPENERS if page.expected[role] == OK), None)
        if opener is None:
            continue
        kwargs = page.kwargs(records) if page.kwargs else {}
        url = reverse(name, kwargs=kwargs) + (page.query(records) if page.query else "")
        response = client_for(world, opener).get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        try:
            form = main_form(response.content.decode())
        except AssertionError:  # the page has no form
            continue
        if any(f.kind in TEXT_KINDS for f in form.fields):
            pages.append(FormPage(name, url, opener, form.action not in ("", url)))
    return pages


def verified(client, user):
    """Past the second factor, as the conftest's signed_in does."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Test authenticator", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


class FormGone(Exception):
    """The page no longer offers its form: a one-time form (re-opening a case, a follow-up
    check) that an earlier example saved."""


def post_hostile(client, url: str, text: str):
    page = client.get(url)
    if page.status_code != 200:
        raise FormGone(f"{url}: {page.status_code}")
    try:
        form = main_form(page.content.decode())
    except AssertionError as error:
        raise FormGone(f"{url}: {error}") from error
    data = fill(form, text, day=timezone.localdate() - datetime.timedelta(days=1))
    # The page's form may post elsewhere (a closure's page posts its withdrawal).
    return client.post(urljoin(url, form.action) if form.action else url, data)


def assert_rendered_safely(response, text: str):
    body = response.content.decode()
    assert response.status_code < 500
    if SCRIPT in text:
        assert SCRIPT not in body, "stored markup was rendered unescaped"


def check_hostile_text(client, url: str, text: str) -> None:
    response = post_hostile(client, url, text)
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code in (200, 400):
        # Refused: the page says why, in the error summary.
        assert "There is a problem" in response.content.decode()
        assert_rendered_safely(response, text)
    else:
        # Saved: wherever it shows, it shows as text.
        shown = client.get(response["Location"])
        assert_rendered_safely(shown, text)


def hostile_property(client, url: str):
    @WALK
    @given(text=hostile_text)
    def check(text):
        # FormGone: saved once already, by an earlier example; nothing more to post.
        with contextlib.suppress(FormGone):
            check_hostile_text(client, url, text)

    return check


def client_for(world, role: str) -> Client:
    client = Client()
    user = user_for(world, role)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    verified(client, user)
    return client


# Forms the walk must find at least: it found this many when it was written; fewer means a
# page stopped being reachable to the walk, not that forms went away.
FORMS_FOUND_WHEN_WRITTEN = 58


def test_hostile_text_never_breaks_any_form_or_renders_as_markup(world, matrix_records):
    """Every form of the application (walked, not listed). First, text longer than any limit
    is refused on every form with the error summary, keeping what was typed (nothing is saved,
    so every form is still there for the second pass). Then hostile text on every form is saved
    as text or refused with a message, never a 500, never rendered as markup."""
    pages = form_pages(world, matrix_records)
    assert len(pages) >= FORMS_FOUND_WHEN_WRITTEN, [p.name for p in pages]
    wrong = []
    for page in pages:
        client = client_for(world, page.opener)
        try:
            response = post_hostile(client, page.url, OVER_EVERY_LIMIT)
            body = response.content.decode()
            assert response.status_code == 400, f"{response.status_code}: not refused"
            assert "There is a problem" in body
            assert "characters or fewer" in body
            assert OVER_EVERY_LIMIT in body, "the typed text was not kept"
        except (AssertionError, FormGone) as error:
            wrong.append(f"{page.name} ({page.url}), too long: {error}")
    # Forms that post to another address (withdrawing a closure, re-opening a case) change the
    # record the other forms are on: they go last.
    for page in sorted(pages, key=lambda p: p.posts_elsewhere):
        try:
            hostile_property(client_for(world, page.opener), page.url)()
        except AssertionError as error:
            wrong.append(f"{page.name} ({page.url}), hostile text: {error}")
    assert not wrong, f"{len(wrong)} of {len(pages)} forms:\n" + "\n".join(wrong)


def test_a_null_byte_is_refused_with_a_message_not_a_database_error(world, signed_in):
    client = signed_in(world.key_worker)
    url = reverse("families:contact_add", args=[world.case.pk])
    response = post_hostile(client, url, "null\x00byte")
    assert response.status_code in (200, 400)
    assert "Null characters are not allowed" in response.content.decode()


def test_a_very_long_name_is_refused_with_a_message(world, signed_in):
    client = signed_in(world.key_worker)
    url = reverse("families:family_edit", args=[world.case.family_id])
    response = post_hostile(client, url, "x" * 5000)
    assert response.status_code in (200, 400)
    assert "must be 120 characters or fewer" in response.content.decode()
