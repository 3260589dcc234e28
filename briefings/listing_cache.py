"""The count and facet counts of a filtered listing, kept in the shared cache until
the published content changes.

Counting each vocabulary over every matching briefing is the listing's one costly
read: at 100,000 briefings, hundreds of milliseconds for the unfiltered listing,
while the page of results takes a few. Every page and sort order of one filter
combination, and every app server, share one summary. Entries carry the content
generation (`institute.middleware.page_cache`, bumped on every publish, unpublish,
deletion and vocabulary edit): an entry of an older generation is never used. One
round trip reads both. Django's cache framework has no such invalidation by
generation, hence this module.
"""

import hashlib
import logging
from dataclasses import replace

from django.conf import settings
from django.core.cache import cache

from institute.middleware.page_cache import GENERATION_KEY, start_generation

from . import queries
from .filters import BriefingFilterSet

logger = logging.getLogger(__name__)


def listing_summary(
    *, filterset: BriefingFilterSet, scope: str, parameters: list[tuple[str, str]]
) -> queries.ListingSummary:
    """`queries.listing_summary` of `filterset`, from the cache when the content has
    not changed since it was counted. `scope` names the base queryset (the whole
    archive, one theme, one participant); `parameters` are the applied filters."""
    if settings.LISTING_CACHE_SECONDS <= 0:
        return queries.listing_summary(filterset=filterset)
    key = _key(scope, parameters, ranked=filterset.sort_order == "relevance")
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception:  # The cache is down: count without it.
        logger.warning("Listing cache unavailable", exc_info=True)
        return queries.listing_summary(filterset=filterset)
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    summary = queries.listing_summary(filterset=filterset)
    try:
        if generation is None:  # None yet (or evicted): start one.
            generation = start_generation()
        summary = replace(summary, generation=generation)
        cache.set(key, (generation, summary), settings.LISTING_CACHE_SECONDS)
    except Exception:
        logger.warning("Could not store a listing summary", exc_info=True)
    return summary


def _key(scope: str, parameters: list[tuple[str, str]], *, ranked: bool) -> str:
    # The order of results does not change what is counted; a search by relevance
    # also keeps its ranking.
    counted = [pair for pair in parameters if pair[0] != "sort"]
    digest = hashlib.sha256(repr((scope, counted, ranked)).encode()).hexdigest()
    return f"listing:{digest}"
