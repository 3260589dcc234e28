"""The rows through Varnish (deploy/varnish/): a page Varnish holds, each rotating
kind through it with its hit ratio, and, for the physical limit, nginx serving a
static file of the same size, all in the run that measured the app's floor.

Used by `bench/run.py` while its page-cached app server is still running.
"""

import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from bench.wrk import run_wrk
from deploy import render_varnish
from deploy.serve_prod import NGINX, VARNISHD, free_port, nginx_main_conf

# A cached page at least this many times the app's floor in requests per second.
HELD_PAGE_AT_LEAST = 5.0


class Front:
    """varnishd in front of one app server, and an nginx serving one file."""

    def __init__(self, app_port: int, run_dir: Path):
        self.app_port = app_port
        self.run_dir = run_dir
        self.varnish_port = free_port()
        self.purge_port = free_port()
        self.nginx_port = free_port()
        self.processes: list[subprocess.Popen] = []

    def start(self, *, static_bytes: int) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir.chmod(0o755)
        vcl = render_varnish.render(
            [f"127.0.0.1:{self.app_port}"],
            host_header="127.0.0.1",
            output=self.run_dir / "institute.vcl",
        )
        self.processes.append(
            subprocess.Popen(
                [VARNISHD, "-F", "-n", str(self.run_dir / "state"), "-T", "none",
                 "-a", f"readers=127.0.0.1:{self.varnish_port}",
                 "-a", f"purge=127.0.0.1:{self.purge_port}",
                 "-f", str(vcl), "-s", "malloc,512m"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
        static = self.run_dir / "static"
        static.mkdir(exist_ok=True)
        (static / "page.html").write_bytes(b"x" * static_bytes)
        (static / "page.html").chmod(0o644)
        conf = self.run_dir / "nginx.conf"
        server = f"listen 127.0.0.1:{self.nginx_port}; root {static};"
        conf.write_text(
            nginx_main_conf(
                self.run_dir,
                temp_dir=self.run_dir,
                http=f"    access_log off;\n    server {{ {server} }}",
            )
        )
        self.processes.append(
            subprocess.Popen(
                [NGINX, "-p", str(self.run_dir), "-c", str(conf),
                 "-e", str(self.run_dir / "nginx-error.log")],
            )
        )  # fmt: skip
        for url in (self.varnish_url("/healthz"), self.static_url()):
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"{url} did not answer") from None
                    time.sleep(0.2)

    def varnish_url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.varnish_port}{path}"

    def static_url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}/page.html"

    def counters(self) -> dict[str, int]:
        """Varnish's hit and miss counters so far."""
        output = subprocess.run(
            ["varnishstat", "-n", str(self.run_dir / "state"), "-1", "-j",
             "-f", "MAIN.cache_hit", "-f", "MAIN.cache_miss"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        counters = json.loads(output).get("counters", {})
        return {
            name.split(".")[-1]: counters.get(name, {}).get("value", 0)
            for name in ("MAIN.cache_hit", "MAIN.cache_miss")
        }

    def ban_everything(self) -> None:
        """Start a rotating run from an empty cache, as after a publish: the
        ban the site sends on every change."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.purge_port}/",
            method="BAN",
            headers={"X-Ban-Tag": "content"},
        )
        urllib.request.urlopen(request, timeout=5).read()

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def available() -> bool:
    return all(Path(tool).exists() for tool in (VARNISHD, NGINX)) and bool(
        shutil.which("varnishstat")
    )


def measure(
    *,
    app_ports: dict[str, int],
    held_path: str,
    pools: dict,
    run_dir: Path,
    args,
    empty_app_cache,
) -> dict:
    """The rows through Varnish, as plain data for the report: the held page and
    the static file in front of the first server of `app_ports` (mode: port),
    the rotating kinds in front of each, so that the app's own page cache behind
    Varnish can be judged. Each rotating run starts with both Varnish and the
    app's page cache empty (`empty_app_cache`)."""
    first_port = next(iter(app_ports.values()))
    page = urllib.request.urlopen(
        f"http://127.0.0.1:{first_port}{held_path}", timeout=30
    ).read()
    through: dict = {"page_bytes": len(page), "rotating": {}}
    for mode, port in app_ports.items():
        front = Front(port, run_dir / mode)
        try:
            front.start(static_bytes=len(page))
            if "held" not in through:
                through["held"] = _held_page(front, held_path, args)
                through["static"] = _row(
                    run_wrk(front.static_url(), seconds=args.seconds,
                            connections=args.connections)
                )  # fmt: skip
            through["rotating"][mode] = {
                kind: _rotating(front, pool, args, empty_app_cache)
                for kind, pool in pools.items()
                if pool["urls"]
            }
        finally:
            front.stop()
    return through


def _row(result) -> dict:
    return {
        "requests_per_second": result.requests_per_second,
        "p50_ms": result.p50_ms,
        "errors": result.errors,
    }


def _held_page(front: Front, path: str, args) -> dict:
    for _ in range(2):  # the second is served from memory
        urllib.request.urlopen(front.varnish_url(path), timeout=30).read()
    result = run_wrk(
        front.varnish_url(path), seconds=args.seconds, connections=args.connections
    )
    return {"path": path} | _row(result)


def _rotating(front: Front, pool: dict, args, empty_app_cache) -> dict:
    front.ban_everything()
    empty_app_cache()
    before = front.counters()
    result = run_wrk(
        front.varnish_url(""),
        seconds=args.rotating_seconds,
        connections=args.connections,
        paths_file=Path(pool["file"]),
    )
    after = front.counters()
    hits = after["cache_hit"] - before["cache_hit"]
    misses = after["cache_miss"] - before["cache_miss"]
    # Not rounded: 20 misses among 40,000 hits is still short of 1 (the table
    # rounds it for display).
    ratio = hits / (hits + misses) if hits + misses else None
    return _row(result) | {"hit_ratio": ratio}


def format_rows(through: dict) -> str:
    """The table printed after the app's own: req/s, p50, and how each compares
    with the app's floor (here a multiple of it: higher is better)."""
    floor_rps = through.get("floor_rps")
    lines = [
        "",
        "Through Varnish: requests/s, and against the app's floor (/healthz) in the",
        "same run: how many times faster (a page Varnish holds) or slower (a miss)",
        f"{'row':<52} {'req/s':>10} {'p50 ms':>8} {'vs floor':>14} {'hits':>6}",
    ]

    def line(label, row, hits=""):
        rps = row["requests_per_second"]
        versus = "-"
        if floor_rps and rps:
            versus = (
                f"{rps / floor_rps:.1f}× faster"
                if rps >= floor_rps
                else f"{floor_rps / rps:.1f}× slower"
            )
        label = label if len(label) <= 52 else label[:49] + "..."
        lines.append(
            f"{label:<52} {rps:>10.0f} {row['p50_ms']:>8.2f} {versus:>14} {hits:>6}"
        )

    line(f"held page {through['held']['path']}", through["held"])
    line(f"nginx, a static file of {through['page_bytes']:,} bytes", through["static"])
    for mode, by_kind in through["rotating"].items():
        for kind, row in by_kind.items():
            ratio = row["hit_ratio"]
            hits = "-" if ratio is None else f"{ratio:.0%}"
            line(f"rotating {kind}, app's page cache {mode}", row, hits)
    if floor_rps:
        times = through["held"]["requests_per_second"] / floor_rps
        verdict = "meets" if times >= HELD_PAGE_AT_LEAST else "MISSES"
        lines.append(
            f"held page through Varnish: {times:.1f}× the floor "
            f"(target at least {HELD_PAGE_AT_LEAST:g}×): {verdict}"
        )
    return "\n".join(lines)
