"""The shared data cache: a small value the site reads on every page but that
only a content change can change (the briefings index's address), kept with the
content generation it was read under and never used under another."""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from . import generation
from .generation import GENERATION_KEY

logger = logging.getLogger(__name__)

T = TypeVar("T")
SECONDS = 24 * 60 * 60


def kept(key: str, compute: Callable[[], T]) -> T:
    """`compute()`'s value, from the shared cache when it was computed under the
    current generation (one round trip), else computed and kept. The value must
    be plain data."""
    key = f"data:{key}"
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    entry = found.get(key)
    if current is not None and entry is not None and entry[0] == current:
        return entry[1]
    value = compute()
    if current is None:
        current = generation.start()
    if current is not None:
        cache.set(key, (current, value), SECONDS)
    return value
