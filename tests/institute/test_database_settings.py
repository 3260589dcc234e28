"""The database connection is built with timeouts, so a down database fails fast."""

from institute.settings.database import database_from_url


def test_postgresql_gets_connect_and_statement_timeouts_and_health_checks():
    config = database_from_url(
        "postgres://institute@db.example.org:5432/institute",
        conn_max_age=60,
        connect_timeout=3,
        statement_timeout_ms=15_000,
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["OPTIONS"]["connect_timeout"] == 3
    assert config["OPTIONS"]["options"] == "-c statement_timeout=15000"


def test_sqlite_gets_no_postgresql_options():
    config = database_from_url("sqlite:///tmp/site.db")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert "connect_timeout" not in config.get("OPTIONS", {})
    assert config["CONN_MAX_AGE"] == 0
