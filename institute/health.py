"""/healthz and /readyz: what a load balancer or systemd asks of each app server."""

import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

# Once every migration is applied it stays so until the code changes, which
# restarts the process: checking once per process keeps /readyz cheap.
_migrations_applied = False


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answering; touches neither database nor cache."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: the database and the cache answer, migrations are applied."""
    checks = {
        "database": _check_database(),
        "cache": _check_cache(),
        "migrations": _check_migrations(),
    }
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def _check_database() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def _check_cache() -> str:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception:  # Any backend's connection error: the cache is not usable.
        return "unavailable"
    return "ok" if value == "ok" else "unavailable"


def _check_migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return "ok"
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return "unavailable"
    if plan:
        return "pending"
    _migrations_applied = True
    return "ok"
