"""Django's Redis cache, with an unreachable Redis read as an empty cache.

Django's own backend raises on every call while Redis is down, and Wagtail reads
the cache to build any page's URL, so a Redis outage would fail every page. Here a
read that cannot reach Redis is a miss and a write is dropped (each logged); pages
are then built from the database. `incr`, which the page cache's purge uses, still
raises, so a purge that did not happen is logged by its caller. (django-redis has
this as IGNORE_EXCEPTIONS; Django's built-in backend has no such option.)

It also keeps one redis-py client per connection pool, where Django's backend
builds a new one for every call.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client, with the redis-py client of each connection pool built
    once. Building one copies redis-py's table of response callbacks: on a page
    served from the cache that cost more than the round trip to Redis. A redis-py
    client is safe to share between threads (each command takes a connection
    from the pool), so reusing it changes nothing else."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

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
