"""The content generation: a number in the shared cache that every change to
published content moves on (`purge`), so that every app server stops serving
what it stored under the old one at once. The page cache keys on it."""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"


def purge() -> None:
    """Make everything stored under the current generation stale, everywhere."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # Not there yet (or evicted): start a new one.
        start()
    except Exception:
        logger.exception("Could not move the content generation on")


def start() -> int:
    """Put a generation in the shared cache if none is there; return the one there.

    It starts from the clock, not from 1: were the generation lost while pages
    stored under an old number are still in the cache, counting again from 1
    could make one of them current again.
    """
    cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
    return cache.get(GENERATION_KEY)
