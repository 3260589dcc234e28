"""The HTTP cache in front of the app servers: Varnish (deploy/varnish/) or a CDN.

The app says what it may keep (`mark_shared`: Cache-Control with `s-maxage`, and
`X-Cache-Tags` naming what a response depends on), and tells it when content
changes: Wagtail's frontend cache (`wagtail.contrib.frontend_cache`, configured
by WAGTAILFRONTENDCACHE) purges a briefing's own URLs, and `ban_content` drops,
in one request, everything carrying the content tag (every page that lists or
shows briefings), which no URL-by-URL purge could reach: listings are asked for
with any query string.
"""

import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

TAGS_HEADER = "X-Cache-Tags"
# Every response the site renders from its content carries it; a change to the
# content bans it (one ban: Varnish's lurker then drops the objects).
CONTENT_TAG = "content"
HTTP_BACKEND = "wagtail.contrib.frontend_cache.backends.HTTPBackend"
BAN_TIMEOUT_SECONDS = 2


def mark_shared(response: HttpResponse) -> None:
    """Say that `response` may be kept by shared caches and for how long, and
    what it depends on."""
    response["Cache-Control"] = (
        f"public, max-age={settings.PAGE_CACHE_BROWSER_SECONDS}, "
        f"s-maxage={settings.SHARED_CACHE_SECONDS}"
    )
    response[TAGS_HEADER] = CONTENT_TAG
    # A browser that later logs in asks again instead of reusing this.
    patch_vary_headers(response, ["Cookie"])


def ban_locations() -> list[str]:
    """The HTTP caches (Varnish) among WAGTAILFRONTENDCACHE's backends."""
    backends = getattr(settings, "WAGTAILFRONTENDCACHE", {}) or {}
    return [
        config["LOCATION"]
        for config in backends.values()
        if config.get("BACKEND") == HTTP_BACKEND and config.get("LOCATION")
    ]


def ban_content() -> None:
    """Drop everything the site rendered from every HTTP cache in front of it.

    A cache that does not answer is logged, not raised: the editor's change is
    saved either way, and what the cache holds expires after SHARED_CACHE_SECONDS.
    """
    for location in ban_locations():
        request = urllib.request.Request(
            location.rstrip("/") + "/",
            method="BAN",
            headers={"X-Ban-Tag": CONTENT_TAG},
        )
        try:
            with urllib.request.urlopen(request, timeout=BAN_TIMEOUT_SECONDS):
                pass
        except (urllib.error.URLError, OSError) as error:
            logger.error("Could not ban the content tag at %s: %s", location, error)
