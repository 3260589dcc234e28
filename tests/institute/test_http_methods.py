"""HEAD answers carry no body under gunicorn; methods the site does not use get 405."""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client, RequestFactory

from briefings.importing.writer import ensure_site_structure
from deploy.serve_prod import free_port
from institute.middleware.http_methods import HttpMethodsMiddleware

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gunicorn_port(tmp_path_factory):
    """One gunicorn app server on the test settings; its port. Its sync worker
    writes the response as the deployed ones do (deploy/gunicorn.conf.py).

    Only views that need no database are asked for, so the database is an empty
    SQLite file of its own rather than the test database."""
    run_dir = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    log = run_dir / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "institute.wsgi",
            ],
            cwd=PROJECT_DIR,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "institute.settings.test",
                "DATABASE_URL": f"sqlite:///{run_dir / 'db.sqlite3'}",
            },
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_answering(port, process, log)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=15)


def wait_until_answering(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log.read_text()}")
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass  # Not listening yet.
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer:\n{log.read_text()}")


def get(port: int, path: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def head_as_sent(port: int, path: str) -> tuple[http.client.HTTPResponse, bytes]:
    """The response to HEAD, and every byte the server sent after its headers.

    http.client never reads a body after HEAD, so what follows the headers is
    read from the socket until gunicorn closes the connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("HEAD", path, headers={"Connection": "close"})
        response = connection.getresponse()
        after_headers = response.fp.read()
    finally:
        connection.close()
    return response, after_headers


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/robots.txt", "/healthz"])
def test_head_under_gunicorn_sends_the_headers_of_get_and_no_body(gunicorn_port, path):
    status, headers, body = get(gunicorn_port, path)
    response, after_headers = head_as_sent(gunicorn_port, path)
    assert response.status == status == 200
    assert body
    assert after_headers == b""
    assert response.headers["Content-Length"] == str(len(body))
    assert response.headers["Content-Type"] == headers["Content-Type"]


# `db`: closing a response ends the request, which tidies the database connections.
def test_head_of_a_streaming_response_sends_nothing_and_closes_the_stream(db):
    class Rows:
        closed = False

        def __iter__(self):
            yield b"a,b\n"

        def close(self):
            self.closed = True

    rows = Rows()
    middleware = HttpMethodsMiddleware(lambda request: StreamingHttpResponse(rows))
    response = middleware(RequestFactory().head("/export.csv"))
    assert b"".join(response) == b""
    response.close()  # What the WSGI server does once it has sent the response.
    assert rows.closed


def test_get_keeps_its_body():
    middleware = HttpMethodsMiddleware(lambda request: HttpResponse(b"page"))
    assert middleware(RequestFactory().get("/")).content == b"page"


@pytest.fixture
def site_pages(db):
    """The home page and /briefings/, a page of Wagtail's tree."""
    ensure_site_structure()


@pytest.mark.parametrize("path", ["/challenges/", "/robots.txt", "/briefings/"])
@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH", "CONNECT"])
def test_unused_methods_get_405_before_the_csrf_check(site_pages, method, path):
    response = Client(enforce_csrf_checks=True).generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert response["Content-Type"].startswith("text/plain")
    assert method in response.content.decode()


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_used_methods_still_reach_the_views(db, client, method):
    assert client.generic(method, "/robots.txt").status_code == 200


def test_wagtail_admin_may_still_send_patch(db, client):
    """Wagtail's admin scripts PATCH the hints an editor has dismissed."""
    client.force_login(User.objects.create_superuser("admin", password="x"))
    response = client.patch(
        "/admin/dismissibles/", '{"whats-new": true}', "application/json"
    )
    assert response.status_code == 200
    assert response.json()["whats-new"] is True
