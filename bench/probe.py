"""One request per benchmarked page, outside any load: status, SQL queries, DB time.

Run by `bench/run.py` as `python -m bench.probe` with the same settings and
database as the gunicorn it measures; prints JSON on stdout. `--count-only` prints
how many generated briefings the database holds (to decide whether to generate).
"""

import argparse
import json
import os
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count-only", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "institute.settings.production")
    django.setup()
    from bench.generator import generated_count

    if args.count_only:
        print(json.dumps({"generated": generated_count()}))
        return
    paths = benchmark_paths()
    print(json.dumps({"generated": generated_count(), "pages": measure(paths)}))


def benchmark_paths() -> dict[str, str]:
    """The pages the benchmark requests, chosen from the data: the most used
    challenge and participant, a briefing from the middle of the archive."""
    from django.db.models import Count

    from bench.generator import generated_pages
    from briefings.models import BriefingPage, Challenge, Participant

    challenge = (
        Challenge.objects.annotate(n=Count("briefings")).order_by("-n", "pk").first()
    )
    participant = (
        Participant.objects.annotate(n=Count("briefing_links"))
        .order_by("-n", "pk")
        .first()
    )
    pages = generated_pages().order_by("path")
    middle = (
        pages[pages.count() // 2] if pages.exists() else BriefingPage.objects.first()
    )
    briefing = BriefingPage.objects.get(pk=middle.pk)
    return {
        "floor": "/healthz",
        "home": "/",
        "listing": "/briefings/",
        "listing_filtered": f"/briefings/?challenge={challenge.slug}&from=2010",
        "listing_q": "/briefings/?q=ceasefire+monitoring",
        "listing_page_500": "/briefings/?page=500",
        "briefing": briefing.url,
        "theme": f"/challenges/{challenge.slug}/",
        "participant": f"/participants/{participant.slug}/",
        "feed": "/briefings/feed/",
    }


def measure(paths: dict[str, str]) -> dict[str, dict]:
    """Each page requested twice, outside any load, with the page cache off: *cold*
    right after emptying the shared cache (the listing's counts are then counted,
    as by the first reader after a publish), then *warm* (as under load, counts
    kept). For each: status, SQL queries, time waiting for them (DB ms) and the
    request's whole time (ms)."""
    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for path in paths.values():  # Load code and per-process caches first.
        client.get(path)
    results = {}
    for name, path in paths.items():
        cache.clear()
        cold = _request(client, path)
        warm = _request(client, path)
        results[name] = {
            "path": path,
            "status": warm["status"],
            "queries": warm["queries"],
            "db_ms": warm["db_ms"],
            "ms": warm["ms"],
            "cold_queries": cold["queries"],
            "cold_db_ms": cold["db_ms"],
            "cold_ms": cold["ms"],
        }
    return results


def _request(client, path: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    spent = [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        with connection.execute_wrapper(timed):
            response = client.get(path)
    return {
        "status": response.status_code,
        "queries": len(queries),
        "db_ms": round(spent[0] * 1000, 2),
        "ms": round((time.perf_counter() - started) * 1000, 2),
    }


if __name__ == "__main__":
    main()
