"""One rule for where a request came from: the sign-in throttle and the access log both use it."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from edgecare.access import client_address
from edgecare.models import AccessLog
from tests.factories import TEST_PASSWORD

BALANCER = "10.0.1.5"
PERSON = "203.0.113.7"
SPOOFED = "198.51.100.66"


def request_from(forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": BALANCER}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


def test_with_no_proxy_declared_the_connection_address_is_used_and_the_header_ignored(settings):
    settings.AXES_IPWARE_PROXY_COUNT = None
    assert client_address(request_from()) == BALANCER
    assert client_address(request_from(PERSON)) == BALANCER


def test_behind_one_proxy_the_address_it_forwarded_is_used(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_address(request_from(PERSON)) == PERSON


def test_behind_one_proxy_addresses_the_client_added_to_the_header_are_not_believed(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_address(request_from(f"{SPOOFED}, {PERSON}")) == PERSON
    assert client_address(request_from(f"1.2.3.4, {SPOOFED}, {PERSON}")) == PERSON


def test_behind_two_proxies_the_second_from_the_right_is_the_client(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 2
    assert client_address(request_from(f"{SPOOFED}, {PERSON}, 10.0.0.2")) == PERSON


def test_a_request_that_did_not_come_through_the_proxies_gets_its_connection_address(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_address(request_from()) == BALANCER
    assert client_address(request_from("not-an-address")) == BALANCER


@pytest.mark.django_db
def test_the_throttle_locks_the_person_not_everyone_behind_the_balancer(client, world, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "kw", "password": "wrong-password-here"},
            REMOTE_ADDR=BALANCER,
            HTTP_X_FORWARDED_FOR=f"{SPOOFED}, {PERSON}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PERSON}
    colleague = client.post(
        reverse("login"),
        {"username": "kw", "password": TEST_PASSWORD},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert colleague.status_code == 302  # the same username from another desk still works


@pytest.mark.django_db
def test_the_access_log_records_the_person_not_the_balancer(signed_in, world, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    client = signed_in(world.key_worker)
    client.get(
        reverse("families:case_detail", args=[world.case.pk]),
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=f"{SPOOFED}, {PERSON}",
    )
    assert AccessLog.objects.filter(case_id=world.case.pk).latest("pk").ip_address == PERSON
