"""An unreachable Redis slows nothing down and fails nothing: pages come from the
database."""

import socket

import pytest
from django.core.cache import caches
from django_redis.cache import RedisCache


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the socket is


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    yield caches["default"]


def test_reads_are_misses_and_writes_are_dropped(redis_down):
    assert isinstance(redis_down, RedisCache)
    redis_down.set("key", "value")
    assert redis_down.get("key", "default") == "default"
    assert redis_down.get_many(["key"]) == {}
    assert not redis_down.add("key", "value")


def test_every_public_page_is_served_while_redis_is_down(seeded, redis_down, client):
    for url in [
        "/",
        "/briefings/",
        "/briefings/?challenge=mandates&q=peacekeeping",
        "/briefings/challenges-of-modern-peacekeeping/",
        "/challenges/",
        "/participants/",
        "/briefings/feed/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Cache" not in response or response["X-Cache"] == "miss"


def test_with_redis_up_it_is_an_ordinary_cache(settings):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/12",
            "KEY_PREFIX": f"test-{closed_port()}",
        }
    }
    cache = caches["default"]
    cache.set("key", "value", 30)
    assert cache.get("key") == "value"
    assert cache.get_many(["key", "other"]) == {"key": "value"}
    cache.delete("key")
    assert cache.get("key") is None
