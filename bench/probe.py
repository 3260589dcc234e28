"""Single requests outside any load: status, SQL queries and DB time per page, and
what a publish costs.

Run by `bench/run.py` as `python -m bench.probe` with the same settings and
database as the gunicorn it measures; prints JSON on stdout.

- default: each hot page once (after one request that loads code and templates),
  with the page cache off, and, with `--pools DIR`, a sample of each rotating
  pool (`--sample`, 20 URLs a kind): the most queries any of them made;
- `--after-publish`: publishes generated briefings one at a time
  (`save_revision().publish()`, as an editor's Publish button: the read model's
  upkeep and the page cache purge included), timing each, and after each of the
  first ones requests one page kind: the first reader after a publish. Run it with
  the page cache on, as in production: the publish has emptied it;
- `--count-only`: how many generated briefings the database holds, how many are
  published and how many the read model lists.
"""

import argparse
import json
import os
import random
import statistics
import time
import traceback
from pathlib import Path

import django

SAMPLE = 20  # rotating URLs probed per kind
PUBLISHES = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count-only", action="store_true")
    parser.add_argument("--pools", type=Path, help="directory of the pool files")
    parser.add_argument("--sample", type=int, default=SAMPLE)
    parser.add_argument("--after-publish", action="store_true")
    parser.add_argument("--publishes", type=int, default=PUBLISHES)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "institute.settings.production")
    django.setup()
    from bench.generator import generated_count

    if args.count_only:
        print(json.dumps(archive_counts()))
        return
    paths = benchmark_paths()
    if args.after_publish:
        print(json.dumps(after_publish(paths, publishes=args.publishes)))
        return
    result = {"generated": generated_count(), "pages": measure(paths)}
    if args.pools:
        result["rotating"] = measure_pools(
            args.pools, sample=args.sample, rng=random.Random(args.seed)
        )
    print(json.dumps(result))


def archive_counts() -> dict[str, int]:
    """How many briefings were generated, are published (live, public) and are
    listed in the read model: `bench/run.py` rebuilds it when the last two
    differ."""
    from bench.generator import generated_count
    from briefings.listing.read_model import ListedBriefing
    from briefings.models import BriefingPage

    return {
        "generated": generated_count(),
        "published": BriefingPage.objects.live().public().count(),
        "listed": ListedBriefing.objects.count(),
    }


def benchmark_paths() -> dict[str, str]:
    """The hot pages: fixed addresses, chosen from the data: the most frequent
    challenge and participant, the briefing in the middle of the archive."""
    from django.urls import reverse

    from bench.pools import term_counts
    from briefings.listing.read_model import CHALLENGE, PARTICIPANT, ListedCard

    (challenge, _), *_ = term_counts(CHALLENGE, limit=1)
    (participant, _), *_ = term_counts(PARTICIPANT, limit=1)
    cards = ListedCard.objects.order_by("briefing_id").values_list("path", flat=True)
    briefing = cards[cards.count() // 2]
    return {
        "floor": "/healthz",
        "home": "/",
        "listing": "/briefings/",
        "listing_filtered": f"/briefings/?challenge={challenge}&from=2010",
        "listing_q": "/briefings/?q=ceasefire+monitoring",
        "listing_page_500": "/briefings/?page=500",
        "briefing": briefing,
        "theme": reverse("briefings:challenge_detail", kwargs={"slug": challenge}),
        "participant": reverse(
            "briefings:participant_detail", kwargs={"slug": participant}
        ),
        "feed": "/briefings/feed/",
    }


def measure(paths: dict[str, str]) -> dict[str, dict]:
    """Each page once, outside any load: status, SQL queries, the time waiting for
    them (DB ms) and the request's whole time (ms). A first round of requests
    loads the code and templates, which no reader under load waits for."""
    client = _client()
    for path in paths.values():
        client.get(path)
    return {
        name: {"path": path, **_request(client, path)} for name, path in paths.items()
    }


def measure_pools(directory: Path, *, sample: int, rng: random.Random) -> dict:
    """A sample of each rotating pool, one request each: how they answered, the
    most queries one made, the median DB and whole times."""
    from bench.pools import KINDS, read_pool

    client = _client()
    results = {}
    for kind in KINDS:
        file = directory / f"{kind}.txt"
        pool = read_pool(file) if file.exists() else []
        chosen = rng.sample(pool, min(sample, len(pool)))
        if chosen:
            client.get(chosen[0])  # code and templates
        probes = [{"path": path, **_request(client, path)} for path in chosen]
        statuses: dict[str, int] = {}
        for probe in probes:
            statuses[str(probe["status"])] = statuses.get(str(probe["status"]), 0) + 1
        answered = [probe for probe in probes if probe["status"] == 200]
        results[kind] = {
            "sampled": len(probes),
            "statuses": statuses,
            "queries": max((p["queries"] for p in answered), default=None),
            "db_ms": _median([p["db_ms"] for p in answered]),
            "ms": _median([p["ms"] for p in answered]),
            "failures": [p for p in probes if p["status"] != 200],
        }
    return results


def after_publish(paths: dict[str, str], *, publishes: int) -> dict:
    """Publish generated briefings one at a time, timing each; after each of the
    first ones, request one page kind (its hot address) and time that: the page
    cache was emptied by the publish, so it is rendered again."""
    from django.db import connection

    from bench.generator import generated_pages
    from briefings.models import BriefingPage

    kinds = [name for name in paths if name != "floor"]
    count = max(publishes, len(kinds))
    chosen = list(generated_pages().order_by("?").values_list("pk", flat=True)[:count])
    client = _client()
    for path in paths.values():  # code and templates, as in `measure`
        client.get(path)
    timings, first_requests, failures = [], {}, []
    for number, pk in enumerate(chosen):
        page = BriefingPage.objects.get(pk=pk)

        def publish(page=page):
            page.save_revision().publish()

        try:
            timings.append(_timed(connection, publish))
        except Exception:  # reported, as a page's 500 is; the others still run
            failures.append({"page_id": pk, "traceback": traceback.format_exc()})
            continue
        if number < len(kinds):
            name = kinds[number]
            first_requests[name] = {
                "path": paths[name],
                **_request(client, paths[name]),
            }
    return {
        "publish": {
            "count": len(timings),
            "median_ms": _median([t["ms"] for t in timings]),
            "max_ms": max((t["ms"] for t in timings), default=None),
            "queries": _median([t["queries"] for t in timings]),
            "db_ms": _median([t["db_ms"] for t in timings]),
            "failed": len(failures),
        },
        "publish_failures": failures,
        "first_after_publish": first_requests,
    }


def _client():
    from django.test import Client

    # A page that fails answers 500 here, as to a reader, with its traceback kept.
    return Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)


def _request(client, path: str) -> dict:
    from django.db import connection

    responses = []
    result = _timed(connection, lambda: responses.append(client.get(path)))
    response = responses[0]
    result = {"status": response.status_code, **result}
    if response.get("X-Cache"):
        result["cache"] = response["X-Cache"]
    exc_info = getattr(response, "exc_info", None)
    if response.status_code >= 500 and exc_info:
        result["traceback"] = "".join(traceback.format_exception(*exc_info))
    return result


def _timed(connection, action) -> dict:
    """Run `action`: its SQL queries, the time waiting for them, its whole time."""
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
            action()
    return {
        "queries": len(queries),
        "db_ms": round(spent[0] * 1000, 2),
        "ms": round((time.perf_counter() - started) * 1000, 2),
    }


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


if __name__ == "__main__":
    main()
