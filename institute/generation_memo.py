"""Reads that only a content change can change, kept in this process's memory for
the current content generation.

Wagtail reads the same rows from the database on every public request: the Site
for the host, the home page's specific row, each page of the path, the privacy
restrictions (once to check the page, once more for `public()`). They change only
when an editor publishes, moves or deletes a page, edits a Site or a privacy
setting, and each of those bumps the content generation in the shared cache
(`institute.middleware.page_cache`). So each app server keeps them here, under
the generation it read once for the request (`ContentGenerationMiddleware`), and
drops them when the generation moves on. Reads of which there are too many to
keep them all (the listings' cards, the terms named in query strings, the
briefings read most recently) are kept the same way, the most recently used of
each kind (`remembered_each`).

Kept in the process rather than in the shared cache: they are read on every
request, so a round trip each would cost about what the query does. Django's and
Wagtail's caches have no invalidation by generation, hence this module.

Only anonymous readers' requests use it (editors, the admin, previews and any
code run outside a request read the database as before), and only when the
generation could be read: with the shared cache down, nothing is kept.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

# The generation the current request runs under, None outside a reader's request.
request_generation: ContextVar[int | None] = ContextVar(
    "request_generation", default=None
)

_kept: dict = {"generation": None, "values": {}}


def _values_of(generation: int) -> dict:
    """What is kept for `generation`: emptied when the generation moves on."""
    if _kept["generation"] != generation:
        _kept["generation"] = generation
        _kept["values"] = {}
    return _kept["values"]


def remembered(key: str, compute: Callable[[], T]) -> T:
    """`compute()`'s value, computed once per content generation in this process
    (every time outside a reader's request). The value is shared by the requests
    that follow: it must not be changed by whoever reads it."""
    generation = request_generation.get()
    if generation is None:
        return compute()
    values = _values_of(generation)
    if key not in values:
        values[key] = compute()
    return values[key]


def remembered_each(
    kind: str,
    keys: Iterable[Hashable],
    compute: Callable[[list], dict],
    *,
    limit: int,
) -> dict:
    """For many values of one `kind` (a listing's cards): each key's value, those
    kept for the current generation as they are, the others from
    `compute(missing keys)` (a dict by key) and kept too. At most `limit` of a
    kind are kept, the least recently used dropped first: the archive holds far
    more than an app server should keep in memory."""
    keys = list(keys)
    generation = request_generation.get()
    if generation is None:
        return compute(keys)
    recent = _values_of(generation).setdefault(("each", kind), OrderedDict())
    found = {}
    for key in keys:
        if key in recent:
            recent.move_to_end(key)
            found[key] = recent[key]
    missing = [key for key in keys if key not in found]
    if missing:
        computed = compute(missing)
        found.update(computed)
        recent.update(computed)
        while len(recent) > limit:
            recent.popitem(last=False)
    return found


def already_kept(key: str) -> tuple[bool, object]:
    """(True, the value) if `remembered(key, ...)` has kept one for the current
    generation, else (False, None): for readers that must not compute it."""
    generation = request_generation.get()
    if generation is None or _kept["generation"] != generation:
        return False, None
    values = _kept["values"]
    return (True, values[key]) if key in values else (False, None)


def active() -> bool:
    """Whether this runs in a reader's request, where values are kept."""
    return request_generation.get() is not None


def forget_all() -> None:
    """Drop everything kept (tests that change rows without a publish)."""
    _kept["generation"] = None
    _kept["values"] = {}
