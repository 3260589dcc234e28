"""The benchmark's rows through Varnish: real varnishd, nginx and wrk in front of a
loopback app that marks its pages shareable as the site does."""

import shutil
import tempfile
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench import http_cache
from tests.support.http_server import serving

pytestmark = pytest.mark.skipif(
    not (http_cache.available() and shutil.which("wrk")),
    reason="needs varnishd, nginx and wrk",
)
PAGE = b"<!doctype html><title>A briefing</title>" + b"x" * 4000


@pytest.fixture
def app():
    """Answers like the site behind Varnish: shareable pages, and /healthz."""
    asked = Counter()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            asked[self.path] += 1
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            if self.path != "/healthz":
                self.send_header("Cache-Control", "public, max-age=60, s-maxage=600")
                self.send_header("X-Cache-Tags", "content")
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args):
            pass

    with serving(Handler) as httpd:
        yield httpd.server_port, asked


@pytest.fixture
def front_dir():
    """Not under pytest's private temporary folder: Varnish's processes, which run
    as another user when the tests run as root, must read the VCL."""
    path = Path(tempfile.mkdtemp(prefix="institute-bench-front-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_rows_through_varnish_measure_its_hits_and_the_static_limit(
    app, tmp_path, front_dir
):
    port, asked = app
    pool = tmp_path / "pool.txt"
    pool.write_text("".join(f"/briefings/{n}/\n" for n in range(20)))
    emptied = []
    args = SimpleNamespace(seconds=1, rotating_seconds=2, connections=2)
    through = http_cache.measure(
        app_ports={"on": port},
        held_path="/briefings/held/",
        pools={"briefing": {"urls": 20, "file": str(pool)}},
        run_dir=front_dir,
        args=args,
        empty_app_cache=lambda: emptied.append(True),
    )
    assert through["page_bytes"] == len(PAGE)
    # The held page came from Varnish's memory: the app saw it twice (asked for
    # its size, then Varnish's one fetch), however many requests wrk made.
    assert asked["/briefings/held/"] == 2
    assert through["held"]["requests_per_second"] > 100
    assert through["held"]["errors"] == 0
    assert through["static"]["errors"] == 0
    rotating = through["rotating"]["on"]["briefing"]
    # 20 distinct paths: each fetched once, every later request a hit.
    assert all(asked[f"/briefings/{n}/"] == 1 for n in range(20))
    assert 0.5 < rotating["hit_ratio"] < 1
    assert emptied == [True]
    through["floor_rps"] = through["held"]["requests_per_second"] / 10
    table = http_cache.format_rows(through)
    assert "10.0× the floor (target at least 5×): meets" in table
    assert "10.0× faster" in table
    assert "rotating briefing, app's page cache on" in table
