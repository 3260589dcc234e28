"""EXPLAIN ANALYZE of the queries the listing pages really run.

`bench/run.py --explain` (`make bench-explain`) runs this against the benchmark
database: it requests each listing URL once, captures its SQL, and prints the
plan of every SELECT, so a reader can check that the filters, the date range and
the full-text search use the read model's indexes (look for "Index" rather than
"Seq Scan" on the large tables). It reads nothing but the database; PostgreSQL
only.
"""

import os

import django

LISTINGS = {
    "listing": "/briefings/",
    "listing, 2 filters": "/briefings/?challenge={challenge}&from=2010",
    "listing, participant and date range": (
        "/briefings/?participant={participant}&from=2005&to=2015"
    ),
    "listing, challenge and participant": (
        "/briefings/?challenge={challenge}&participant={participant}&from=2012"
    ),
    "listing, q search": "/briefings/?q=ceasefire+monitoring",
    # Nothing found: "Did you mean" looks in the vocabulary's trigram index.
    "listing, misspelt search": "/briefings/?q=ceasfire+monitorng",
    "listing, page 500": "/briefings/?page=500",
}
SLOW_MS = 1.0  # plans of faster queries are summarised in one line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "institute.settings.production")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.probe import benchmark_paths

    paths = benchmark_paths()
    challenge = paths["theme"].strip("/").split("/")[-1]
    participant = paths["participant"].strip("/").split("/")[-1]
    # A page that fails shows its status (and its error in the log); the
    # others are still explained.
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    for label, template in LISTINGS.items():
        path = template.format(challenge=challenge, participant=participant)
        client.get(path)  # code, templates and Wagtail's per-process reads
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        print(f"\n==== {label}: {path} (status {status}, {len(captured)} queries)")
        _print_plans(connection, captured.captured_queries)


def _print_plans(connection, queries: list[dict]) -> None:
    for number, query in enumerate(queries, start=1):
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
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
