"""Tells `institute.generation_memo` which content generation a reader's request
runs under, and hands Wagtail's page view the Site it would otherwise look up in
the database."""

import logging
from urllib.parse import urlsplit

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Site

from institute import generation_memo
from institute.generation_memo import remembered, request_generation

from .page_cache import GENERATION_KEY, UNCACHED_PREFIXES, start_generation
from .security_headers import is_editor_request

logger = logging.getLogger(__name__)


def read_generation(request: HttpRequest) -> int | None:
    """The content generation, read from the shared cache once per request (the
    page cache sets `request.content_generation` when it has read it already);
    None when the cache cannot be read."""
    if not hasattr(request, "content_generation"):
        try:
            request.content_generation = cache.get(GENERATION_KEY) or start_generation()
        except Exception:
            logger.warning("Content generation unavailable", exc_info=True)
            request.content_generation = None
    return request.content_generation


class ContentGenerationMiddleware:
    """For anonymous readers' GET and HEAD requests of the public pages: the
    generation for the request; for those Wagtail's page view serves, the Site
    with its home page as Wagtail routes through it (`Site.find_for_request`
    reads `request._wagtail_site` first). Not for the admin, documents and health
    checks, which read neither, and other views read no Site through it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or request.path.startswith(UNCACHED_PREFIXES)
            or is_editor_request(request)
        ):
            return self.get_response(request)
        generation = read_generation(request)
        if generation is None:
            return self.get_response(request)
        token = request_generation.set(generation)
        try:
            return self.get_response(request)
        finally:
            request_generation.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Wagtail's page view gets the kept Site and site root paths, read on its
        first request of the generation. Other views (feeds, theme pages, robots.txt)
        get them once kept, and otherwise let Wagtail read them if they need them:
        robots.txt needs no database at all."""
        if not generation_memo.active():
            return None
        serving_pages = view_func is wagtail_views.serve
        if serving_pages:
            root_paths = remembered("site-root-paths", Site.get_site_root_paths)
        else:
            found, root_paths = generation_memo.already_kept("site-root-paths")
            if not found:
                return None
        request._wagtail_cached_site_root_paths = root_paths
        key = _site_key(request, root_paths)
        if serving_pages:
            request._wagtail_site = remembered(
                key, lambda: _site_with_home_page(request)
            )
        else:
            found, site = generation_memo.already_kept(key)
            if found:
                request._wagtail_site = site
        return None


def _site_key(request: HttpRequest, root_paths) -> str:
    """Which Site answers depends on the host name and port; a host name no Site
    has gets the default Site whatever the port, so all such hosts share one key
    (a wildcard in ALLOWED_HOSTS cannot make the kept Sites grow without bound)."""
    hostname = split_domain_port(request._get_raw_host())[0]
    known = {urlsplit(root_path.root_url).hostname for root_path in root_paths}
    if hostname not in known:
        return "site:any-other-host"
    return f"site:{hostname}:{request.get_port()}"


def _site_with_home_page(request: HttpRequest) -> Site | None:
    """Wagtail's Site for the request, its root page already specific (Wagtail
    routes from `site.root_page.localized.specific`, a query of its own)."""
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site
