"""/healthz and /readyz answer in small JSON, never cached, revealing nothing."""

import json

from institute import health


def test_healthz_answers_without_the_database(client):
    # No `db` fixture: any query would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_checks_database_cache_and_migrations(
    db, client, django_assert_max_num_queries
):
    health._migrations_applied = False
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }
    assert "no-store" in response["Cache-Control"]
    # The migration check is remembered: later probes run one query.
    with django_assert_max_num_queries(1):
        assert client.get("/readyz").status_code == 200


def test_readyz_reports_a_cache_that_does_not_answer(db, client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["checks"]["cache"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert "redis" not in response.content.decode().lower()
