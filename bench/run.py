"""`make bench`: the site under gunicorn on PostgreSQL, measured against its floor.

    .venv/bin/python bench/run.py [--count 100000] [--rounds 3] [--seconds S]
    .venv/bin/python bench/run.py --growth        # 10,000 and 100,000
    .venv/bin/python bench/run.py --explain       # EXPLAIN ANALYZE of the listing
    .venv/bin/python bench/run.py --profile [PAGE ...]   # pyinstrument, in process

For each size it uses its own PostgreSQL database (created if missing; the data
is generated once and kept between runs), draws the rotating URL pools from it
(`bench/pools.py`, files in bench/out/pools-<size>/), probes single requests and
publishes (`bench/probe.py`), starts the production settings under gunicorn with
2 sync workers twice (page cache off and on), and runs wrk, interleaved over
several rounds: on each hot page (one fixed URL) on both servers, and on each
rotating kind (a random URL of its pool per request, `bench/rotating.lua`) on the
one with the page cache on. bench/README.md explains the output.
"""

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import http_cache  # noqa: E402
from bench.pools import KINDS, POOL_SIZE, read_pool  # noqa: E402
from bench.report import (  # noqa: E402
    build_report,
    fastest_floor,
    format_growth,
    format_table,
)
from bench.wrk import WrkResult, run_wrk  # noqa: E402

OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
SERVER_URL = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
MODES = {"uncached": "0", "cached": "600"}  # PAGE_CACHE_SECONDS
GROWTH_SIZES = [10_000, 100_000]
WORKERS = 2  # gunicorn sync workers, as deploy/gunicorn.conf.py runs
HOT_SECONDS, ROTATING_SECONDS = 5, 15  # a wrk run, unless --seconds says
FAILURE_SEARCH_SECONDS = 30  # looking for the URLs that failed under load


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the public pages.")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--seconds",
        type=float,
        help=f"each wrk run (default: {HOT_SECONDS} s hot, {ROTATING_SECONDS} s "
        "rotating)",
    )
    parser.add_argument(
        "--rotating-seconds", type=float, help="each rotating run, if not --seconds"
    )
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument(
        "--pool-size", type=int, default=POOL_SIZE, help="URLs per rotating kind"
    )
    parser.add_argument(
        "--probe-sample", type=int, default=20, help="rotating URLs probed per kind"
    )
    parser.add_argument("--growth", action="store_true")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--profile",
        nargs="*",
        metavar="PAGE",
        help="profile these pages (names from the table, or paths)",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.rotating_seconds = args.rotating_seconds or args.seconds or ROTATING_SECONDS
    args.seconds = args.seconds or HOT_SECONDS
    OUT.mkdir(parents=True, exist_ok=True)

    sizes = GROWTH_SIZES if args.growth else [args.count]
    reports = {}
    for size in sizes:
        env = settings_env(database_name(size))
        prepare(env, size=size, seed=args.seed)
        if args.explain:
            subprocess.run(
                [PYTHON, "-m", "bench.explain"],
                env={**env, "PAGE_CACHE_SECONDS": "0"},
                cwd=ROOT,
                check=True,
            )
            continue
        if args.profile is not None:
            subprocess.run(
                [PYTHON, "-m", "bench.profile", *args.profile],
                env={**env, "PAGE_CACHE_SECONDS": "0"},
                cwd=ROOT,
                check=True,
            )
            continue
        try:
            reports[size] = bench_one_size(env, size=size, args=args)
        finally:  # the run's keys, whatever the probes and servers left in Redis
            PageCache(env["CACHE_KEY_PREFIX"]).empty(everything=True)
        text = format_table(reports[size])
        if reports[size].get("through_varnish"):
            text += "\n" + http_cache.format_rows(reports[size]["through_varnish"])
        print(text)
        stem = f"results-{size}"
        (OUT / f"{stem}.txt").write_text(text)
        (OUT / f"{stem}.json").write_text(json.dumps(reports[size], indent=2))
    if args.growth:
        text = format_growth(reports)
        print(text)
        (OUT / "growth.txt").write_text(text)
        (OUT / "growth.json").write_text(json.dumps(reports, indent=2))


def database_name(size: int) -> str:
    return "institute_bench" if size == 100_000 else f"institute_bench_{size}"


def settings_env(database: str) -> dict[str, str]:
    """The production settings, for plain HTTP on loopback (nginx does TLS)."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="institute.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"{SERVER_URL}/{database}",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        REDIS_URL=REDIS_URL,
        # Keys of this run only: nothing cached by an earlier run (of other data).
        CACHE_KEY_PREFIX=f"bench-{database}-{secrets.token_hex(4)}",
        STATIC_ROOT=str(OUT / "static"),
        # Request logs would fill bench/out with a line per request.
        LOG_LEVEL="WARNING",
        GUNICORN_WORKERS=str(WORKERS),
        # wrk asks from one address, far faster than the API's per-client limit.
        API_RATE_LIMIT="100000000/second",
        # No recycling of workers after 2,000 requests: a restart in the middle
        # of a 5-second run is counted against whichever page is measured, and
        # most often against the floor, which serves the most requests.
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_LOG_LEVEL="warning",
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare(env: dict[str, str], *, size: int, seed: int) -> None:
    """Create the database if needed, migrate, and generate exactly `size`
    briefings unless the database already holds them."""
    database = env["DATABASE_URL"].rsplit("/", 1)[1]
    exists = subprocess.run(
        ["psql", f"{SERVER_URL}/postgres", "-Atc", "SELECT 1 FROM pg_database "
         f"WHERE datname = '{database}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(
            ["psql", f"{SERVER_URL}/postgres", "-qc", f'CREATE DATABASE "{database}"'],
            check=True,
        )
    # Migrating and generating are bulk jobs, not a reader's request: the
    # production statement timeout (15 s) would cancel their longest statements.
    env = {**env, "DATABASE_STATEMENT_TIMEOUT_MS": "0"}
    manage = [PYTHON, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
    )
    subprocess.run([*manage, "load_fixtures", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
    )
    counts = _probe_json(env, "--count-only")
    if counts["generated"] != size:
        print(
            f"Generating {size} briefings in {database} "
            f"(it holds {counts['generated']})..."
        )
        started = time.monotonic()
        # The generator is the bench app's, which only the development
        # settings install (the production settings never load it).
        subprocess.run(
            [*manage, "generate_briefings", "--clear", f"--count={size}",
             f"--seed={seed}"],
            env={**env, "DJANGO_SETTINGS_MODULE": "institute.settings.dev"},
            cwd=ROOT, check=True,
        )  # fmt: skip
        print(f"Generated in {time.monotonic() - started:.0f} s.")
        # Fresh statistics, as autovacuum would give a live site.
        subprocess.run(
            ["psql", env["DATABASE_URL"], "-qc", "VACUUM ANALYZE"], check=True
        )
    elif counts["listed"] != counts["published"]:
        # Data generated before the read model, or by an older generator.
        print(f"Rebuilding the read model of {database}...")
        subprocess.run([*manage, "rebuild_listing"], env=env, cwd=ROOT, check=True)


def bench_one_size(env: dict[str, str], *, size: int, args) -> dict:
    """Draw the pools, probe single requests and publishes, then measure the hot
    pages and the rotating kinds under load, interleaved over rounds."""
    pool_dir = OUT / f"pools-{size}"
    pools = _json_of(
        "bench.pools", "--out", str(pool_dir), f"--size={args.pool_size}",
        f"--seed={args.seed}", env=env,
    )  # fmt: skip
    probe = _probe_json(
        {**env, "PAGE_CACHE_SECONDS": "0"},
        "--pools",
        str(pool_dir),
        f"--sample={args.probe_sample}",
        f"--seed={args.seed}",
    )
    # As in production: the publish empties the page cache the next reader fills.
    publish = _probe_json(
        {**env, "PAGE_CACHE_SECONDS": MODES["cached"]}, "--after-publish"
    )
    pages = probe["pages"]
    load = os.getloadavg()
    servable = [name for name, page in pages.items() if page["status"] == 200]
    rotating_kinds = [kind for kind in KINDS if pools[kind]["urls"]]
    runs: dict[str, dict[str, list]] = {mode: {} for mode in MODES}
    rotating_runs: dict[str, list[WrkResult]] = {}
    failing: dict[str, list[dict]] = {}
    servers = {
        mode: Server(env, page_cache_seconds=value) for mode, value in MODES.items()
    }
    page_cache = PageCache(env["CACHE_KEY_PREFIX"])
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():  # warm-up: load code, fill the page cache
            for name in servable:
                run_wrk(server.url(pages[name]["path"]), seconds=1, connections=2)
                server.wait_until_idle()
        for round_number in range(1, args.rounds + 1):
            print(f"size {size}: round {round_number}/{args.rounds}", flush=True)
            for name in servable:
                for mode, server in servers.items():
                    result = run_wrk(
                        server.url(pages[name]["path"]),
                        seconds=args.seconds,
                        connections=args.connections,
                    )
                    runs[mode].setdefault(name, []).append(result)
                    server.wait_until_idle()
            cached = servers["cached"]
            for kind in rotating_kinds:
                # Each run from an empty page cache, as after a publish: else each
                # round would find more of the pool kept than the one before.
                page_cache.empty()
                result = run_wrk(
                    cached.url(""),
                    seconds=args.rotating_seconds,
                    connections=args.connections,
                    paths_file=Path(pools[kind]["file"]),
                )
                rotating_runs.setdefault(kind, []).append(result)
                cached.wait_until_idle()
        through_varnish = None
        if http_cache.available():
            print(f"size {size}: through Varnish", flush=True)
            through_varnish = http_cache.measure(
                app_ports={
                    "on": servers["cached"].port,
                    "off": servers["uncached"].port,
                },
                held_path=pages["briefing"]["path"],
                pools={kind: pools[kind] for kind in rotating_kinds},
                run_dir=OUT / f"varnish-{size}",
                args=args,
                empty_app_cache=page_cache.empty,
            )
        for kind, results in rotating_runs.items():
            if any(result.errors for result in results):
                failing[kind] = servers["cached"].failing(
                    read_pool(pools[kind]["file"]), seconds=FAILURE_SEARCH_SECONDS
                )
    finally:
        for server in servers.values():
            server.stop()
    measured = {
        mode: {name: summarise(results) for name, results in by_page.items()}
        for mode, by_page in runs.items()
    }
    rotating = {
        kind: {"urls": pools[kind]["urls"]}
        | (summarise(rotating_runs[kind]) if kind in rotating_runs else {})
        | ({"failing_urls": failing[kind]} if kind in failing else {})
        for kind in KINDS
    }
    # Kept before any reporting, so that a report's failure loses no measurement.
    (OUT / f"measured-{size}.json").write_text(
        json.dumps(
            {
                "pages": pages,
                "measured": measured,
                "rotating": rotating,
                "rotating_probe": probe.get("rotating"),
                "publish": publish,
            },
            indent=2,
        )
    )
    # Other work on the machine skews every number: the report says how busy it was.
    machine = {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in load]}
    report = build_report(
        size=size,
        pages=pages,
        measured=measured,
        settings=vars(args) | machine,
        rotating=rotating,
        rotating_probe=probe.get("rotating"),
        publish=publish,
    )
    if through_varnish is not None:
        through_varnish["floor_rps"] = fastest_floor(measured)
    report["through_varnish"] = through_varnish
    return report


def summarise(results: list[WrkResult]) -> dict:
    """The rounds of one row: medians of the speeds, sums of what went wrong."""
    summary = {
        "requests_per_second": statistics.median(
            r.requests_per_second for r in results
        ),
        "p50_ms": statistics.median(r.p50_ms for r in results),
        "p99_ms": statistics.median(r.p99_ms for r in results),
        "errors": sum(r.errors for r in results),
        "non_2xx": sum(r.non_2xx for r in results),
        "timeouts": sum(r.timeouts for r in results),
        "socket_errors": sum(r.socket_errors for r in results),
    }
    statuses: dict[int, int] = {}
    for result in results:
        for code, count in result.statuses.items():
            statuses[code] = statuses.get(code, 0) + count
    if statuses:
        summary["statuses"] = statuses
    if all(r.cache_hits is not None for r in results):
        summary["cache_hits"] = sum(r.cache_hits for r in results)
        summary["cache_misses"] = sum(r.cache_misses for r in results)
    return summary


def _probe_json(env: dict[str, str], *args: str) -> dict:
    return _json_of("bench.probe", *args, env=env)


def _json_of(module: str, *args: str, env: dict[str, str]) -> dict:
    """What `python -m module args` prints as JSON; its errors shown if it fails."""
    done = subprocess.run(
        [PYTHON, "-m", module, *args],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{module} {' '.join(args)} failed ({done.returncode})")
    return json.loads(done.stdout)


class PageCache:
    """The run's page cache in Redis, emptied between rotating runs.

    Its keys are Django's, `<prefix>:<version>:pages:...` (the generation and the
    pages, `institute.caching.page_cache`); the prefix is this run's alone, so
    nothing else's keys are touched. Deleting them frees Redis' memory too,
    where a purge leaves thousands of stale pages until they expire."""

    def __init__(self, prefix: str):
        import redis

        self.client = redis.Redis.from_url(REDIS_URL)
        self.prefix = prefix

    def empty(self, *, everything: bool = False) -> int:
        """Delete the pages (`everything`: every key of the run); how many."""
        pattern = f"{self.prefix}:*" if everything else f"{self.prefix}:*:pages:*"
        deleted = 0
        batch = []
        for key in self.client.scan_iter(match=pattern, count=1_000):
            batch.append(key)
            if len(batch) == 1_000:
                deleted += self.client.unlink(*batch)
                batch = []
        if batch:
            deleted += self.client.unlink(*batch)
        return deleted


class Server:
    """gunicorn with the deployment's settings on a free loopback port."""

    def __init__(self, env: dict[str, str], *, page_cache_seconds: str):
        self.port = _free_port()
        self.env = {
            **env,
            "PAGE_CACHE_SECONDS": page_cache_seconds,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
        }
        self.process = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> None:
        config = ROOT / "deploy" / "gunicorn.conf.py"
        command = [str(Path(PYTHON).parent / "gunicorn")]
        if config.exists():
            command += ["-c", str(config)]
        else:  # the same settings as the deployment's, until deploy/ exists
            command += ["--workers", str(WORKERS), "--worker-class", "sync"]
        command += ["--bind", f"127.0.0.1:{self.port}", "institute.wsgi:application"]
        log = (OUT / f"gunicorn-{self.port}.log").open("w")
        self.process = subprocess.Popen(
            command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/"), timeout=5)
                return
            except urllib.error.HTTPError:
                return  # it answers, if not with 200
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn exited; see {log.name}") from None
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 30 s; see {log.name}")

    def failing(self, paths: list[str], *, seconds: float, limit: int = 5) -> list:
        """Up to `limit` of `paths` that do not answer 2xx, each asked for once
        (for at most `seconds`): which URLs a run's errors came from."""
        opener = urllib.request.build_opener(_NoRedirect)
        found = []
        deadline = time.monotonic() + seconds
        for path in paths:
            if len(found) == limit or time.monotonic() > deadline:
                break
            try:
                with opener.open(self.url(path), timeout=30) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError as error:
                status = f"no answer ({error})"
            if not (isinstance(status, int) and 200 <= status < 300):
                found.append({"path": path, "status": status})
        return found

    def wait_until_idle(self) -> None:
        """Wait for requests wrk left behind (a page slower than wrk's timeout
        keeps its worker busy) so they do not slow the next page's measurement:
        one request per worker, at once, answered means every worker is free."""
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            list(pool.map(self._answer, [self.url("/healthz")] * WORKERS))

    @staticmethod
    def _answer(url: str) -> None:
        try:
            urllib.request.urlopen(url, timeout=120).read()
        except urllib.error.HTTPError:
            pass  # answered, if not with 200

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to report, not to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    main()
