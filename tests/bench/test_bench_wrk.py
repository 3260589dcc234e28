"""The rotating benchmark's wrk script: each request a random path of the pool
file, and every answer that is not 2xx counted, 3xx included."""

import shutil
from collections import Counter
from http.server import BaseHTTPRequestHandler

import pytest

from bench.wrk import run_wrk
from tests.support.http_server import serving

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk")

STATUSES = {"/missing/": 404, "/moved/": 302}
CACHED = {"/a/"}


@pytest.fixture
def server():
    """A loopback server answering every path, recording which were asked for."""
    asked = Counter()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as wrk expects
        disable_nagle_algorithm = True

        def do_GET(self):
            asked[self.path] += 1
            body = b"ok"
            self.send_response(STATUSES.get(self.path, 200))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Cache", "hit" if self.path in CACHED else "miss")
            if self.path == "/moved/":
                self.send_header("Location", "/a/")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    with serving(Handler) as httpd:
        yield f"http://127.0.0.1:{httpd.server_port}", asked


def test_each_request_is_a_random_path_of_the_file(server, tmp_path):
    url, asked = server
    pool = [f"/page/{number}/" for number in range(8)]
    paths_file = tmp_path / "pool.txt"
    paths_file.write_text("\n".join(pool) + "\n")
    result = run_wrk(url, seconds=1, connections=2, paths_file=paths_file)
    assert set(asked) <= set(pool)
    assert len(asked) == len(pool)  # hundreds of requests reach all eight
    assert result.errors == 0
    # Every answer the script saw was counted; one per connection may still have
    # been on its way when the run ended.
    assert result.cache_hits == 0
    assert sum(asked.values()) - 2 <= result.cache_misses <= sum(asked.values())


def test_answers_that_are_not_2xx_are_counted_by_status(server, tmp_path):
    url, asked = server
    paths_file = tmp_path / "pool.txt"
    paths_file.write_text("/a/\n/missing/\n/moved/\n")
    result = run_wrk(url, seconds=1, connections=2, paths_file=paths_file)
    # What wrk sent and what the script saw (a request cut short by the end of
    # the run may be answered but not counted).
    assert result.statuses[404] <= asked["/missing/"]
    assert result.statuses[302] <= asked["/moved/"]
    assert result.statuses[404] > 0 and result.statuses[302] > 0
    assert (
        result.errors == result.non_2xx == result.statuses[404] + result.statuses[302]
    )
    assert 0 < result.cache_hits <= asked["/a/"]
