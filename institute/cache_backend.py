"""Django's Redis cache, with an unreachable Redis read as an empty cache.

Django's own backend raises on every call while Redis is down, and Wagtail reads
the cache to build any page's URL, so a Redis outage would fail every page. Here a
read that cannot reach Redis is a miss and a write is dropped (each logged); pages
are then built from the database. `incr`, which the page cache's purge uses, still
raises, so a purge that did not happen is logged by its caller. (django-redis has
this as IGNORE_EXCEPTIONS; Django's built-in backend has no such option.)
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError:
            logger.warning("Redis unreachable: cache read as a miss", exc_info=True)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError:
            logger.warning("Redis unreachable: cache read as a miss", exc_info=True)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError:
            return False

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            logger.warning("Redis unreachable: cache write dropped", exc_info=True)

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError:
            logger.warning("Redis unreachable: cache write dropped", exc_info=True)
            return list(data)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError:
            logger.warning("Redis unreachable: cache write dropped", exc_info=True)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError:
            logger.warning("Redis unreachable: cache delete dropped", exc_info=True)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError:
            logger.warning("Redis unreachable: cache delete dropped", exc_info=True)
