"""Where one page's time goes, in Python and in the database: pyinstrument over
repeated requests.

`bench/run.py --profile` (`make bench-profile`) runs this against the benchmark
database with the production settings and the page cache off, in one process
through Django's test client (no gunicorn): for each page, its time per request,
then the functions that take the most of it, then the call tree.
"""

import argparse
import os
import time

import django

REQUESTS = 20
DEFAULT_PAGES = ["listing_filtered", "listing_q", "briefing"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "institute.settings.production")
    django.setup()
    from django.test import Client
    from pyinstrument import Profiler

    from bench.probe import benchmark_paths

    paths = benchmark_paths()
    client = Client(HTTP_HOST="127.0.0.1")
    for name in args.pages:
        path = paths.get(name, name)
        for _ in range(3):  # code, templates and Wagtail's per-process reads
            client.get(path)
        started = time.perf_counter()
        for _ in range(REQUESTS):
            client.get(path)
        per_request = (time.perf_counter() - started) * 1000 / REQUESTS
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(REQUESTS):
                client.get(path)
        print(f"=== {name}: {path}\n{per_request:.1f} ms a request (no profiler)\n")
        flat = profiler.output_text(unicode=True, color=False, flat=True)
        print("\n".join(flat.splitlines()[:40]))
        print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
