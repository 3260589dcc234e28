"""What the app tells the HTTP cache in front (Varnish, a CDN): which responses it
may share and for how long, and, on each change, what to drop. The cache is a
real HTTP listener on loopback that records what it is sent."""

import http.server
from unittest import mock

import pytest
from wagtail.models import PageViewRestriction

from institute.caching import frontend
from tests.support.factories import make_briefing
from tests.support.http_server import serving


class RecordingCache(http.server.BaseHTTPRequestHandler):
    """Answers PURGE and BAN as Varnish does, and remembers each one."""

    received: list[tuple[str, str, str | None]] = []

    def _record(self):
        self.received.append((self.command, self.path, self.headers.get("X-Ban-Tag")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def http_cache(settings):
    """A purge listener on a free loopback port, configured as the site's."""
    RecordingCache.received = []
    with serving(RecordingCache) as server:
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": f"http://127.0.0.1:{server.server_port}",
            }
        }
        yield RecordingCache.received


def test_public_pages_are_shareable_even_with_the_apps_page_cache_off(
    seeded, client, settings
):
    assert settings.PAGE_CACHE_SECONDS == 0
    for path in ("/", "/briefings/?challenge=mandates", "/briefings/feed/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == (
            f"public, max-age={settings.PAGE_CACHE_BROWSER_SECONDS}, "
            f"s-maxage={settings.SHARED_CACHE_SECONDS}"
        ), path
        assert response["X-Cache-Tags"] == "content"
        assert "Cookie" in response["Vary"]


def test_editors_errors_and_forms_are_never_shareable(seeded, client, admin_user):
    assert "s-maxage" not in client.get("/briefings/no-such-briefing/").get(
        "Cache-Control", ""
    )
    private = make_briefing("Behind a password")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    form = client.get(private.url)
    assert "csrftoken" in form.cookies
    assert "s-maxage" not in form.get("Cache-Control", "")
    assert "X-Cache-Tags" not in form
    client.force_login(admin_user)
    editor = client.get("/briefings/")
    assert editor["Cache-Control"] == "private, no-store"
    assert "X-Cache-Tags" not in editor


def test_publishing_bans_everything_and_purges_the_briefings_own_urls(
    seeded, http_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as at_commit:
        briefing = make_briefing("A briefing for the cache")
    bans = [entry for entry in http_cache if entry[0] == "BAN"]
    assert bans and set(bans) == {("BAN", "/", "content")}
    # Again at the commit: a page fetched in between was rendered from the old
    # content.
    before_commit = len(http_cache)
    for callback in at_commit:
        callback()
    assert ("BAN", "/", "content") in http_cache[before_commit:]
    # Wagtail's own purge is a task, enqueued once the change is committed.
    purged = {path for method, path, _ in http_cache if method == "PURGE"}
    assert purged == {
        briefing.url,
        f"{briefing.url}bibtex/",
        f"{briefing.url}ris/",
        f"{briefing.url}csl/",
    }


def test_deleting_and_unpublishing_purge_too(seeded, http_cache):
    briefing = make_briefing("Soon gone")
    url = briefing.url
    http_cache.clear()
    briefing.unpublish()
    assert ("BAN", "/", "content") in http_cache
    assert ("PURGE", url, None) in http_cache
    http_cache.clear()
    briefing.delete()
    assert ("BAN", "/", "content") in http_cache
    assert ("PURGE", url, None) in http_cache


def test_a_cache_that_does_not_answer_loses_no_change(seeded, settings):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            # Nothing listens on port 9 (discard) on loopback.
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    with mock.patch.object(frontend.logger, "error") as logged:
        briefing = make_briefing("Published while the cache is down")
    briefing.refresh_from_db()
    assert briefing.live
    assert "Could not ban the content tag" in logged.call_args.args[0]
