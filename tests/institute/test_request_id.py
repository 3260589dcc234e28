"""The request id from nginx is returned and stamped on every log line."""

import io
import json
import logging

import pytest

from institute.log_format import JsonLinesFormatter, RequestIdFilter


@pytest.fixture
def json_log():
    """The JSON lines the site's log handler writes while the test runs."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_request_id_from_nginx_is_returned_and_logged(client, json_log):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="0123456789abcdef")
    assert response["X-Request-ID"] == "0123456789abcdef"
    lines = [line for line in json_log() if line["logger"] == "institute.request"]
    assert lines[-1]["request_id"] == "0123456789abcdef"
    assert lines[-1]["path"] == "/healthz"
    assert lines[-1]["status"] == 200


def test_request_without_id_gets_a_fresh_one(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_malformed_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nInjected: yes")
    assert response["X-Request-ID"] != "bad id\nInjected: yes"
    assert len(response["X-Request-ID"]) == 32


def test_every_log_line_of_a_request_carries_its_id(client, json_log):
    client.get("/", HTTP_HOST="evil.example", HTTP_X_REQUEST_ID="req-42")
    lines = [line for line in json_log() if line["request_id"] == "req-42"]
    loggers = {line["logger"] for line in lines}
    assert "django.security.DisallowedHost" in loggers
    assert "institute.request" in loggers
