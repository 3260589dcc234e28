"""The production stack for real: nginx, then Varnish, in front of two gunicorn
app servers on loopback, sharing a PostgreSQL database made for the run and Redis.

Skipped on a laptop without nginx; fails in CI, which installs it. Restarting the
shared PostgreSQL server is only done when INSTITUTE_TEST_PG_RESTART=1 (CI sets
it): it would break anyone else's tests running against that server.
"""

import gzip
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import IO

import psycopg
import pytest
from psycopg import sql

from deploy.serve_prod import NGINX, VARNISHD, ProductionStack, StackConfig, free_port
from tests.support.browser import browser, require  # noqa: F401  (the Chromium fixture)
from tests.support.smtp import SMTPServer, text_of
from tests.support.stack_client import Client, csrf_token

VARNISHSTAT = shutil.which("varnishstat") or "/usr/bin/varnishstat"

pytestmark = pytest.mark.slow

# Playwright's sync API (the browser tests below) leaves an event loop running in
# the test thread for the rest of the session, which Django's ORM would refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PROJECT_DIR = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get(
    "INSTITUTE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432"
)
PG_CLUSTER = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main"]
REDIS_URL = os.environ.get("INSTITUTE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
EDITOR = {"username": "editor", "password": secrets.token_urlsafe(16)}
# What the page caches promise: a change is visible to readers within this time.
PROMISED_SECONDS = 1
# Varnish keeps a page this long before it is stale (then served from grace while
# it is fetched again, or for a day when the app is down): short here, so that
# the fault tests meet stale pages.
SHARED_CACHE_SECONDS = 4


def admin_sql(statement, params=()):
    """Run a statement on the server's maintenance database (create/drop)."""
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        cursor = connection.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def database_rows(database_url: str, query: str, params=()) -> list[tuple]:
    with psycopg.connect(database_url) as connection:
        return connection.execute(query, params).fetchall()


def create_database(name: str) -> str:
    admin_sql(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{POSTGRES}/{name}"


def drop_database(name: str) -> None:
    admin_sql(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )


def forget_cache(*, prefix: str) -> None:
    """Delete this run's keys from the shared Redis (the generation never expires)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)


@pytest.fixture(scope="module")
def smtp():
    """The SMTP server on loopback the stack sends its mail to."""
    server = SMTPServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def stack(smtp):
    """The stack, started once for this module, with the seed content and an editor."""
    require(NGINX, "nginx")
    require(VARNISHD, "varnish")
    require("/usr/bin/openssl", "openssl")
    name = f"test_production_{secrets.token_hex(4)}"
    database_url = create_database(name)
    # Not under pytest's private temporary folder: nginx's workers, which run as
    # another user when the tests run as root, must read the static files.
    run_dir = Path(tempfile.mkdtemp(prefix=f"institute-{name}-"))
    config = StackConfig(
        database_url=database_url,
        redis_url=REDIS_URL,
        run_dir=run_dir,
        cache_key_prefix=name,
        https_port=free_port(),
        smtp_port=smtp.port,
        # The tests run the timers' commands themselves.
        timer_seconds=3600,
        extra_env={
            "SHARED_CACHE_SECONDS": str(SHARED_CACHE_SECONDS),
            # Off by default behind Varnish; on here, so that both layers are
            # held to the same promise (as where several caches share Redis).
            "PAGE_CACHE_SECONDS": "600",
        },
    )
    running = ProductionStack(config)
    try:
        running.prepare()
        running.manage(
            "createsuperuser",
            "--noinput",
            "--username",
            EDITOR["username"],
            "--email",
            "editor@example.org",
            env={"DJANGO_SUPERUSER_PASSWORD": EDITOR["password"]},
        )
        running.start()
        yield running
    finally:
        running.stop()
        drop_database(name)
        forget_cache(prefix=name)
        if not os.environ.get("INSTITUTE_TEST_KEEP_STACK"):
            shutil.rmtree(run_dir, ignore_errors=True)


def reader(stack) -> Client:
    return Client(port=stack.config.https_port)


@dataclass
class Load:
    """The load client's process and the file it writes its lines to."""

    process: subprocess.Popen
    output: IO[str]

    def send_signal(self, signum: int) -> None:
        self.process.send_signal(signum)


def run_load(stack, *, seconds: float, paths: list[str], threads: int = 4) -> Load:
    """Start the load client as a second process; return it (read with `results`).
    Its lines go to a file, not a pipe: a pipe nobody reads fills in a few
    seconds and stops the load while the test goes on."""
    output = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed by results)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.load_client",
            str(stack.config.https_port),
            str(seconds),
            str(threads),
            *paths,
        ],
        cwd=PROJECT_DIR,
        stdout=output,
        text=True,
    )
    return Load(process, output)


def results(load: Load) -> list[dict]:
    load.process.wait(timeout=120)
    with load.output:
        load.output.seek(0)
        return [json.loads(line) for line in load.output.read().splitlines()]


def failures(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["status"] != 200]


def restore_app_servers(stack, indexes) -> None:
    """Start these app servers again (all at once), once they have stopped."""
    stack.stop_apps(indexes)
    for index in indexes:
        stack.start_app(index)
    for index in indexes:
        wait_until_serving(stack, index)


def wait_until_serving(stack, index: int) -> None:
    """Until the app server answers and Varnish sends readers to it again."""
    stack.wait_for(f"http://127.0.0.1:{stack.config.app_ports[index]}/healthz")
    wait_until_varnish_sends_to(stack, index)


def wait_until_varnish_sends_to(stack, index: int, *, seconds: float = 15) -> None:
    """Until Varnish's probe finds the app server healthy again (2 of its last 3
    answers, `deploy/render_varnish.py`): before then, a fault of the other one
    (the next test's) would leave readers no app server at all."""
    deadline = time.monotonic() + seconds
    while True:
        report = subprocess.run(
            [VARNISHSTAT, "-n", str(stack.run_dir / "varnish/state"), "-j",
             "-f", f"VBE.*.app{index}.happy"],
            capture_output=True, text=True, timeout=10, check=True,
        )  # fmt: skip
        stats = json.loads(report.stdout)
        happy = [
            counter["value"]
            for counter in stats.get("counters", stats).values()
            if isinstance(counter, dict) and "value" in counter
        ]
        # A bit a probe, the latest lowest.
        if happy and (happy[-1] & 0b111).bit_count() >= 2:
            return
        assert time.monotonic() < deadline, f"Varnish never took app server {index}"
        time.sleep(0.2)


# -- what a reader and an editor see --------------------------------------------


def test_pages_come_through_nginx_with_security_headers(stack):
    client = reader(stack)
    for path in ["/", "/briefings/", "/challenges/", "/participants/"]:
        response = client.get(path)
        assert response.status == 200, path
    response = client.get("/briefings/")
    headers = response.headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    # No version banners: nginx names itself only, gunicorn not at all.
    assert headers["Server"] == "nginx"
    assert "gunicorn" not in str(headers).lower()


def test_request_id_from_nginx_reaches_the_app_log(stack):
    response = reader(stack).get("/challenges/")
    request_id = response.header("X-Request-ID")
    time.sleep(0.3)
    logs = "".join((stack.run_dir / f"app-{index}.log").read_text() for index in (0, 1))
    lines = [json.loads(line) for line in logs.splitlines() if request_id in line]
    assert any(line["logger"] == "institute.request" for line in lines)
    assert all(line["request_id"] == request_id for line in lines)
    access = (stack.run_dir / "nginx-access.log").read_text()
    assert request_id in access


def test_pages_are_compressed_for_browsers_that_accept_it(stack):
    response = reader(stack).get("/briefings/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"Briefings" in gzip.decompress(response.body)


def test_static_files_are_served_by_nginx_with_long_cache(stack):
    html = reader(stack).get("/").text
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the stylesheet's name carries its hash"
    response = reader(stack).get(stylesheet.group(1))
    assert response.status == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    # Served by nginx itself: the app would have added its request id.
    assert "X-Request-ID" not in response.headers


def test_original_images_and_documents_are_not_served_directly(stack):
    media = stack.run_dir / "media"
    for folder, name in [("original_images", "photo.jpg"), ("documents", "a.pdf")]:
        (media / folder).mkdir(parents=True, exist_ok=True)
        (media / folder / name).write_bytes(b"private")
        response = reader(stack).get(f"/media/{folder}/{name}")
        assert response.status == 403
        assert b"private" not in response.body


def test_unknown_host_gets_no_answer(stack):
    import http.client

    for client in [
        Client(port=stack.config.https_port, host="evil.example"),
        Client(port=stack.config.http_port, tls=False, host="evil.example"),
    ]:
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            client.get("/")


def test_plain_http_redirects_to_https(stack):
    response = Client(port=stack.config.http_port, tls=False).get("/briefings/?x=1")
    assert response.status == 301
    assert response.headers["Location"] == (
        f"https://localhost:{stack.config.https_port}/briefings/?x=1"
    )


def log_in(client: Client) -> None:
    form = client.get("/admin/login/")
    assert form.status == 200
    response = client.post_form(
        "/admin/login/",
        {"csrfmiddlewaretoken": csrf_token(form.text), **EDITOR, "next": "/admin/"},
        referer_path="/admin/login/",
    )
    assert response.status == 302, response.text[:500]
    assert response.headers["Location"] == "/admin/"


def test_admin_login_through_the_proxy_with_secure_cookies(stack):
    client = reader(stack)
    log_in(client)
    session = next(c for c in client.set_cookie_headers if c.startswith("sessionid="))
    for flag in ["Secure", "HttpOnly", "SameSite=Lax"]:
        assert flag in session
    csrf = next(c for c in client.set_cookie_headers if c.startswith("csrftoken="))
    assert "Secure" in csrf
    dashboard = client.get("/admin/")
    assert dashboard.status == 200
    assert "private" in dashboard.headers["Cache-Control"]
    assert "'unsafe-inline'" in dashboard.headers["Content-Security-Policy"]


def test_editor_change_on_one_app_server_is_seen_on_both(stack):
    app_a, app_b = (
        Client(port=port, tls=False, host="localhost")
        for port in stack.config.app_ports
    )
    proto = {"X-Forwarded-Proto": "https"}
    challenge_id, name, slug, sort_order = database_rows(
        stack.config.database_url,
        "SELECT id, name, slug, sort_order FROM briefings_challenge"
        " ORDER BY id LIMIT 1",
    )[0]
    briefing_id, briefing_path = database_rows(
        stack.config.database_url,
        "SELECT p.id, p.url_path FROM wagtailcore_page p JOIN briefings_briefingpage b"
        " ON b.page_ptr_id = p.id WHERE p.live ORDER BY p.id LIMIT 1",
    )[0]
    briefing_url = "/" + briefing_path.split("/", 2)[2]
    # Readers have the pages cached.
    for client in (reader(stack), app_a, app_b):
        assert name in client.get("/challenges/", headers=proto).text
        assert client.get(briefing_url, headers=proto).status == 200

    editor = Client(port=stack.config.app_ports[0], tls=False, host="localhost")
    editor_headers = proto
    form = editor.get("/admin/login/", headers=editor_headers)
    login = editor.request(
        "POST",
        "/admin/login/",
        body=_form({"csrfmiddlewaretoken": csrf_token(form.text), **EDITOR}),
        headers=_post_headers(editor, "/admin/login/") | editor_headers,
    )
    assert login.status == 302
    edit_path = f"/admin/snippets/briefings/challenge/edit/{challenge_id}/"
    edit_form = editor.get(edit_path, headers=editor_headers)
    new_name = f"{name} (renamed {secrets.token_hex(3)})"
    saved = editor.request(
        "POST",
        edit_path,
        body=_form(
            {
                "csrfmiddlewaretoken": csrf_token(edit_form.text),
                "name": new_name,
                "slug": slug,
                "description": "",
                "sort_order": sort_order,
            }
        ),
        headers=_post_headers(editor, edit_path) | editor_headers,
    )
    assert saved.status == 302, saved.text[:1000]
    unpublish_path = f"/admin/pages/{briefing_id}/unpublish/"
    unpublish_form = editor.get(unpublish_path, headers=editor_headers)
    unpublished = editor.request(
        "POST",
        unpublish_path,
        body=_form({"csrfmiddlewaretoken": csrf_token(unpublish_form.text)}),
        headers=_post_headers(editor, unpublish_path) | editor_headers,
    )
    assert unpublished.status == 302, unpublished.text[:1000]
    changed_at = time.monotonic()

    def everyone_sees_it() -> bool:
        for client in (reader(stack), reader(stack), app_a, app_b):
            if new_name not in client.get("/challenges/", headers=proto).text:
                return False
            if client.get(briefing_url, headers=proto).status != 404:
                return False
        return True

    while not everyone_sees_it():
        assert time.monotonic() - changed_at < PROMISED_SECONDS
        time.sleep(0.2)


def _form(fields: dict) -> bytes:
    from urllib.parse import urlencode

    return urlencode(fields).encode()


def _post_headers(client: Client, path: str) -> dict:
    origin = f"https://{client._host_header()}"
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": origin,
        "Referer": origin + path,
    }


def csp_violations(page, url: str) -> list[str]:
    """Console messages about the Content-Security-Policy while `url` loads."""
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return [text for text in messages if "Content Security Policy" in text]


@pytest.mark.browser
def test_readers_pages_work_under_the_strict_policy(stack, browser):  # noqa: F811
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    base = stack.config.base_url
    briefing = re.search(
        r'href="(/briefings/[a-z0-9-]+/)"', reader(stack).get("/").text
    )
    for path in ["/", "/briefings/", briefing.group(1), "/challenges/", "/nope/"]:
        assert csp_violations(page, base + path) == [], path
    # The stylesheet applied: the policy did not block it.
    colour = page.eval_on_selector("body", "el => getComputedStyle(el).color")
    assert colour == "rgb(29, 35, 48)"
    context.close()


@pytest.mark.browser
def test_wagtail_admin_works_under_its_policy(stack, browser):  # noqa: F811
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    base = stack.config.base_url
    page.goto(base + "/admin/login/")
    page.fill("#id_username", EDITOR["username"])
    page.fill("#id_password", EDITOR["password"])
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")
    briefing_id, briefing_path = database_rows(
        stack.config.database_url,
        "SELECT p.id, p.url_path FROM wagtailcore_page p JOIN briefings_briefingpage b"
        " ON b.page_ptr_id = p.id WHERE p.live ORDER BY p.id DESC LIMIT 1",
    )[0]
    for path in [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{briefing_id}/edit/",
        "/admin/snippets/briefings/challenge/",
        "/admin/images/",
        "/admin/documents/",
        "/" + briefing_path.split("/", 2)[2],  # with the userbar
    ]:
        assert csp_violations(page, base + path) == [], path
    # The page editor's scripts ran: its StreamField controls are on the page.
    page.goto(base + f"/admin/pages/{briefing_id}/edit/")
    page.wait_for_selector("[data-streamfield-stream-container]", timeout=10_000)
    context.close()


# -- a briefing taken away, for every reader --------------------------------------

# Asks of each kind (page, BibTeX, home page, ...) per reader and round: with
# nginx's share, some two dozen requests an app server, so both of its workers
# almost always answer (a round where one did not is asked again).
READS_PER_ROUND = 4
# How long a round may go on finding a worker that answered nothing.
ROUNDS_SECONDS = 30


@dataclass
class ListedBriefing:
    """A live briefing as readers meet it: its card on the home page, its page."""

    pk: int
    title: str
    url: str
    challenge: str

    def asks(self) -> list[tuple[str, str]]:
        """What a reader asks for that shows the briefing: (what, path)."""
        return [
            ("page", self.url),
            ("bibtex", f"{self.url}bibtex/"),
            ("home", "/"),
            ("listing", f"/briefings/?challenge={self.challenge}&sort=oldest"),
            ("theme", f"/challenges/{self.challenge}/"),
            ("feed", "/briefings/feed/"),
            ("sitemap", "/sitemap.xml"),
        ]

    def shown_on(self, what: str, response) -> bool:
        """Whether `response` to the ask `what` shows the briefing: its text, its
        BibTeX entry, its address (the sitemap) or its card or item."""
        if response.status != 200:
            return False
        if what == "page":
            return f"<h1>{escape(self.title)}</h1>" in response.text
        if what == "bibtex":
            content_type = response.header("Content-Type") or ""
            return content_type.startswith("application/x-bibtex")
        if what == "sitemap":
            return f"{self.url}</loc>" in response.text
        return escape(self.title) in response.text


def briefing_on_the_home_page(stack) -> ListedBriefing:
    """The first briefing whose card the home page shows (one no earlier test has
    taken away)."""
    html = reader(stack).get("/").text
    slug = re.search(r'class="card__title"><a href="/briefings/([a-z0-9-]+)/"', html)
    assert slug, "a briefing card on the home page"
    pk, title, challenge = database_rows(
        stack.config.database_url,
        "SELECT p.id, p.title, min(c.slug) FROM wagtailcore_page p"
        " JOIN briefings_briefingpage_challenges t ON t.briefingpage_id = p.id"
        " JOIN briefings_challenge c ON c.id = t.challenge_id"
        " WHERE p.live AND p.slug = %s GROUP BY p.id, p.title",
        [slug.group(1)],
    )[0]
    return ListedBriefing(
        pk=pk, title=title, url=f"/briefings/{slug.group(1)}/", challenge=challenge
    )


def every_reader(stack) -> dict[str, Client]:
    """Readers through nginx and Varnish and, as Varnish asks them, on each app
    server."""
    readers = {"nginx and Varnish": reader(stack)}
    for index, port in enumerate(stack.config.app_ports):
        readers[f"app server {index}"] = Client(port=port, tls=False, host="localhost")
    return readers


def app_workers(stack, index: int) -> set[int]:
    """The process ids of an app server's gunicorn workers."""
    pid = stack.apps[index].pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return {int(child) for child in children.split()}


def worker_log_bytes(stack) -> dict[str, int]:
    """Bytes each gunicorn worker has written: every request it answers logs a
    line (institute.request), so it grows only for the workers that answered."""
    written = {}
    for index in stack.apps:
        for pid in app_workers(stack, index):
            io = Path(f"/proc/{pid}/io").read_text()
            wchar = re.search(r"^wchar: (\d+)$", io, re.MULTILINE)
            written[f"app server {index}, worker {pid}"] = int(wchar.group(1))
    return written


def ask_every_reader(stack, briefing: ListedBriefing):
    """One round: every reader asks READS_PER_ROUND times for the briefing's page,
    its BibTeX and the home page. Returns where and when (monotonic) it still
    showed, and the workers that answered none of the round's requests."""
    before = worker_log_bytes(stack)
    shown = []
    for name, client in every_reader(stack).items():
        for _ in range(READS_PER_ROUND):
            for what, path in briefing.asks():
                asked_at = time.monotonic()
                response = client.get(path, headers={"X-Forwarded-Proto": "https"})
                if briefing.shown_on(what, response):
                    shown.append((asked_at, f"{name}: {what} {path}"))
    after = worker_log_bytes(stack)
    idle = [worker for worker, count in before.items() if after.get(worker) == count]
    return shown, idle


def cache_for_every_reader(stack, briefing: ListedBriefing) -> None:
    """Ask until every worker has served the briefing's page, BibTeX and the home
    page, so each has them cached (the pages in Redis, what it keeps itself per
    content generation in its memory); all show the briefing."""
    every_ask = len(every_reader(stack)) * READS_PER_ROUND * len(briefing.asks())
    deadline = time.monotonic() + ROUNDS_SECONDS
    while True:
        shown, idle = ask_every_reader(stack, briefing)
        assert len(shown) == every_ask, "every ask shows it before the change"
        if not idle:
            break
        assert time.monotonic() < deadline, f"never answered: {idle}"
    for name, client in every_reader(stack).items():
        if not name.startswith("app server"):
            continue  # Varnish keeps the app's X-Cache of the time it fetched.
        for path in (briefing.url, "/"):
            page = client.get(path, headers={"X-Forwarded-Proto": "https"})
            assert page.header("X-Cache") == "hit", path
    # Varnish holds every one of them, so that what follows is a test of its
    # purges and bans, not of its misses.
    for what, path in briefing.asks():
        held = reader(stack).get(path)
        assert held.header("X-HTTP-Cache") == "hit", (what, path)


def assert_gone_for_every_reader(stack, briefing, *, changed_at: float) -> None:
    """Poll every reader until a whole round, answered by every worker, shows the
    briefing nowhere; fail on any sight of it later than PROMISED_SECONDS after
    `changed_at` (monotonic)."""
    deadline = time.monotonic() + ROUNDS_SECONDS
    while True:
        shown, idle = ask_every_reader(stack, briefing)
        late = [
            f"{where} after {at - changed_at:.2f} s"
            for at, where in shown
            if at - changed_at > PROMISED_SECONDS
        ]
        assert late == [], f"still shown {PROMISED_SECONDS} s after the change"
        if not shown and not idle:
            return
        assert time.monotonic() < deadline, f"never answered: {idle}"


def test_expiry_by_publish_scheduled_reaches_every_reader_within_a_second(stack):
    briefing = briefing_on_the_home_page(stack)
    cache_for_every_reader(stack, briefing)
    database_rows(
        stack.config.database_url,
        "UPDATE wagtailcore_page SET expire_at = now() - interval '1 minute'"
        " WHERE id = %s RETURNING id",
        [briefing.pk],
    )
    # The timer's command: a process of its own, like on a server.
    stack.manage("publish_scheduled")
    changed_at = time.monotonic()
    [(live, expired)] = database_rows(
        stack.config.database_url,
        "SELECT live, expired FROM wagtailcore_page WHERE id = %s",
        [briefing.pk],
    )
    assert (live, expired) == (False, True)
    assert_gone_for_every_reader(stack, briefing, changed_at=changed_at)


def test_unpublish_in_the_admin_reaches_every_reader_within_a_second(stack):
    briefing = briefing_on_the_home_page(stack)
    cache_for_every_reader(stack, briefing)
    editor = reader(stack)
    log_in(editor)
    path = f"/admin/pages/{briefing.pk}/unpublish/"
    form = editor.get(path)
    unpublished = editor.post_form(
        path, {"csrfmiddlewaretoken": csrf_token(form.text)}, referer_path=path
    )
    assert unpublished.status == 302, unpublished.text[:1000]
    changed_at = time.monotonic()
    assert_gone_for_every_reader(stack, briefing, changed_at=changed_at)


def set_password_in_the_admin(stack, pk: int) -> None:
    """Give the page a password in the admin's privacy dialog, as an editor."""
    editor = reader(stack)
    log_in(editor)
    path = f"/admin/pages/{pk}/privacy/"
    # The privacy dialog: its form comes as HTML inside JSON (a modal workflow).
    dialog = json.loads(editor.get(path).body)["html"]
    saved = editor.post_form(
        path,
        {
            "csrfmiddlewaretoken": csrf_token(dialog),
            "restriction_type": "password",
            "password": secrets.token_urlsafe(12),
        },
        referer_path=path,
    )
    assert saved.status == 200, saved.text[:1000]
    assert json.loads(saved.body)["step"] == "set_privacy_done"


def test_privacy_set_in_the_admin_reaches_every_reader_within_a_second(stack):
    briefing = briefing_on_the_home_page(stack)
    cache_for_every_reader(stack, briefing)
    set_password_in_the_admin(stack, briefing.pk)
    changed_at = time.monotonic()
    assert database_rows(
        stack.config.database_url,
        "SELECT restriction_type FROM wagtailcore_pageviewrestriction"
        " WHERE page_id = %s",
        [briefing.pk],
    ) == [("password",)]
    assert_gone_for_every_reader(stack, briefing, changed_at=changed_at)


def assert_shown_for_every_reader(stack, briefing, *, changed_at: float) -> None:
    """Poll every reader until a whole round, answered by every worker, shows the
    briefing on every ask; fail on any ask that still misses it later than
    PROMISED_SECONDS after `changed_at` (monotonic)."""
    every_ask = len(every_reader(stack)) * READS_PER_ROUND * len(briefing.asks())
    deadline = time.monotonic() + ROUNDS_SECONDS
    while True:
        asked_at = time.monotonic()
        shown, idle = ask_every_reader(stack, briefing)
        if len(shown) == every_ask and not idle:
            return
        assert asked_at - changed_at <= PROMISED_SECONDS, (
            f"missing {PROMISED_SECONDS} s after the change: "
            f"{len(shown)} of {every_ask} asks show it"
        )
        assert time.monotonic() < deadline, f"never answered: {idle}"


def shell(stack, code: str) -> str:
    """Run Python in a management shell of the stack: a process of its own, as a
    command on a server would be (its signals purge, as the admin's do)."""
    return stack.manage("shell", "--no-imports", "-c", code)


def test_publish_reaches_every_reader_within_a_second(stack):
    briefing = briefing_on_the_home_page(stack)
    shell(
        stack,
        "from briefings.models import BriefingPage\n"
        f"BriefingPage.objects.get(pk={briefing.pk}).unpublish()",
    )
    assert_gone_for_every_reader(stack, briefing, changed_at=time.monotonic())
    # Every page without it is held by Varnish.
    for what, path in briefing.asks():
        for _ in range(2):
            held = reader(stack).get(path)
        # A theme with no other briefing is a 404 now, which is never kept.
        if held.status == 200:
            assert held.header("X-HTTP-Cache") == "hit", (what, path)
    shell(
        stack,
        "from briefings.models import BriefingPage\n"
        f"BriefingPage.objects.get(pk={briefing.pk}).get_latest_revision().publish()",
    )
    assert_shown_for_every_reader(stack, briefing, changed_at=time.monotonic())


def test_term_merge_reaches_every_reader_within_a_second(stack):
    briefing = briefing_on_the_home_page(stack)
    cache_for_every_reader(stack, briefing)
    into_name = f"Merged theme {secrets.token_hex(3)}"
    into_slug = into_name.lower().replace(" ", "-")
    shell(
        stack,
        "from briefings.editorial.merging import merge_terms\n"
        "from briefings.models import Challenge\n"
        f"old = Challenge.objects.get(slug={briefing.challenge!r})\n"
        f"into = Challenge.objects.create(name={into_name!r}, slug={into_slug!r})\n"
        "merge_terms(old=old, into=into, user=None)",
    )
    changed_at = time.monotonic()
    merged = ListedBriefing(
        pk=briefing.pk, title=briefing.title, url=briefing.url, challenge=into_slug
    )
    # The briefing's page names the theme it was merged into; the old theme's
    # page and listing no longer show it; the new ones do.
    deadline = time.monotonic() + ROUNDS_SECONDS
    client = reader(stack)
    while True:
        asked_at = time.monotonic()
        page = client.get(briefing.url)
        old_theme = client.get(f"/challenges/{briefing.challenge}/")
        new_theme = client.get(f"/challenges/{into_slug}/")
        fresh = (
            escape(into_name) in page.text
            and old_theme.status in (301, 302)
            and merged.shown_on("theme", new_theme)
        )
        if fresh:
            break
        assert asked_at - changed_at <= PROMISED_SECONDS, "the merge is not shown"
        assert time.monotonic() < deadline
    assert_shown_for_every_reader(stack, merged, changed_at=changed_at)


# -- the HTTP cache in front: who it serves, and what it never keeps -------------


def test_logged_in_editors_never_get_or_leave_a_cached_page(stack):
    path = f"/briefings/?sort=oldest&page=1&editor-check={secrets.token_hex(4)}"
    anonymous = reader(stack)
    assert anonymous.get(path).header("X-HTTP-Cache") == "miss"
    assert anonymous.get(path).header("X-HTTP-Cache") == "hit"
    editor = reader(stack)
    log_in(editor)
    seen = editor.get(path)
    assert seen.status == 200
    assert seen.header("X-HTTP-Cache") == "pass"
    assert seen.header("Cache-Control") == "private, no-store"
    # A page an editor asks for first is not kept for anyone.
    fresh_path = f"{path}-editor-first"
    assert editor.get(fresh_path).header("X-HTTP-Cache") == "pass"
    assert reader(stack).get(fresh_path).header("X-HTTP-Cache") == "miss"
    # Purges come from the app servers' own listener only.
    for method in ("PURGE", "BAN"):
        refused = anonymous.request(method, path, headers={"X-Ban-Tag": "content"})
        assert refused.status == 405, method
    assert anonymous.get(path).header("X-HTTP-Cache") == "hit"


def a_private_briefing(stack) -> str:
    """The address of a briefing behind a password (one an earlier test set, or
    one set now)."""
    rows = database_rows(
        stack.config.database_url,
        "SELECT p.url_path FROM wagtailcore_pageviewrestriction r"
        " JOIN wagtailcore_page p ON p.id = r.page_id WHERE p.depth > 3",
    )
    if not rows:
        briefing = briefing_on_the_home_page(stack)
        set_password_in_the_admin(stack, briefing.pk)
        return briefing.url
    # url_path starts at the tree's root: /home/briefings/<slug>/.
    return "/" + rows[0][0].split("/", 2)[2]


def test_a_readers_csrf_token_and_cookies_are_never_served_to_another(stack):
    url = a_private_briefing(stack)
    tokens, cookies = set(), set()
    for _ in range(3):
        client = reader(stack)
        form = client.get(url)
        assert form.status == 200, url
        assert form.header("X-HTTP-Cache") != "hit"
        tokens.add(csrf_token(form.text))
        cookies.update(client.set_cookie_headers)
    assert len(tokens) == 3, "each reader gets a token of their own"
    assert len(cookies) == 3, "and the cookie that goes with it"
    # What Varnish keeps never carries a Set-Cookie (the app marks none shared).
    for _ in range(2):
        page = reader(stack).get("/briefings/")
    assert page.header("X-HTTP-Cache") == "hit"
    assert page.header("Set-Cookie") is None
    assert page.header("X-Cache-Tags") is None


# -- faults under load ------------------------------------------------------------

LOAD_PATHS = ["/", "/briefings/", "/challenges/?n={n}", "/participants/?n={n}"]


def test_killing_an_app_server_loses_no_get_request(stack):
    load = run_load(stack, seconds=6, paths=LOAD_PATHS)
    time.sleep(2)
    stack.signal_app(0, signal.SIGKILL, whole_group=True)
    lines = results(load)
    restore_app_servers(stack, [0])
    assert len(lines) > 100
    failed = failures(lines)
    # Every request the killed server had not begun to answer is retried on the
    # other. One it had begun to send (the reader already has its headers) cannot
    # be: at most one such response per worker of the killed server is cut short.
    cut_short = [
        line for line in failed if str(line["status"]).startswith("Incomplete")
    ]
    assert [line for line in failed if line not in cut_short] == []
    assert len(cut_short) <= stack.config.workers


def reload_app_server(stack, index: int, *, seconds: float = 30) -> None:
    """As deploy/README.md's upgrade does: HUP (new workers, the old ones finish
    what they serve), then on to the next server once this one's new workers
    answer and Varnish's probe takes it. Reloading both at once leaves readers
    none while the new workers load the code, if that takes longer than the
    probe waits (a busy machine)."""
    old = app_workers(stack, index)
    stack.signal_app(index, signal.SIGHUP)
    deadline = time.monotonic() + seconds
    while (workers := app_workers(stack, index)) & old or not workers:
        assert time.monotonic() < deadline, f"app server {index} kept its workers"
        time.sleep(0.1)
    wait_until_serving(stack, index)


def test_gunicorn_reload_loses_no_request(stack):
    load = run_load(stack, seconds=60, paths=LOAD_PATHS)
    time.sleep(2)
    started = time.time()
    reload_app_server(stack, 1)
    first_done = time.time()
    reload_app_server(stack, 0)
    reloaded_at = time.time()
    time.sleep(2)
    load.send_signal(signal.SIGTERM)  # ends the load early
    lines = results(load)
    assert len(lines) > 100
    assert failures(lines) == []
    answered_after = [line for line in lines if line["t"] + line["took"] > reloaded_at]
    last = max(line["t"] + line["took"] for line in lines)
    assert answered_after, (
        f"the load ended {reloaded_at - last:.1f} s before the reloads were done"
        f" (they took {first_done - started:.1f} s, {reloaded_at - first_done:.1f} s)"
    )


def test_dropped_database_connections_are_replaced_without_restart(stack):
    name = stack.config.database_url.rsplit("/", 1)[1]
    load = run_load(stack, seconds=8, paths=["/challenges/?n={n}"])
    time.sleep(2)
    terminated_at = time.time()
    for _ in range(3):
        admin_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        time.sleep(1)
    lines = results(load)
    after = [line for line in lines if line["t"] > terminated_at]
    assert len(after) > 50
    # nginx retries a request whose connection was cut on the other server,
    # which has already reconnected: readers see nothing.
    assert failures(lines) == []


def test_database_down_gives_a_friendly_503_within_seconds(stack, tmp_path):
    nowhere = f"postgres://postgres@127.0.0.1:{free_port()}/none"
    config = StackConfig(
        database_url=nowhere,
        redis_url=REDIS_URL,
        run_dir=tmp_path,
        cache_key_prefix=f"{stack.config.cache_key_prefix}-down",
        app_ports=[free_port()],
        https_port=stack.config.https_port,
        workers=1,
        # The static files' manifest collected for the main stack.
        extra_env={"STATIC_ROOT": str(stack.run_dir / "static")},
    )
    lonely = ProductionStack(config)
    lonely.start_app(0)
    try:
        lonely.wait_for(f"http://127.0.0.1:{config.app_ports[0]}/healthz")
        client = Client(port=config.app_ports[0], tls=False, host="localhost")
        proto = {"X-Forwarded-Proto": "https"}
        started = time.monotonic()
        page = client.get("/briefings/", headers=proto)
        assert time.monotonic() - started < 5
        assert page.status == 503
        assert int(page.headers["Retry-After"]) > 0
        assert "Briefly unavailable" in page.text
        assert "Traceback" not in page.text and "psycopg" not in page.text
        ready = client.get("/readyz", headers=proto)
        assert ready.status == 503
        assert json.loads(ready.body)["checks"]["database"] == "unavailable"
        assert client.get("/healthz", headers=proto).status == 200
    finally:
        lonely.stop()


@pytest.mark.skipif(
    os.environ.get("INSTITUTE_TEST_PG_RESTART") != "1",
    reason="restarts the shared PostgreSQL server; set INSTITUTE_TEST_PG_RESTART=1",
)
def test_postgresql_restart_costs_only_requests_made_while_it_is_down(stack):
    cluster = PG_CLUSTER
    load = run_load(stack, seconds=14, paths=["/challenges/?n={n}"])
    time.sleep(3)
    stopped_at = time.time()
    try:
        subprocess.run([*cluster, "stop", "-m", "fast"], check=True, timeout=30)
        time.sleep(3)
    finally:
        subprocess.run([*cluster, "start"], check=True, timeout=60)
        started_at = time.time()
    lines = results(load)
    failed = failures(lines)
    # Errors only while the server was down (and the second it took to accept
    # connections again), and only the friendly 503: no hung request, no 502.
    for line in failed:
        assert stopped_at - 1 <= line["t"] <= started_at + 2, line
        assert line["status"] == 503, line
    recovered = [line for line in lines if line["t"] > started_at + 2]
    assert len(recovered) > 20
    assert failures(recovered) == []


HELD_PATHS = ["/", "/briefings/", "/challenges/", "/briefings/feed/", "/sitemap.xml"]


def assert_held_pages_answer(stack) -> None:
    """Under a bounded load, every page Varnish holds answers 200, none slowly."""
    lines = results(run_load(stack, seconds=3, paths=HELD_PATHS))
    assert len(lines) > 20
    assert failures(lines) == []
    assert max(line["took"] for line in lines) < 2


def test_with_the_app_or_its_database_down_readers_get_what_varnish_holds(stack):
    for path in HELD_PATHS:
        for _ in range(2):
            held = reader(stack).get(path)
        assert held.header("X-HTTP-Cache") == "hit", path
    # Stale by now: what follows is served from grace, not as fresh hits.
    time.sleep(SHARED_CACHE_SECONDS + 1)
    restart_postgresql = os.environ.get("INSTITUTE_TEST_PG_RESTART") == "1"
    try:
        if restart_postgresql:
            subprocess.run([*PG_CLUSTER, "stop", "-m", "fast"], check=True, timeout=30)
            assert_held_pages_answer(stack)
            never = reader(stack).get(f"/briefings/?q=never-{secrets.token_hex(4)}")
            assert never.status == 503
            assert int(never.header("Retry-After")) > 0
        stack.stop_apps(list(stack.apps))
        assert_held_pages_answer(stack)
        started = time.monotonic()
        never = reader(stack).get(f"/briefings/?q=never-{secrets.token_hex(4)}")
        assert time.monotonic() - started < 5
        assert never.status == 503
        assert int(never.header("Retry-After")) > 0
        assert "Briefly unavailable" in never.text
    finally:
        if restart_postgresql:
            subprocess.run([*PG_CLUSTER, "start"], check=True, timeout=60)
        stopped = range(len(stack.config.app_ports))
        restore_app_servers(stack, [i for i in stopped if i not in stack.apps])
    # Back without a restart of Varnish: a page never asked for is served fresh.
    deadline = time.monotonic() + 15
    fresh_path = f"/briefings/?q=back-{secrets.token_hex(4)}"
    while (page := reader(stack).get(fresh_path)).status != 200:
        assert time.monotonic() < deadline, f"still {page.status} after 15 s"
        time.sleep(0.2)
    assert page.header("X-HTTP-Cache") == "miss"


# -- backup and restore -----------------------------------------------------------

CONTENT_QUERIES = {
    "briefings": "SELECT p.slug, p.title, p.live FROM wagtailcore_page p"
    " JOIN briefings_briefingpage b ON b.page_ptr_id = p.id ORDER BY p.slug",
    "challenge tags": "SELECT p.slug, c.slug FROM briefings_briefingpage_challenges t"
    " JOIN wagtailcore_page p ON p.id = t.briefingpage_id"
    " JOIN briefings_challenge c ON c.id = t.challenge_id ORDER BY 1, 2",
    "participant tags": "SELECT p.slug, x.slug, l.role"
    " FROM briefings_briefingparticipant l"
    " JOIN wagtailcore_page p ON p.id = l.page_id"
    " JOIN briefings_participant x ON x.id = l.participant_id ORDER BY 1, 2",
    "revisions": "SELECT object_id, content::text, created_at FROM wagtailcore_revision"
    " ORDER BY id",
}


def test_backup_then_restore_into_a_fresh_database_gives_the_same_content(
    stack, tmp_path
):
    media_file = stack.run_dir / "media" / "images" / "kept.txt"
    media_file.parent.mkdir(parents=True, exist_ok=True)
    media_file.write_text("an upload")
    env = {**os.environ, "DATABASE_URL": stack.config.database_url}
    env["MEDIA_ROOT"] = str(stack.run_dir / "media")
    backup = subprocess.run(
        [str(PROJECT_DIR / "deploy/backup.sh"), str(tmp_path / "backups")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    dump, media = backup.stdout.split()
    name = f"{stack.config.cache_key_prefix}_restored"
    restored_url = create_database(name)
    try:
        restored_media = tmp_path / "restored-media"
        subprocess.run(
            [str(PROJECT_DIR / "deploy/restore.sh"), dump, media],
            env={
                **env,
                "DATABASE_URL": restored_url,
                "MEDIA_ROOT": str(restored_media),
            },
            capture_output=True,
            text=True,
            check=True,
        )
        for what, query in CONTENT_QUERIES.items():
            original = database_rows(stack.config.database_url, query)
            assert original, what
            assert database_rows(restored_url, query) == original, what
        assert (restored_media / "images" / "kept.txt").read_text() == "an upload"
    finally:
        drop_database(name)


# -- readers following a participant by email --------------------------------

MAIL_LINK = re.compile(r"https://localhost:\d+(/subscriptions/[a-z]+/[^/\s]+/)")


def mail_link(message, kind: str) -> str:
    for path in MAIL_LINK.findall(text_of(message)):
        if path.startswith(f"/subscriptions/{kind}/"):
            return path
    raise AssertionError(f"no {kind} link in {text_of(message)}")


def wait_for_mail(smtp, to: str, count: int, *, seconds: float) -> list:
    deadline = time.monotonic() + seconds
    while len(smtp.to(to)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return smtp.to(to)


def publishing_code(slug: str, title: str) -> str:
    """What an editor's publish of a briefing with this participant does."""
    return (
        "from django.utils import timezone\n"
        "from briefings.models import Participant\n"
        "from tests.support.factories import make_briefing\n"
        f"make_briefing({title!r}, slug='mail-{secrets.token_hex(4)}',"
        " date=timezone.localdate(),"
        f" participants=[(Participant.objects.get(slug={slug!r}), 'speaker')])\n"
    )


def publish_with_participant(stack, slug: str, title: str) -> None:
    """An editor's publish, from a management shell (a process of its own)."""
    shell(stack, publishing_code(slug, title))


def new_participant(stack, name: str) -> str:
    """A participant of this test's own, on one published briefing (a term is
    offered to follow once a public briefing carries it): earlier tests in
    this module unpublish, hide and expire seed briefings, so a seed
    participant may have none left by now."""
    slug = name.lower().replace(" ", "-")
    shell(
        stack,
        "from briefings.models import Participant\n"
        f"Participant.objects.create(name={name!r}, slug={slug!r},"
        " kind=Participant.Kind.ORGANISATION)\n"
        + publishing_code(slug, f"{name} before anyone follows"),
    )
    return slug


def test_a_reader_follows_a_participant_and_gets_one_mail_within_a_minute(stack, smtp):
    tag = secrets.token_hex(3)
    address = f"reader-{tag}@example.org"
    participant = new_participant(stack, f"Followed union {tag}")
    client = reader(stack)
    follow_path = f"/participants/{participant}/follow/"
    form = client.get(follow_path)
    assert form.status == 200, form.text
    answer = client.post_form(
        follow_path,
        {
            "csrfmiddlewaretoken": csrf_token(form.text),
            "email": address,
            "frequency": "published",
        },
        referer_path=follow_path,
    )
    assert "Check your inbox" in answer.text
    (confirmation,) = wait_for_mail(smtp, address, 1, seconds=30)
    confirm_path = mail_link(confirmation, "confirm")
    page = client.get(confirm_path)
    confirmed = client.post_form(
        confirm_path,
        {"csrfmiddlewaretoken": csrf_token(page.text)},
        referer_path=confirm_path,
    )
    assert "You are following these briefings" in confirmed.text

    published_at = time.monotonic()
    publish_with_participant(stack, participant, "The union and the UN, today")
    mails = wait_for_mail(smtp, address, 2, seconds=60)
    assert len(mails) == 2, f"no digest {time.monotonic() - published_at:.0f} s on"
    digest = mails[1]
    assert digest["Subject"] == "New briefing: The union and the UN, today"
    assert f"Participant: Followed union {tag}" in text_of(digest)
    assert "before anyone follows" not in text_of(digest)
    time.sleep(2)
    assert len(smtp.to(address)) == 2, "exactly one digest"

    # One click in the mail client: a POST with no cookie, through nginx and
    # Varnish.
    unsubscribe = digest["List-Unsubscribe"].strip().strip("<>")
    path = unsubscribe.split(str(stack.config.https_port), 1)[1]
    stopped = Client(port=stack.config.https_port).request(
        "POST",
        path,
        body=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert stopped.status == 200 and "You are unsubscribed" in stopped.text
    publish_with_participant(stack, participant, "After unsubscribing")
    time.sleep(3)
    assert len(smtp.to(address)) == 2


def test_a_worker_killed_mid_batch_sends_no_mail_twice(stack, smtp):
    tag = secrets.token_hex(3)
    addresses = [f"batch-{tag}-{n}@example.org" for n in range(12)]
    participant = new_participant(stack, f"Arms control centre {tag}")
    shell(
        stack,
        "from django.utils import timezone\n"
        "from briefings.models import Participant\n"
        "from subscriptions.followed import Followed\n"
        "from subscriptions.models import Subscriber, Subscription\n"
        "followed = Followed(scope_kind='p',"
        f" scope_id=Participant.objects.get(slug={participant!r}).pk)\n"
        f"for address in {addresses!r}:\n"
        "    s = Subscriber.objects.create(email=address, email_key=address)\n"
        "    Subscription.objects.create(subscriber=s, confirmed_at=timezone.now(),"
        " **followed.fields())\n",
    )
    smtp.recorder.delay = 0.4  # a slow SMTP server: the batch takes seconds
    try:
        publish_with_participant(stack, participant, f"Small arms control {tag}")
        deadline = time.monotonic() + 60
        while (
            sum(len(smtp.to(a)) for a in addresses) < 3 and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        killed = stack.worker
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
        received_at_kill = sum(len(smtp.to(a)) for a in addresses)
        assert 3 <= received_at_kill < len(addresses), received_at_kill
        stack.start_worker()  # or the one the stack started again after 2 s
        stack.manage("send_digests")  # what the timer does every minute
        deadline = time.monotonic() + 60
        while (
            sum(len(smtp.to(a)) for a in addresses) < len(addresses) - 1
            and time.monotonic() < deadline
        ):
            time.sleep(0.1)
        time.sleep(2)
    finally:
        smtp.recorder.delay = 0
    counts = {a: len(smtp.to(a)) for a in addresses}
    assert max(counts.values()) == 1, counts
    # At most the one being sent when the worker died is left out ("perhaps
    # sent"); every other reader got theirs.
    assert sum(counts.values()) >= len(addresses) - 1, counts
    statuses = database_rows(
        stack.config.database_url,
        "SELECT d.status, count(*) FROM subscriptions_digest d"
        " JOIN subscriptions_subscription s ON s.id = d.subscription_id"
        " JOIN subscriptions_subscriber r ON r.id = s.subscriber_id"
        " WHERE r.email LIKE %s GROUP BY 1",
        (f"batch-{tag}-%",),
    )
    assert dict(statuses).get("sent", 0) >= len(addresses) - 1, statuses
