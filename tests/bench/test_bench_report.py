"""The benchmark reads wrk's report, compares every page with the floor and says
by how much a target is missed, or why it could not be judged."""

import pytest

from bench.pools import KINDS, MIN_POOL
from bench.report import (
    PAGES,
    build_report,
    check_targets,
    format_growth,
    format_table,
)
from bench.wrk import parse_wrk

WRK_OUTPUT = """\
Running 3s test @ http://127.0.0.1:8001/briefings/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.31ms    3.02ms  40.12ms   90.00%
    Req/Sec   325.10     20.33   360.00     70.00%
  Latency Distribution
     50%   11.80ms
     75%   13.02ms
     90%   14.51ms
     99%    1.20s
  975 requests in 3.00s, 20.12MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:    324.81
Transfer/sec:      6.70MB
"""
ROTATING_LINES = """\
rotating: responses 975 cache-hits 300 cache-misses 675
rotating: status 500 7
rotating: status 302 4
"""


def test_wrk_report_gives_throughput_percentiles_in_ms_and_errors():
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests_per_second == 324.81
    assert result.p50_ms == 11.8
    assert result.p99_ms == 1200.0
    assert (result.non_2xx, result.timeouts, result.socket_errors) == (7, 2, 1)
    assert result.errors == 10
    assert result.cache_hits is None


def test_rotating_script_lines_add_redirects_and_cache_hits():
    result = parse_wrk(WRK_OUTPUT + ROTATING_LINES)
    # wrk counts the seven 500s; the script also saw four redirects.
    assert result.statuses == {500: 7, 302: 4}
    assert result.non_2xx == 11
    assert result.errors == 14
    assert (result.cache_hits, result.cache_misses) == (300, 675)


def test_text_that_is_not_a_wrk_report_is_refused():
    with pytest.raises(ValueError, match="Not a wrk report"):
        parse_wrk("wrk: command failed")


def speed(rps: float, **extra) -> dict:
    return {
        "requests_per_second": rps,
        "p50_ms": 1000 / rps if rps else 10_000.0,
        "p99_ms": 1.0,
        "errors": 0,
    } | extra


def _report(
    *,
    listing_rps: float = 100.0,
    floor_status: int = 200,
    queries: int = 4,
    rotating_rps: dict | None = None,
    rotating_extra: dict | None = None,
    urls: int = 5_000,
    publish_ms: float | None = 80.0,
):
    pages = {
        name: {"path": f"/{name}/", "status": 200, "queries": queries, "db_ms": 1.0}
        for name in PAGES
    }
    pages["floor"]["status"] = floor_status
    pages["feed"]["status"] = 404
    speeds = {name: 100.0 for name in PAGES if name != "feed"}
    speeds["floor"] = 1000.0
    speeds["listing_filtered"] = listing_rps
    measured = {
        mode: {
            name: speed(rps)
            for name, rps in speeds.items()
            if pages[name]["status"] == 200
        }
        for mode in ("uncached", "cached")
    }
    rotating_rps = {kind: 100.0 for kind in KINDS} | (rotating_rps or {})
    rotating = {
        kind: {"urls": urls, "cache_hits": 10, "cache_misses": 90}
        | speed(rps)
        | (rotating_extra or {}).get(kind, {})
        for kind, rps in rotating_rps.items()
    }
    probe = {
        kind: {"sampled": 20, "queries": queries, "db_ms": 2.0, "failures": []}
        for kind in KINDS
    }
    publish = None
    if publish_ms is not None:
        publish = {
            "publish": {
                "count": 10,
                "median_ms": publish_ms,
                "max_ms": publish_ms * 2,
                "queries": 40,
                "db_ms": 30.0,
            },
            "first_after_publish": {
                "listing": {
                    "path": "/briefings/",
                    "status": 200,
                    "queries": 6,
                    "db_ms": 4.0,
                    "ms": 25.0,
                    "cache": "miss",
                }
            },
        }
    settings = {"rounds": 1, "seconds": 3, "rotating_seconds": 3, "connections": 4}
    settings |= {"cpus": 2, "load_average": [0.5]}
    return build_report(
        size=10_000,
        pages=pages,
        measured=measured,
        settings=settings,
        rotating=rotating,
        rotating_probe=probe,
        publish=publish,
    )


def _target(report, name):
    return next(c for c in report["targets"] if c["target"] == name)


def _rotating(report, kind):
    return next(row for row in report["rotating"] if row["kind"] == kind)


def test_rotating_row_is_compared_with_the_floor_and_judged():
    report = _report(rotating_rps={"briefing": 125.0, "listing": 20.0})
    briefing = _rotating(report, "briefing")
    assert briefing["x_floor"] == 8.0  # 1,000 req/s floor over 125
    assert briefing["verdict"] == "meets"
    assert briefing["cache_hit_share"] == 0.1
    listing = _rotating(report, "listing")
    assert listing["x_floor"] == 50.0
    assert listing["verdict"] == "misses by 1.7×"  # the target is 30×
    check = _target(report, "rotating listings, 2 filters / floor")
    assert (check["value"], check["result"]) == (50.0, "misses by 1.7×")
    row = next(
        line
        for line in format_table(report).splitlines()
        if line.startswith("listings, 2 filters")
    )
    assert "50.0" in row and "misses by 1.7×" in row and "10%" in row


def test_rotating_errors_are_reported_and_the_run_is_not_judged():
    failing = [{"path": "/briefings/?q=ceasefire", "status": 500}]
    extra = {
        "search": {
            "errors": 5,
            "non_2xx": 3,
            "timeouts": 2,
            "statuses": {500: 3},
            "failing_urls": failing,
        }
    }
    report = _report(rotating_extra=extra)
    search = _rotating(report, "search")
    assert search["x_floor"] == 10.0
    assert search["verdict"] == "n/a (3 × 500, 2 timeouts)"
    assert (
        _target(report, "rotating searches / floor")["result"]
        == "n/a (3 × 500, 2 timeouts)"
    )
    text = format_table(report)
    assert "rotating searches: 3 × 500, 2 timeouts" in text
    assert "500 /briefings/?q=ceasefire" in text
    assert "Errors: none" not in text


def test_a_clean_run_says_there_were_no_errors():
    assert "Errors: none" in format_table(_report())


def test_a_pool_smaller_than_required_misses_by_how_much():
    report = _report(urls=1_500)
    check = _target(report, "URLs in the pool, briefing pages")
    assert check["bound"] == "≥" and check["limit"] == MIN_POOL
    assert check["result"] == f"misses by {MIN_POOL / 1_500:.1f}×"
    assert _target(_report(), "URLs in the pool, briefing pages")["result"] == "meets"


def test_query_target_is_checked_on_hot_pages_and_on_the_rotating_probe():
    report = _report(queries=12)
    assert _target(report, "SQL queries, hot listing")["result"] == "misses by 1.2×"
    rotating = _target(report, "SQL queries, rotating searches (most of 20)")
    assert (rotating["value"], rotating["result"]) == (12, "misses by 1.2×")
    assert _target(_report(), "SQL queries, hot listing")["result"] == "meets"


def test_a_missed_hot_target_says_by_how_much():
    report = _report(listing_rps=25.0)  # 40× the floor's time, target 20×
    check = _target(report, "hot uncached listing, 2 filters / floor")
    assert check["value"] == 40.0
    assert check["result"] == "misses by 2.0×"
    assert "misses by 2.0×" in format_table(report)


def test_publish_time_is_judged_and_reported_with_the_first_request_after_it():
    report = _report(publish_ms=450.0)
    check = _target(report, "publish, median of 10")
    assert check["result"] == "misses by 1.5×"
    text = format_table(report)
    assert "median of 10): 450.0 ms, slowest 900.0 ms" in text
    first = next(
        line
        for line in text.split("First request after a publish")[1].splitlines()
        if line.startswith("listing ")
    )
    assert first.split() == ["listing", "200", "6", "4.0", "25.0", "miss"]
    unmeasured = _report(publish_ms=None)
    assert _target(unmeasured, "publish")["result"] == "n/a (not measured)"


def test_the_rotating_table_comes_first_and_the_targets_last():
    text = format_table(_report())
    order = [
        text.index("Rotating:"),
        text.index("Hot:"),
        text.index("Publish ("),
        text.index("First request after a publish"),
        text.index("Targets:"),
    ]
    assert order == sorted(order)


def test_a_page_that_is_missing_is_reported_not_measured():
    report = _report()
    text = format_table(report)
    assert "n/a (status 404)" in text
    check = _target(report, "hot cached RSS feed / floor")
    assert check["result"] == "n/a (status 404)"


def test_without_a_floor_the_ratios_are_not_invented():
    report = _report(floor_status=404)
    ratios = [c for c in report["targets"] if "/ floor" in c["target"]]
    assert ratios and all(c["result"].startswith("n/a") for c in ratios)
    assert all(row["verdict"] == "n/a (no floor)" for row in report["rotating"])


def test_a_page_that_never_answered_in_time_has_no_ratio():
    report = _report(listing_rps=0.0)
    check = _target(report, "hot uncached listing, 2 filters / floor")
    assert check["result"] == "n/a (no response within wrk's 10 s timeout)"


def test_deep_page_is_compared_with_the_first_page():
    check = _target(_report(), "hot listing page 500 p50 / page 1 p50")
    assert check["value"] == 1.0
    assert check["result"] == "meets"


def test_every_page_is_compared_with_the_faster_of_the_two_floors():
    pages = {
        name: {"path": f"/{name}/", "status": 200, "queries": 4, "db_ms": 1.0}
        for name in PAGES
    }
    measured = {
        # The same view on the same settings: the uncached server's floor was
        # measured at a busy moment.
        "uncached": {"floor": speed(400.0), "listing": speed(100.0)},
        "cached": {"floor": speed(1000.0), "listing": speed(500.0)},
    }
    settings = {"rounds": 1, "seconds": 3, "connections": 4, "cpus": 2}
    report = build_report(
        size=1000,
        pages=pages,
        measured=measured,
        settings=settings,
        rotating={"briefing": {"urls": 3_000} | speed(200.0)},
    )
    ratios = {
        row["mode"]: row["x_floor"]
        for row in report["rows"]
        if row["page"] == "listing"
    }
    assert ratios == {"uncached": 10.0, "cached": 2.0}
    assert _rotating(report, "briefing")["x_floor"] == 5.0
    assert _rotating(report, "search")["verdict"] == "n/a (no URLs in the pool)"


def test_growth_compares_the_rotating_listing_at_the_smallest_and_largest_size():
    small = _report(rotating_rps={"listing": 100.0})  # p50 10 ms
    large = _report(rotating_rps={"listing": 50.0})  # p50 20 ms: 2× (limit 1.5×)
    text = format_growth({10_000: small, 100_000: large})
    assert "p50 growth 10,000 → 100,000: 2.00×" in text
    assert "misses by 1.3×" in text
    steady = format_growth({10_000: small, 100_000: _report()})
    assert "1.00× (target ≤ 1.5×): meets" in steady


def test_a_publish_that_fails_is_reported_and_the_target_not_judged():
    report = _report()
    publish = {
        "publish": {
            "count": 0,
            "median_ms": None,
            "max_ms": None,
            "queries": None,
            "db_ms": None,
            "failed": 10,
        },
        "publish_failures": [
            {"page_id": 7, "traceback": "Traceback...\nProgrammingError: no column"}
        ],
    }
    report = build_report(
        size=10_000,
        pages={row["page"]: row for row in report["rows"]},
        measured={},
        settings=report["settings"],
        publish=publish,
    )
    check = _target(report, "publish, median of 0")
    assert check["result"] == "n/a (10 of 10 publishes failed)"
    text = format_table(report)
    assert "Publish: all 10 publishes failed" in text
    assert "publish of briefing 7: ProgrammingError: no column" in text


def test_a_narrow_miss_does_not_read_as_none():
    report = _report()
    for row in report["rows"]:
        if row["mode"] == "cached" and row["page"] == "home":
            row["x_floor"] = 1.53
    check = next(
        c for c in check_targets(report) if c["target"] == "hot cached home / floor"
    )
    assert check["result"] == "misses by 1.02×"
