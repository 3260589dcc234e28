"""The benchmark's tables and their comparison with the performance targets.

Used by `bench/run.py`: `build_report` turns measurements into a JSON-able dict,
`format_table` and `format_growth` into the text printed and kept in bench/out/.
Every target's verdict is `meets`, `misses by N×` (measured over limit, or limit
over measured for a lower bound) or `n/a (why)`.
"""

from bench.pools import KINDS, MIN_POOL

# The hot pages: one fixed address each, asked for again and again.
PAGES = {
    "floor": "floor (/healthz)",
    "home": "home",
    "listing": "listing",
    "listing_filtered": "listing, 2 filters",
    "listing_q": "listing, q search",
    "listing_page_500": "listing, page 500",
    "briefing": "briefing page",
    "theme": "theme page",
    "participant": "participant page",
    "feed": "RSS feed",
}
# Targets of the performance issue. Rotating rows (page cache on): most times the
# floor's time per request...
# The API's listing is held to the HTML listing's ratio.
ROTATING_LIMITS = {"briefing": 10, "listing": 30, "search": 40, "term": 25, "api": 30}
# ...most SQL queries any page may make (one request, from the probe)...
QUERY_LIMIT = 10
# ...hot rows: most times the floor's time, uncached and cached...
UNCACHED_LIMITS = {"listing_filtered": 20, "briefing": 10, "listing_q": 30}
CACHED_LIMIT = 1.5
DEEP_PAGE_LIMIT = 2.0  # page 500's p50 over page 1's
PUBLISH_LIMIT_MS = 300.0
# ...and the rotating listing's p50 at the largest size over the smallest.
GROWTH_LIMIT = 1.5
GROWTH_KIND = "listing"


def build_report(
    *,
    size: int,
    pages: dict,
    measured: dict,
    settings: dict,
    rotating: dict | None = None,
    rotating_probe: dict | None = None,
    publish: dict | None = None,
) -> dict:
    """Rows of the rotating and hot tables with their ratios to the floor, the
    publish measurements, and the target verdicts.

    `pages`: the probe of each hot page; `measured`: wrk's numbers per mode
    (uncached, cached) and hot page; `rotating`: wrk's numbers per rotating kind
    with the size of its pool (`urls`); `rotating_probe`: the probe of a sample of
    each pool; `publish`: the probe's `--after-publish` output."""
    floor_rps = fastest_floor(measured)
    rows = []
    for mode, by_page in measured.items():
        for name, label in PAGES.items():
            probe = pages[name]
            row = {
                "page": name,
                "label": label,
                "mode": mode,
                "path": probe["path"],
                "status": probe["status"],
                "queries": probe["queries"],
                "db_ms": probe["db_ms"],
            }
            if name in by_page:
                row |= by_page[name]
                if floor_rps and name != "floor" and row["requests_per_second"] > 0:
                    row["x_floor"] = round(floor_rps / row["requests_per_second"], 2)
            rows.append(row)
    rotating_rows = [
        _rotating_row(
            kind,
            (rotating or {}).get(kind, {}),
            (rotating_probe or {}).get(kind, {}),
            floor_rps,
        )
        for kind in KINDS
    ]
    publish = publish or {}
    report = {
        "size": size,
        "settings": settings,
        "floor_requests_per_second": floor_rps,
        "rotating": rotating_rows,
        "rows": rows,
        "publish": publish.get("publish"),
        "publish_failures": publish.get("publish_failures", []),
        "first_after_publish": publish.get("first_after_publish", {}),
    }
    report["targets"] = check_targets(report)
    return report


def _rotating_row(kind: str, measured: dict, probe: dict, floor_rps) -> dict:
    row = {
        "kind": kind,
        "label": KINDS[kind],
        "urls": measured.get("urls", 0),
        "queries": probe.get("queries"),
        "db_ms": probe.get("db_ms"),
        "probed": probe.get("sampled", 0),
        "probe_failures": probe.get("failures", []),
        "limit": ROTATING_LIMITS[kind],
    }
    row |= {key: value for key, value in measured.items() if key != "urls"}
    rps = row.get("requests_per_second")
    if floor_rps and rps:
        row["x_floor"] = round(floor_rps / rps, 2)
    hits, misses = row.get("cache_hits"), row.get("cache_misses")
    if hits is not None and misses is not None and hits + misses:
        row["cache_hit_share"] = round(hits / (hits + misses), 3)
    # A run with errors is not judged: a fast error page would flatter it.
    missing = _why(row)
    row["verdict"] = (
        f"n/a{missing}" if missing else _verdict(row["x_floor"], row["limit"])
    )
    return row


def fastest_floor(measured: dict) -> float | None:
    """The floor's requests/s: the faster of the two servers' measurements. Both
    serve the same trivial view with the same settings, so a slower one measured
    a busy moment of the machine, and dividing by it would flatter every page."""
    speeds = [
        by_page["floor"]["requests_per_second"]
        for by_page in measured.values()
        if by_page.get("floor", {}).get("requests_per_second")
    ]
    return max(speeds) if speeds else None


def _verdict(value, limit: float, *, at_least: bool = False) -> str | None:
    if value is None:
        return None
    over = limit / value if at_least else value / limit
    if over <= 1:
        return "meets"
    # 1.53 against 1.5 is a miss: "by 1.0×" would read as none.
    return f"misses by {over:.2f}×" if over < 1.1 else f"misses by {over:.1f}×"


def check_targets(report: dict) -> list[dict]:
    """Each target of the issue: the limit, the measured value, by how much it
    misses, or why it could not be measured."""
    checks = []

    def check(name, value, limit, unit, missing="", *, at_least=False) -> None:
        entry = {"target": name, "limit": limit, "bound": "≥" if at_least else "≤"}
        if value is None or missing:
            entry["result"] = f"n/a{missing or ''}"
        else:
            entry |= {"value": value, "unit": unit}
            entry["result"] = _verdict(value, limit, at_least=at_least)
        checks.append(entry)

    for row in report["rotating"]:
        label = f"rotating {row['label']}"
        check(f"{label} / floor", row.get("x_floor"), row["limit"], "×", _why(row))
        check(
            f"URLs in the pool, {row['label']}",
            row["urls"] or None,
            MIN_POOL,
            "URLs",
            "" if row["urls"] else " (no pool)",
            at_least=True,
        )
        probed = f"{label} (most of {row['probed']})"
        failed = row["probe_failures"]
        check(
            f"SQL queries, {probed}",
            row["queries"],
            QUERY_LIMIT,
            "queries",
            f" ({len(failed)} of the probed did not answer 200)"
            if failed
            else ("" if row["queries"] is not None else " (not probed)"),
        )
    by_key = {(row["page"], row["mode"]): row for row in report["rows"]}
    for page, label in PAGES.items():
        row = by_key.get((page, "uncached"))
        if page == "floor" or row is None:
            continue
        value = row["queries"] if row["status"] == 200 else None
        missing = f" (status {row['status']})" if row["status"] != 200 else ""
        check(f"SQL queries, hot {label}", value, QUERY_LIMIT, "queries", missing)
    for page, limit in UNCACHED_LIMITS.items():
        row = by_key.get((page, "uncached"))
        if row is not None:
            name = f"hot uncached {PAGES[page]} / floor"
            check(name, row.get("x_floor"), limit, "×", _why(row))
    for page, label in PAGES.items():
        row = by_key.get((page, "cached"))
        if page == "floor" or row is None:
            continue
        name = f"hot cached {label} / floor"
        check(name, row.get("x_floor"), CACHED_LIMIT, "×", _why(row))
    first = by_key.get(("listing", "uncached"))
    deep = by_key.get(("listing_page_500", "uncached"))
    if first is not None and deep is not None:
        measured = first.get("requests_per_second") and deep.get("requests_per_second")
        ratio = round(deep["p50_ms"] / first["p50_ms"], 2) if measured else None
        check(
            "hot listing page 500 p50 / page 1 p50",
            ratio,
            DEEP_PAGE_LIMIT,
            "×",
            _why(deep) or _why(first),
        )
    publish = report.get("publish")
    failed = publish.get("failed", 0) if publish else 0
    if not publish:
        missing = " (not measured)"
    elif failed:
        missing = f" ({failed} of {publish['count'] + failed} publishes failed)"
    else:
        missing = ""
    check(
        f"publish, median of {publish['count']}" if publish else "publish",
        publish.get("median_ms") if publish else None,
        PUBLISH_LIMIT_MS,
        "ms",
        missing,
    )
    return checks


def _why(row: dict) -> str:
    """Why a row has no verdict ('' when it has one)."""
    if row.get("status", 200) != 200:
        return f" (status {row['status']})"
    if "urls" in row and not row["urls"]:
        return " (no URLs in the pool)"
    if row.get("errors"):
        return f" ({_errors_text(row)})"
    if row.get("requests_per_second") == 0:
        return " (no response within wrk's 10 s timeout)"
    if row.get("requests_per_second") is None:
        return " (not measured)"
    if "x_floor" not in row and row.get("page") != "floor":
        return " (no floor)"
    return ""


def _errors_text(row: dict) -> str:
    parts = []
    statuses = row.get("statuses") or {}
    if statuses:
        parts += [f"{count} × {code}" for code, count in sorted(statuses.items())]
    elif row.get("non_2xx"):
        parts.append(f"{row['non_2xx']} non-2xx")
    if row.get("timeouts"):
        parts.append(f"{row['timeouts']} timeouts")
    if row.get("socket_errors"):
        parts.append(f"{row['socket_errors']} socket errors")
    if not parts:
        parts.append(f"{row['errors']} errors")
    return ", ".join(parts)


def format_table(report: dict) -> str:
    """The report as text: the rotating table, the hot table, the publish, the
    first requests after a publish, the errors, then every target's verdict."""
    settings = report["settings"]
    floor = report.get("floor_requests_per_second")
    load = settings.get("load_average") or [0]
    lines = [
        f"Briefings: {report['size']:,}   wrk: {_rounds(settings['rounds'])}, "
        f"{settings['connections']} connections, 1 thread; rotating "
        f"{settings.get('rotating_seconds', settings['seconds']):g} s, hot "
        f"{settings['seconds']:g} s a run; medians over rounds   load average at "
        f"start: {load[0]:g} on {settings.get('cpus', '?')} CPUs",
        "Floor (/healthz, the faster of the two servers): "
        + (f"{floor:,.0f} req/s" if floor else "n/a"),
        "",
        "Rotating: each request a random URL of the kind's pool; page cache on,",
        "emptied before each run (as after a publish)",
        f"{'kind':<28} {'URLs':>6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'× floor':>7} {'hits':>5} {'queries':>7} {'DB ms':>6} {'errors':>6}"
        f" {'target':>7}  verdict",
    ]
    for row in report["rotating"]:
        hit_share = row.get("cache_hit_share")
        measured = row.get("requests_per_second") is not None
        numbers = (
            f"{row['requests_per_second']:>7.0f} {row['p50_ms']:>7.2f} "
            f"{row['p99_ms']:>7.2f} {_fmt(row.get('x_floor')):>7}"
            if measured
            else f"{'not measured':>31}"
        )
        lines.append(
            f"{row['label']:<28} {row['urls']:>6,} {numbers} "
            f"{_percent(hit_share):>5} {_fmt(row['queries'], '{:d}'):>7} "
            f"{_fmt(row['db_ms']):>6} {row.get('errors', ''):>6}"
            f" {'≤ ' + format(row['limit'], 'g') + '×':>7}  {row['verdict']}"
        )
    lines += [
        "",
        "Hot: one fixed URL per page, again and again (uncached: page cache off)",
        f"{'page':<20} {'mode':<9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'× floor':>8} {'queries':>8} {'DB ms':>7} {'errors':>7}",
    ]
    for row in report["rows"]:
        if row["status"] != 200:
            numbers = f"{'n/a (status ' + str(row['status']) + ')':>35}"
        else:
            numbers = (
                f"{row.get('requests_per_second', 0):>8.0f} "
                f"{row.get('p50_ms', 0):>8.2f} {row.get('p99_ms', 0):>8.2f} "
                f"{'' if row['page'] == 'floor' else _fmt(row.get('x_floor')):>8}"
            )
        lines.append(
            f"{row['label']:<20} {row['mode']:<9} {numbers} "
            f"{row['queries']:>8} {row['db_ms']:>7.1f} {row.get('errors', ''):>7}"
        )
    lines += [
        "",
        "queries, DB ms: one request (the probe, page cache off); for a rotating",
        "kind the most queries and the median DB ms of the URLs probed. hits: the",
        "share of responses the page cache served.",
        "",
    ]
    publish = report.get("publish")
    if publish and publish["count"]:
        lines.append(
            f"Publish (save_revision().publish() of a generated briefing, median of "
            f"{publish['count']}): {publish['median_ms']:.1f} ms, slowest "
            f"{publish['max_ms']:.1f} ms; {publish['queries']:g} queries, "
            f"{publish['db_ms']:.1f} ms in the database"
        )
    elif publish:
        lines.append(f"Publish: all {publish['failed']} publishes failed")
    else:
        lines.append("Publish: not measured")
    first = report.get("first_after_publish") or {}
    if first:
        lines += [
            "",
            "First request after a publish (the page cache emptied by it)",
            f"{'page':<20} {'status':>6} {'queries':>8} {'DB ms':>7} {'ms':>8}"
            "  page cache",
        ]
        for name, probe in first.items():
            lines.append(
                f"{PAGES.get(name, name):<20} {probe['status']:>6} "
                f"{probe['queries']:>8} {probe['db_ms']:>7.1f} {probe['ms']:>8.1f}"
                f"  {probe.get('cache', '-')}"
            )
    lines += ["", *error_lines(report), "", "Targets:"]
    for check in report["targets"]:
        value = check.get("value")
        shown = f"{value:g} {check['unit']}" if value is not None else ""
        lines.append(
            f"  {check['target']:<62} {check['bound']} {check['limit']:<5g} "
            f"{shown:>12}  {check['result']}"
        )
    return "\n".join(lines) + "\n"


def error_lines(report: dict) -> list[str]:
    """What did not answer 2xx under load or in the probe, or that none did."""
    lines = []
    for row in report["rotating"]:
        if row.get("errors"):
            lines.append(f"  rotating {row['label']}: {_errors_text(row)}")
            for failure in row.get("failing_urls", []):
                lines.append(f"    {failure['status']} {failure['path']}")
        for failure in row.get("probe_failures", []):
            lines.append(
                f"  probe, rotating {row['label']}: {failure['status']} "
                f"{failure['path']}"
            )
    for row in report["rows"]:
        if row.get("errors"):
            lines.append(f"  hot {row['label']} ({row['mode']}): {_errors_text(row)}")
    for failure in report.get("publish_failures", []):
        last_line = failure["traceback"].strip().splitlines()[-1]
        lines.append(f"  publish of briefing {failure['page_id']}: {last_line}")
    for name, probe in (report.get("first_after_publish") or {}).items():
        if probe["status"] != 200:
            lines.append(
                f"  after a publish, {name}: {probe['status']} {probe['path']}"
            )
    if not lines:
        return ["Errors: none (no timeouts, no non-2xx responses)"]
    return ["Errors (timeouts and non-2xx responses):", *lines]


def format_growth(reports: dict[int, dict]) -> str:
    """The same pages at each size: p50 and queries, and the growth target."""
    sizes = sorted(reports)
    header = f"{'page (p50 ms / queries)':<40}" + "".join(
        f"{size:>18,}" for size in sizes
    )
    lines = ["Growth", "", header]
    for kind, label in KINDS.items():
        cells = []
        for size in sizes:
            row = _rotating(reports[size], kind)
            if row is None or row.get("requests_per_second") is None:
                cells.append("n/a")
            else:
                cells.append(f"{row['p50_ms']:.1f} / {_fmt(row['queries'], '{:d}')}")
        lines.append(f"{'rotating ' + label:<40}" + "".join(f"{c:>18}" for c in cells))
    for page, label in PAGES.items():
        cells = []
        for size in sizes:
            row = _hot(reports[size], page, "uncached")
            if row is None:
                cells.append("n/a")
            elif row["status"] != 200:
                cells.append(f"n/a ({row['status']})")
            else:
                cells.append(f"{row.get('p50_ms', 0):.1f} / {row['queries']}")
        lines.append(
            f"{'hot uncached ' + label:<40}" + "".join(f"{c:>18}" for c in cells)
        )
    first, last = (
        _rotating(reports[size], GROWTH_KIND) for size in (sizes[0], sizes[-1])
    )
    label = f"Rotating {KINDS[GROWTH_KIND]} p50 growth {sizes[0]:,} → {sizes[-1]:,}"
    if first and last and first.get("p50_ms") and last.get("p50_ms"):
        growth = last["p50_ms"] / first["p50_ms"]
        lines.append(
            f"\n{label}: {growth:.2f}× (target ≤ {GROWTH_LIMIT:g}×): "
            f"{_verdict(growth, GROWTH_LIMIT)}"
        )
    else:
        lines.append(f"\n{label}: n/a (not measured at both sizes)")
    queries = {
        size: (_rotating(reports[size], GROWTH_KIND) or {}).get("queries")
        for size in sizes
    }
    same = len(set(queries.values())) == 1
    lines.append(
        f"Rotating listing queries (most probed) by size: {queries} "
        f"({'the same' if same else 'they differ'})"
    )
    return "\n".join(lines) + "\n"


def _rotating(report: dict, kind: str) -> dict | None:
    return next((r for r in report.get("rotating", []) if r["kind"] == kind), None)


def _hot(report: dict, page: str, mode: str) -> dict | None:
    return next(
        (r for r in report["rows"] if r["page"] == page and r["mode"] == mode), None
    )


def _fmt(value, pattern: str = "{:.1f}") -> str:
    return pattern.format(value) if value is not None else "n/a"


def _rounds(count: int) -> str:
    return f"{count} round" if count == 1 else f"{count} rounds"


def _percent(share) -> str:
    return f"{share:.0%}" if share is not None else "-"
