"""The database connection is built with timeouts, so a down database fails fast,
and with the server settings the listings' counts need."""

import os

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured

from institute.settings.database import database_from_url


def test_postgresql_gets_connect_and_statement_timeouts_and_health_checks():
    config = database_from_url(
        "postgres://institute@db.example.org:5432/institute",
        conn_max_age=60,
        connect_timeout=3,
        statement_timeout_ms=15_000,
        work_mem_mb=32,
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["OPTIONS"]["connect_timeout"] == 3
    assert config["OPTIONS"]["options"] == (
        "-c jit=off -c statement_timeout=15000 -c work_mem=32MB"
    )


def test_sqlite_gets_no_postgresql_options():
    config = database_from_url("sqlite:///tmp/site.db")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert "connect_timeout" not in config.get("OPTIONS", {})
    assert config["CONN_MAX_AGE"] == 0


def test_postgresql_connections_get_those_settings_from_the_server():
    """The options reach PostgreSQL itself (a typo in them would fail to connect)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    config = database_from_url(url, statement_timeout_ms=15_000, work_mem_mb=32)
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        dbname="postgres",
        options=config["OPTIONS"]["options"],
    ) as connection:
        shown = [
            connection.execute(f"SHOW {name}").fetchone()[0]
            for name in ("jit", "statement_timeout", "work_mem")
        ]
    assert shown == ["off", "15s", "32MB"]


@pytest.mark.parametrize(
    "setting",
    [{"work_mem_mb": -1}, {"work_mem_mb": 3_000_000}, {"statement_timeout_ms": -5}],
)
def test_values_postgresql_would_refuse_stop_the_settings_not_every_request(setting):
    with pytest.raises(ImproperlyConfigured, match=next(iter(setting))):
        database_from_url("postgres://institute@db.example.org/institute", **setting)
