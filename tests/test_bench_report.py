"""The benchmark reads wrk's report and says by how much a target is missed."""

import pytest

from bench.report import PAGES, build_report, format_table
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
  Non-2xx or 3xx responses: 7
Requests/sec:    324.81
Transfer/sec:      6.70MB
"""


def test_wrk_report_gives_throughput_percentiles_in_ms_and_errors():
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests_per_second == 324.81
    assert result.p50_ms == 11.8
    assert result.p99_ms == 1200.0
    assert result.errors == 7


def test_text_that_is_not_a_wrk_report_is_refused():
    with pytest.raises(ValueError, match="Not a wrk report"):
        parse_wrk("wrk: command failed")


def _report(*, listing_rps: float, floor_status: int = 200, cold_queries=None):
    names = [
        "floor", "home", "listing", "listing_filtered", "listing_q",
        "listing_page_500", "briefing", "theme", "participant", "feed",
    ]  # fmt: skip
    pages = {
        name: {"path": f"/{name}/", "status": 200, "queries": 4, "db_ms": 1.0}
        for name in names
    }
    pages["floor"]["status"] = floor_status
    if cold_queries is not None:
        for page in pages.values():
            page |= {"cold_queries": cold_queries, "cold_db_ms": 9.0, "cold_ms": 20.0}
    pages["feed"]["status"] = 404
    speeds = {name: 100.0 for name in names if name != "feed"}
    speeds["floor"] = 1000.0
    speeds["listing_filtered"] = listing_rps
    measured = {
        mode: {
            name: {
                "requests_per_second": rps,
                "p50_ms": 1000 / rps if rps else 10_000.0,
                "p99_ms": 1.0,
            }
            for name, rps in speeds.items()
            if pages[name]["status"] == 200
        }
        for mode in ("uncached", "cached")
    }
    settings = {"rounds": 1, "seconds": 3, "connections": 4}
    settings |= {"cpus": 2, "load_average": [0.5]}
    return build_report(size=1000, pages=pages, measured=measured, settings=settings)


def test_a_missed_target_says_by_how_much():
    report = _report(listing_rps=25.0)  # 40× the floor's time, target 20×
    check = next(
        c for c in report["targets"] if c["target"].startswith("uncached listing, 2")
    )
    assert check["value"] == 40.0
    assert check["result"] == "misses by 2.0×"
    assert "misses by 2.0×" in format_table(report)


def test_query_target_is_checked_on_the_cold_count_when_it_is_larger():
    report = _report(listing_rps=100.0, cold_queries=12)
    check = next(c for c in report["targets"] if c["target"] == "SQL queries, listing")
    assert check["value"] == 12
    assert check["result"] == "misses by 1.2×"
    table = format_table(report)
    assert "cold: queries" in table
    listing_row = next(
        line for line in table.splitlines() if line.startswith("listing    ")
    )
    assert listing_row.split()[-3:] == ["12", "9.0", "20.0"]


def test_a_page_that_is_missing_is_reported_not_measured():
    report = _report(listing_rps=100.0)
    text = format_table(report)
    assert "n/a (status 404)" in text
    check = next(
        c for c in report["targets"] if c["target"] == "cached RSS feed / floor"
    )
    assert check["result"] == "n/a (status 404)"


def test_without_a_floor_the_ratios_are_not_invented():
    report = _report(listing_rps=100.0, floor_status=404)
    ratios = [c for c in report["targets"] if "/ floor" in c["target"]]
    assert ratios and all(c["result"].startswith("n/a") for c in ratios)


def test_a_page_that_never_answered_in_time_has_no_ratio():
    report = _report(listing_rps=0.0)
    check = next(
        c for c in report["targets"] if c["target"].startswith("uncached listing, 2")
    )
    assert check["result"] == "n/a (no response within wrk's 10 s timeout)"


def test_deep_page_is_compared_with_the_first_page():
    report = _report(listing_rps=100.0)
    check = next(c for c in report["targets"] if "p50 / page 1" in c["target"])
    assert check["value"] == 1.0
    assert check["result"] == "meets"


def test_every_page_is_compared_with_the_faster_of_the_two_floors():
    def speed(rps):
        return {"requests_per_second": rps, "p50_ms": 1000 / rps, "p99_ms": 1.0}

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
    report = build_report(size=1000, pages=pages, measured=measured, settings=settings)
    ratios = {
        row["mode"]: row["x_floor"]
        for row in report["rows"]
        if row["page"] == "listing"
    }
    assert ratios == {"uncached": 10.0, "cached": 2.0}
