"""Checks many test files make the same way: a refused form, a refused request, a page's
query count."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from edgecare.models import AccessLog


def assert_refused_with(response, *messages: str) -> str:
    """The form came back with status 400 and says each message (the house rule for bad input).
    Returns the page, for what a test checks next."""
    assert response.status_code == 400
    page = response.content.decode()
    for message in messages:
        assert message in page, message
    return page


def assert_not_found_and_refusal_logged(client, urls) -> None:
    """Each page answers 404 to this client, and each refusal is written to the access log."""
    for url in urls:
        before = AccessLog.objects.filter(action="refused").count()
        assert client.get(url).status_code == 404, url
        assert AccessLog.objects.filter(action="refused").count() == before + 1, url


def page_query_count(client, url, params=None) -> int:
    """How many queries the page costs (it must answer 200), for the 5-and-50-rows checks."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def assert_shows(response, *phrases: str) -> str:
    """The page answered 200 and says each phrase. Returns the page, for what a test checks next."""
    assert response.status_code == 200
    page = response.content.decode()
    for phrase in phrases:
        assert phrase in page, phrase
    return page
