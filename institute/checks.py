"""System checks of the project's own configuration; registered by InstituteConfig.

They run with every management command that runs Django's checks (`check`,
`migrate`, `publish_scheduled`...) and before gunicorn serves
(`deploy/gunicorn.conf.py` runs `check --deploy` on start).
"""

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import CheckMessage, Error, Tags, register

PER_PROCESS_CACHE_ERROR = "institute.E001"


@register(Tags.caches)
def check_shared_cache(app_configs=None, **kwargs) -> list[CheckMessage]:
    """An error when settings that require a shared cache (production's
    `REQUIRE_SHARED_CACHE`) have a cache in each process's memory.

    The page cache, the content generation and what is kept for it live in the
    default cache (`institute.caching`, `briefings.signals`): a purge
    made by one process must reach every other, or a page made private,
    unpublished or expired stays visible in the workers that did not make the
    change. Even one app server runs several gunicorn workers, and
    `publish_scheduled` runs in a process of its own.

    Only LocMemCache is refused: it is what the settings fall back to without
    REDIS_URL. DummyCache keeps nothing, so nothing goes stale; a file-based or
    database cache is shared by the processes that can reach it. The development
    and test settings do not set `REQUIRE_SHARED_CACHE`: one process each.
    """
    if settings.DEBUG or not getattr(settings, "REQUIRE_SHARED_CACHE", False):
        return []
    if not isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache):
        return []
    return [
        Error(
            "The default cache keeps its data in each process's memory "
            "(LocMemCache), so a change purges the page cache of one process "
            "only: the others keep serving private, unpublished and expired "
            "pages.",
            hint="Set REDIS_URL (see .env.example) to the Redis server that every "
            "app server and management command shares, "
            "e.g. redis://127.0.0.1:6379/0.",
            id=PER_PROCESS_CACHE_ERROR,
        )
    ]
