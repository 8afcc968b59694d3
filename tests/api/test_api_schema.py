"""The API's OpenAPI schema is valid, and the API keeps to it: schemathesis asks every operation
with generated input, with a valid token and with none, through the WSGI application. No answer
is a 500, and every answer (its status, content type and body) is the one the schema declares.

Bounded (a few examples per operation) so the module takes well under a minute."""

from __future__ import annotations

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from api.services import create_service_account

pytestmark = pytest.mark.django_db

EXAMPLES = 8


def test_the_generated_schema_is_valid_openapi_3():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on any departure from the OpenAPI 3 specification
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {"/api/v1/cases/", "/api/v1/cases/{id}/", "/api/v1/outcome-report/"} <= paths
    assert schema["components"]["securitySchemes"]["serviceAccountToken"]["scheme"] == "bearer"


def test_the_schema_and_its_documentation_are_served_without_a_cdn_or_inline_script(client):
    assert client.get("/api/v1/schema/").status_code == 200
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html
    assert "<style>" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http://" not in html
    assert "https://" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert b"SwaggerUIBundle" in script.content


@pytest.fixture(autouse=True)
def _connection_kept_across_requests():
    """As Django's test client does: a request through the WSGI application closes the database
    connection at its end (close_old_connections, with CONN_MAX_AGE 0), and with it the test's
    transaction (on PostgreSQL every later query fails: 'connection already closed')."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(world):
    _account, token = create_service_account(
        by=world.administrator,
        name="Schema test feed",
        scope="organisation",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return token


# The schema the application serves at /api/v1/schema/ (made by the same generator, without a
# request, so it can be read when the tests are collected), asked through the WSGI application.
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()

# A filter's cross-field rules (a period of at most 5 years that ends after it starts, a team in
# the account's scope) cannot be said in the schema: such input is a declared 400, not a fault.
# And the filters are as lenient as the pages' (an empty filter is no filter, a limit or offset
# that is not a number gives the first page), so not every input off the schema is a 400.
EXCLUDED = [positive_data_acceptance, negative_data_rejection]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_to_the_schema_with_a_valid_token(case, world, token):
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, excluded_checks=EXCLUDED
    )
    assert response.status_code < 500


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_to_the_schema_and_refuses_without_a_token(case, world):
    response = case.call_and_validate(excluded_checks=EXCLUDED)
    assert response.status_code == 401
