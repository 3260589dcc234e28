"""Reads of the published content kept in the shared cache until it changes.

Some reads cost far more than the rest of their page at 100,000 briefings: a
listing's count and facet counts (hundreds of milliseconds unfiltered, while its
page of results takes a few), the home page's count per challenge, a briefing's
related briefings, a theme's or participant's most frequent companions. Each is
kept with the content generation (`institute.middleware.page_cache`, bumped on every
publish, unpublish, deletion, privacy and vocabulary change); an entry of an older
generation is never used, and one round trip reads both. Django's cache framework
has no such invalidation by generation, hence this module.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from institute.middleware.page_cache import GENERATION_KEY, start_generation

from . import queries
from .filters import BriefingFilterSet

logger = logging.getLogger(__name__)

T = TypeVar("T")


def kept(key: str, compute: Callable[[], T]) -> tuple[T, int | None]:
    """`compute()`'s value, from the cache when the content has not changed since
    it was computed, and the generation it belongs to (None when not kept: the
    cache is off or down). The value must be plain data, not a lazy queryset."""
    if settings.LISTING_CACHE_SECONDS <= 0:
        return compute(), None
    key = f"content:{key}"
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception:  # The cache is down: read the database instead.
        logger.warning("Content cache unavailable", exc_info=True)
        return compute(), None
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1], generation
    value = compute()
    try:
        if generation is None:  # None yet (or evicted): start one.
            generation = start_generation()
        cache.set(key, (generation, value), settings.LISTING_CACHE_SECONDS)
    except Exception:
        logger.warning("Could not keep %s in the cache", key, exc_info=True)
        generation = None
    return value, generation


def listing_summary(
    *, filterset: BriefingFilterSet, scope: str, parameters: list[tuple[str, str]]
) -> queries.ListingSummary:
    """`queries.listing_summary` of `filterset`, kept. `scope` names the base
    queryset (the whole archive, one theme, one participant); `parameters` are the
    applied filters."""
    # The order of results does not change what is counted; a search by relevance
    # also keeps its ranking.
    counted = [pair for pair in parameters if pair[0] != "sort"]
    ranked = filterset.sort_order == "relevance"
    digest = hashlib.sha256(repr((scope, counted, ranked)).encode()).hexdigest()
    summary, generation = kept(
        f"listing:{digest}", lambda: queries.listing_summary(filterset=filterset)
    )
    return replace(summary, generation=generation)
