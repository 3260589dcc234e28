"""EXPLAIN ANALYZE of the queries the listing pages really run.

`bench/run.py --explain` (`make bench-explain`) runs this against the benchmark
database: it requests each listing URL once, captures its SQL, and prints the
plan of every SELECT, so a reader can check that the filter joins, the date range
and the full-text search use indexes (look for "Index" rather than "Seq Scan" on
the large tables). It reads nothing but the database; PostgreSQL only.
"""

import os

import django

LISTINGS = {
    "listing": "/briefings/",
    "listing, 2 filters": "/briefings/?challenge={challenge}&from=2010",
    "listing, participant and date range": (
        "/briefings/?participant={participant}&from=2005&to=2015"
    ),
    "listing, q search": "/briefings/?q=ceasefire+monitoring",
    "listing, page 500": "/briefings/?page=500",
}
SLOW_MS = 1.0  # plans of faster queries are summarised in one line


def orm_equivalents(*, challenge: str, participant: str) -> dict:
    """The listing's filters written directly on `briefing_list()`: the joins,
    date range and full-text search any implementation of the filters needs, so
    their plans can be read whatever the listing page does today."""
    import datetime

    from django.http import QueryDict

    from briefings.models import BriefingPage
    from briefings.queries import briefing_list

    def page_and_count(queryset):
        return lambda: (queryset.count(), list(queryset[:20]))

    listing = briefing_list(filters=QueryDict())
    return {
        "challenge join and date range": page_and_count(
            listing.filter(
                challenges__slug=challenge, date__gte=datetime.date(2010, 1, 1)
            )
        ),
        "participant join and date range": page_and_count(
            listing.filter(
                participant_links__participant__slug=participant,
                date__range=(datetime.date(2005, 1, 1), datetime.date(2015, 12, 31)),
            )
        ),
        "full-text search": lambda: list(
            BriefingPage.objects.live().search("ceasefire monitoring")[:20]
        ),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "institute.settings.production")
    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.probe import benchmark_paths

    paths = benchmark_paths()
    challenge = paths["theme"].strip("/").split("/")[-1]
    participant = paths["participant"].strip("/").split("/")[-1]
    client = Client(HTTP_HOST="127.0.0.1")
    for label, template in LISTINGS.items():
        path = template.format(challenge=challenge, participant=participant)
        client.get(path)  # Wagtail's per-process caches
        # Every query the page makes, as the first reader after a publish: the
        # counts and facets are computed, not read back from the cache.
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        print(f"\n==== {label}: {path} (status {status}, {len(captured)} queries)")
        _print_plans(connection, captured.captured_queries)
    for label, run in orm_equivalents(
        challenge=challenge, participant=participant
    ).items():
        run()
        with CaptureQueriesContext(connection) as captured:
            run()
        print(f"\n==== ORM: {label} ({len(captured)} queries)")
        _print_plans(connection, captured.captured_queries)


def _print_plans(connection, queries: list[dict]) -> None:
    for number, query in enumerate(queries, start=1):
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = [line for (line,) in cursor.fetchall()]
        total = plan[-1]
        if _execution_ms(total) < SLOW_MS:
            print(f"-- query {number}: {total.strip()}  {sql[:100]}")
            continue
        print(f"\n-- query {number}: {sql}\n")
        print("\n".join(plan))


def _execution_ms(line: str) -> float:
    try:
        return float(line.split(":")[1].split()[0])
    except (IndexError, ValueError):
        return float("inf")


if __name__ == "__main__":
    main()
