"""Errors give the site's own pages: no traceback, no server details."""

from django.db import OperationalError
from django.test import RequestFactory

from institute.views import server_error


def test_bad_host_gives_the_sites_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_csrf_failure_gives_the_sites_403_page(db, client, settings):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Not allowed" in html
    assert "Traceback" not in html


def test_unexpected_error_gives_the_500_page_without_details():
    request = RequestFactory().get("/")
    try:
        raise ValueError("secret detail")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "secret detail" not in html


def test_unreachable_database_gives_503_with_retry_after():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "Briefly unavailable" in response.content.decode()
    assert "connection refused" not in response.content.decode()
