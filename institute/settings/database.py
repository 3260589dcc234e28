"""The database connection, built from DATABASE_URL; used by every settings module."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# PostgreSQL's own ceilings (its int settings are 32-bit: milliseconds, kB):
# a value past them, or below zero, would be refused at every connection, so
# every request would fail; refused here instead, when the settings load.
LIMITS = {"statement_timeout_ms": 2**31 - 1, "work_mem_mb": (2**31 - 1) // 1024}


def database_from_url(
    url: str,
    *,
    conn_max_age: int = 0,
    connect_timeout: int = 5,
    statement_timeout_ms: int = 0,
    work_mem_mb: int = 0,
) -> dict:
    """Django's DATABASES entry for `url`, with PostgreSQL's timeouts, JIT off and
    `work_mem` when it is one.

    The timeouts turn a database that is down or stuck into an error within
    seconds (a 503 page), never a worker that waits until gunicorn kills it.
    JIT compilation is off: it is made for long analytical queries, and a
    listing's count at 1,000,000 briefings paid 14 ms to compile a plan that
    then ran in about 630 ms either way. `work_mem_mb` (0: the server's) lets a
    listing's bitmap of matching briefings stay exact: with the default 4 MB
    it went lossy at 1,000,000 briefings and the count read 2.7 times the heap
    blocks (`bench/RESULTS.md`).
    """
    for name, value in (
        ("statement_timeout_ms", statement_timeout_ms),
        ("work_mem_mb", work_mem_mb),
    ):
        if not 0 <= value <= LIMITS[name]:
            raise ImproperlyConfigured(
                f"The database's {name} must be from 0 to {LIMITS[name]}, not {value}."
            )
    config = dj_database_url.parse(
        url, conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        options["connect_timeout"] = connect_timeout
        server = {"jit": "off"}
        if statement_timeout_ms:
            server["statement_timeout"] = statement_timeout_ms
        if work_mem_mb:
            server["work_mem"] = f"{work_mem_mb}MB"
        options["options"] = " ".join(f"-c {k}={v}" for k, v in server.items())
    return config
