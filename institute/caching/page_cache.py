"""The shared page cache for anonymous readers.

Hand-rolled rather than Django's cache middleware because that one cannot be
emptied at once (its keys are not enumerable on every backend) and keys pages by
every cookie. Here the content generation (`generation`) is stored with every
page; a content change moves it on, so every app server that shares the cache
stops serving the old pages at once, and the old entries are overwritten or
expire. A hit reads the generation and the page in one `get_many`: one round
trip to Redis.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from institute.middleware.security_headers import is_editor_request

from . import generation
from .frontend import ban_content, mark_shared
from .generation import GENERATION_KEY

logger = logging.getLogger(__name__)

# Never cached: the admin, documents (permission-checked), health checks.
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/healthz", "/readyz")
# The pages, and the feeds of the briefing listing (django.utils.feedgenerator).
CACHED_CONTENT_TYPES = ("text/html", "application/rss+xml", "application/atom+xml")
# What the HTTP cache in front may keep besides: the sitemap, the API and the
# citation and export downloads.
SHARED_CONTENT_TYPES = (
    *CACHED_CONTENT_TYPES,
    "application/xml",
    "application/json",
    "application/vnd.citationstyles.csl+json",
    "application/x-bibtex",
    "application/x-research-info-systems",
    "text/csv",
)


def purge_page_cache() -> None:
    """Make every cached page stale on every app server and in the HTTP cache in
    front (`briefings.signals`)."""
    generation.purge()
    ban_content()


def _page_key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"pages:{digest}"


def _shareable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and not is_editor_request(request)
    )


def _shareable_response(request: HttpRequest, response: HttpResponse) -> bool:
    """May any reader be given this response: the same for all, no cookie set."""
    session = getattr(request, "session", None)
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith(SHARED_CONTENT_TYPES)
        and not response.cookies
        # A CSRF token was put in the page: it belongs to this reader only.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _stored_response(response: HttpResponse) -> bool:
    """Whether this cache keeps a shared response: pages and feeds, not streamed
    exports (the HTTP cache in front keeps those)."""
    return not response.streaming and response.get("Content-Type", "").startswith(
        CACHED_CONTENT_TYPES
    )


class AnonymousPageCacheMiddleware:
    """Serves anonymous readers' pages from the shared cache and sets Cache-Control.

    Logged-in editors (anyone with a session cookie) and the admin are never
    served from, nor stored in, the cache, and get `private, no-store`. What any
    reader may share is marked so for the HTTP cache in front (`frontend`), also
    when this cache is off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _shareable_request(request):
            response = self.get_response(request)
            if is_editor_request(request):
                response["Cache-Control"] = "private, no-store"
            return response
        if settings.PAGE_CACHE_SECONDS <= 0:
            return self._render(request, key=None, generation=None)
        key = _page_key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
            current = found.get(GENERATION_KEY)
            if current is None:
                current = generation.start()
        except Exception:  # The cache is down: serve uncached rather than fail.
            logger.warning("Page cache unavailable", exc_info=True)
            return self._render(request, key=key, generation=None)
        entry = found.get(key)
        if entry is not None and entry[0] == current:
            return _response_from_entry(entry)
        # Not cached, or built before the last purge: render it and overwrite.
        return self._render(request, key=key, generation=current)

    def _render(
        self, request: HttpRequest, *, key: str | None, generation: int | None
    ) -> HttpResponse:
        """The view's response, stored under `key` when it may be shared.

        `generation` is None when this cache is off or could not be read: nothing
        is stored.
        """
        response = self.get_response(request)
        if _shareable_response(request, response):
            mark_shared(response)
            if _stored_response(response) and key is not None:
                if generation is not None:
                    self._store(key, _entry(generation, response))
                response["X-Cache"] = "miss"
        return response

    def _store(self, key: str, entry: tuple) -> None:
        try:
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Could not store a page in the cache", exc_info=True)


def _entry(generation: int, response: HttpResponse) -> tuple:
    """A page as the cache keeps it: (generation built under, status, headers, body).

    Plain values rather than the pickled response: smaller and quicker to load,
    and they do not depend on the internals of Django's response classes, so an
    upgrade cannot leave entries in Redis that no longer unpickle.
    """
    return (generation, response.status_code, dict(response.items()), response.content)


def _response_from_entry(entry: tuple) -> HttpResponse:
    _built_under, status, headers, content = entry
    response = HttpResponse(content, status=status, headers=headers)
    response["X-Cache"] = "hit"
    return response
