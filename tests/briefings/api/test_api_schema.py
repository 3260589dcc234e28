"""Schemathesis against the published OpenAPI schema: requests generated from it
(valid and not) never get a 5xx, and every response conforms to the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from briefings.api.throttling import ClientAddressThrottle


@pytest.fixture
def api_schema(seeded, monkeypatch):
    # Generated requests come from one address, far faster than a reader's.
    monkeypatch.setattr(ClientAddressThrottle, "allow_request", lambda *args: True)
    # The requests go through the WSGI handler, which would close the test's
    # database connection (in its transaction) after each; Django's own test
    # client holds it open the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_generated_requests_get_conforming_answers(case):
    # A schema-valid slug may still name no term (the schema cannot list the
    # vocabularies): the API then answers 400, which the schema documents.
    case.call_and_validate(excluded_checks=[checks.positive_data_acceptance])
