"""Error pages need no database, every response carries the security headers (the
Permissions-Policy among them), and ids of any size are a logged 404, never a 500."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from edgecare.models import AccessLog
from edgecare.views import page_not_found, permission_denied, server_error

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Permissions-Policy",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)
HUGE_ID = 99999999999999999999999  # past 64 bits


def assert_security_headers(response):
    missing = [h for h in SECURITY_HEADERS if not response.has_header(h)]
    assert not missing, f"{response.status_code} {response.get('Location', '')}: {missing}"
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def test_during_a_database_outage_the_500_page_still_renders_with_every_security_header(
    world, signed_in
):
    client = signed_in(world.key_worker)
    client.raise_request_exception = False
    with connection.execute_wrapper(database_down):
        response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert_security_headers(response)


@pytest.mark.parametrize("handler", [permission_denied, page_not_found, server_error])
def test_the_error_pages_make_no_database_query(rf, django_assert_num_queries, handler):
    request = rf.get("/somewhere/")
    with django_assert_num_queries(0):
        response = handler(request)
    assert response.status_code in (403, 404, 500)
    assert "govuk-heading-l" in response.content.decode()


def test_the_two_factor_redirects_carry_the_security_headers(world):
    # A manager signed in with a password only is held at the two-factor pages.
    client = Client()
    client.force_login(world.team_manager, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("families:case_list"))
    assert response.status_code == 302
    assert "/accounts/two-factor/" in response["Location"]
    assert_security_headers(response)
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "url",
    [
        reverse("login"),
        reverse("healthz"),
        reverse("home"),  # to sign in
        "/no/such/page/",
    ],
)
def test_every_kind_of_response_carries_the_security_headers(client, url):
    assert_security_headers(client.get(url))


def test_a_signed_in_page_and_a_404_carry_the_security_headers(world, signed_in):
    client = signed_in(world.key_worker)
    assert_security_headers(client.get(reverse("home")))
    assert_security_headers(client.get(reverse("families:case_detail", args=[HUGE_ID])))


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("families:case_detail", {"pk": HUGE_ID}),
        ("families:case_edit", {"pk": HUGE_ID}),
        ("families:family_detail", {"pk": HUGE_ID}),
        ("families:person_edit", {"pk": HUGE_ID, "person_pk": HUGE_ID}),
        ("families:contact_list", {"pk": HUGE_ID}),
        ("plans:versions", {"case_pk": HUGE_ID}),
        ("case_record:pdf", {"pk": HUGE_ID}),
        ("reviews:review_list", {"case_pk": HUGE_ID}),
    ],
)
def test_an_id_of_any_size_is_a_404_with_the_refusal_logged(world, signed_in, name, kwargs):
    client = signed_in(world.key_worker)
    client.raise_request_exception = False
    before = AccessLog.objects.filter(action="refused", user=world.key_worker).count()
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 404
    assert AccessLog.objects.filter(action="refused", user=world.key_worker).count() == before + 1


def test_an_id_past_64_bits_inside_a_case_the_worker_may_see_is_a_404(world, signed_in):
    client = signed_in(world.key_worker)
    client.raise_request_exception = False
    url = reverse("families:contact_detail", kwargs={"pk": world.case.pk, "contact_pk": HUGE_ID})
    assert client.get(url).status_code == 404


def test_the_error_pages_are_drawn_once_but_follow_a_change_of_the_service_name(rf, settings):
    settings.DEBUG = False
    settings.SERVICE_NAME = "Northshire family support"
    first = page_not_found(rf.get("/a/"))
    again = page_not_found(rf.get("/b/"))
    assert first.content == again.content
    assert "Northshire family support" in first.content.decode()
    settings.SERVICE_NAME = "Southshire family support"
    renamed = page_not_found(rf.get("/c/")).content.decode()
    assert "Southshire family support" in renamed
    assert "Northshire" not in renamed
