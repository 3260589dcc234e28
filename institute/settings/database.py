"""The database connection, built from DATABASE_URL; used by every settings module."""

import dj_database_url


def database_from_url(
    url: str,
    *,
    conn_max_age: int = 0,
    connect_timeout: int = 5,
    statement_timeout_ms: int = 0,
) -> dict:
    """Django's DATABASES entry for `url`, with PostgreSQL's timeouts when it is one.

    The timeouts turn a database that is down or stuck into an error within
    seconds (a 503 page), never a worker that waits until gunicorn kills it.
    """
    config = dj_database_url.parse(
        url, conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        options["connect_timeout"] = connect_timeout
        if statement_timeout_ms:
            options["options"] = f"-c statement_timeout={statement_timeout_ms}"
    return config
