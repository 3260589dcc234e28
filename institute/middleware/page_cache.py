"""The shared page cache for anonymous readers, and its purge.

Hand-rolled rather than Django's cache middleware because that one cannot be
emptied at once (its keys are not enumerable on every backend) and keys pages by
every cookie. Here every key contains a "generation" number kept in the shared
cache; a content change bumps it (`purge_page_cache`), so every app server that
shares the cache stops serving the old pages at once, and the old entries expire.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from .security_headers import is_editor_request

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
# Never cached: the admin, documents (permission-checked), health checks.
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/healthz", "/readyz")


def purge_page_cache() -> None:
    """Make every cached page stale on every app server (used by briefings.cache)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # Not there yet (or evicted): any new number will do.
        cache.add(GENERATION_KEY, 1, timeout=None)
    except Exception:
        logger.exception("Could not purge the page cache")


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def _key(request: HttpRequest, generation: int) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"pages:{generation}:{digest}"


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and not is_editor_request(request)
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        # A CSRF token was put in the page: it belongs to this reader only.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


class AnonymousPageCacheMiddleware:
    """Serves anonymous readers' pages from the shared cache and sets Cache-Control.

    Logged-in editors (anyone with a session cookie) and the admin are never
    served from, nor stored in, the cache, and get `private, no-store`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            response = self.get_response(request)
            if is_editor_request(request):
                response["Cache-Control"] = "private, no-store"
            return response
        key = None
        try:
            key = _key(request, _generation())
            cached = cache.get(key)
        except Exception:  # The cache is down: serve uncached rather than fail.
            logger.warning("Page cache unavailable", exc_info=True)
            cached = None
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _cacheable_response(request, response):
            response["Cache-Control"] = (
                f"public, max-age={settings.PAGE_CACHE_BROWSER_SECONDS}"
            )
            # A browser that later logs in asks again instead of reusing this.
            patch_vary_headers(response, ["Cookie"])
            if key is not None:
                self._store(key, response)
            response["X-Cache"] = "miss"
        return response

    def _store(self, key: str, response: HttpResponse) -> None:
        try:
            cache.set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Could not store a page in the cache", exc_info=True)
