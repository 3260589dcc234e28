"""The benchmark's table and its comparison with the performance targets.

Used by `bench/run.py`: `build_report` turns measurements into a JSON-able dict,
`format_table` and `format_growth` into the text printed and kept in bench/out/.
"""

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
# Targets of the performance issue: most SQL queries a page may make...
QUERY_LIMITS = {
    "listing": 10,
    "listing_filtered": 10,
    "listing_q": 10,
    "listing_page_500": 10,
    "briefing": 10,
}
# ...and most times the floor's time per request, uncached and cached.
UNCACHED_LIMITS = {"listing_filtered": 20, "briefing": 10, "listing_q": 30}
CACHED_LIMIT = 1.5
DEEP_PAGE_LIMIT = 2.0  # page 500's p50 over page 1's
GROWTH_LIMIT = 2.0  # the listing's p50 at the largest size over the smallest


def build_report(*, size: int, pages: dict, measured: dict, settings: dict) -> dict:
    """Rows per page and mode with the ratio to the floor, and target verdicts."""
    rows = []
    floor_rps = fastest_floor(measured)
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
                "cold_queries": probe.get("cold_queries"),
                "cold_db_ms": probe.get("cold_db_ms"),
                "cold_ms": probe.get("cold_ms"),
            }
            if name in by_page:
                row |= by_page[name]
                if floor_rps and name != "floor" and row["requests_per_second"] > 0:
                    row["x_floor"] = round(floor_rps / row["requests_per_second"], 2)
            rows.append(row)
    return {
        "size": size,
        "settings": settings,
        "rows": rows,
        "targets": check_targets(rows),
    }


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


def check_targets(rows: list[dict]) -> list[dict]:
    """Each target of the issue: the limit, the measured value, by how much it
    misses (measured / limit), or why it could not be measured."""
    by_key = {(row["page"], row["mode"]): row for row in rows}
    checks = []

    def check(name: str, value, limit: float, unit: str, missing: str = "") -> None:
        if value is None:
            checks.append({"target": name, "limit": limit, "result": f"n/a{missing}"})
            return
        verdict = "meets" if value <= limit else f"misses by {value / limit:.1f}×"
        checks.append(
            {
                "target": name,
                "limit": limit,
                "value": value,
                "unit": unit,
                "result": verdict,
            }
        )

    for page, limit in QUERY_LIMITS.items():
        row = by_key[(page, "uncached")]
        # The larger of the two: counts kept, or counted (cold).
        counts = [row["queries"], row.get("cold_queries") or 0]
        value = max(counts) if row["status"] == 200 else None
        check(f"SQL queries, {PAGES[page]}", value, limit, "queries", _why(row))
    for page, limit in UNCACHED_LIMITS.items():
        row = by_key[(page, "uncached")]
        check(
            f"uncached {PAGES[page]} / floor", row.get("x_floor"), limit, "×", _why(row)
        )
    for page in PAGES:
        if page == "floor":
            continue
        row = by_key[(page, "cached")]
        check(
            f"cached {PAGES[page]} / floor",
            row.get("x_floor"),
            CACHED_LIMIT,
            "×",
            _why(row),
        )
    first = by_key[("listing", "uncached")]
    deep = by_key[("listing_page_500", "uncached")]
    ratio = (
        round(deep["p50_ms"] / first["p50_ms"], 2)
        if first.get("requests_per_second") and deep.get("requests_per_second")
        else None
    )
    check("listing page 500 p50 / page 1 p50", ratio, DEEP_PAGE_LIMIT, "×", _why(deep))
    return checks


def _why(row: dict) -> str:
    if row["status"] != 200:
        return f" (status {row['status']})"
    if row.get("requests_per_second") == 0:
        return " (no response within wrk's 10 s timeout)"
    if "x_floor" not in row and row["page"] != "floor":
        return " (no floor)"
    return ""


def format_table(report: dict) -> str:
    """The report as a text table with the target verdicts below it."""
    settings = report["settings"]
    lines = [
        f"Briefings: {report['size']:,}   wrk: {settings['rounds']} rounds × "
        f"{settings['seconds']:g} s, {settings['connections']} connections; medians"
        f"   load average at start: {settings['load_average'][0]:g} "
        f"on {settings['cpus']} CPUs",
        "",
        f"{'page':<20} {'mode':<9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'× floor':>8} {'queries':>8} {'DB ms':>7} {'errors':>7}"
        f"   {'cold: queries':>13} {'DB ms':>7} {'ms':>7}",
    ]
    for row in report["rows"]:
        if row["status"] != 200:
            numbers = f"{'n/a (status ' + str(row['status']) + ')':>35}"
        else:
            numbers = (
                f"{row.get('requests_per_second', 0):>8.0f} "
                f"{row.get('p50_ms', 0):>8.2f} {row.get('p99_ms', 0):>8.2f} "
                f"{_fmt(row.get('x_floor')):>8}"
            )
        cold = ""
        if row["mode"] == "uncached" and row.get("cold_queries") is not None:
            cold = (
                f"   {row['cold_queries']:>13} {row['cold_db_ms']:>7.1f} "
                f"{row['cold_ms']:>7.1f}"
            )
        lines.append(
            f"{row['label']:<20} {row['mode']:<9} {numbers} "
            f"{row['queries']:>8} {row['db_ms']:>7.1f} {row.get('errors', ''):>7}"
            f"{cold}"
        )
    lines += [
        "",
        "uncached: no page cache; a listing's counts are kept between requests until",
        "the next publish. queries, DB ms: one request so (warm). cold: one request",
        "with the shared cache emptied, as the first reader after a publish.",
        "",
        "Targets:",
    ]
    for check in report["targets"]:
        value = check.get("value")
        shown = f"{value:g} {check['unit']}" if value is not None else ""
        lines.append(
            f"  {check['target']:<44} ≤ {check['limit']:<5g} {shown:>14}  "
            f"{check['result']}"
        )
    return "\n".join(lines) + "\n"


def format_growth(reports: dict[int, dict]) -> str:
    """The same pages at each size: uncached p50 and queries, and the growth target."""
    sizes = sorted(reports)
    header = f"{'page (uncached p50 ms / queries)':<34}" + "".join(
        f"{size:>18,}" for size in sizes
    )
    lines = ["Growth", "", header]
    for page, label in PAGES.items():
        cells = []
        for size in sizes:
            row = next(
                r
                for r in reports[size]["rows"]
                if r["page"] == page and r["mode"] == "uncached"
            )
            if row["status"] != 200:
                cells.append(f"n/a ({row['status']})")
            else:
                cells.append(f"{row.get('p50_ms', 0):.1f} / {row['queries']}")
        lines.append(f"{label:<34}" + "".join(f"{cell:>18}" for cell in cells))
    first, last = (
        next(
            r
            for r in reports[size]["rows"]
            if r["page"] == "listing" and r["mode"] == "uncached"
        )
        for size in (sizes[0], sizes[-1])
    )
    if first.get("requests_per_second") and last.get("requests_per_second"):
        growth = last["p50_ms"] / first["p50_ms"]
        verdict = (
            "meets"
            if growth <= GROWTH_LIMIT
            else f"misses by {growth / GROWTH_LIMIT:.1f}×"
        )
        lines.append(
            f"\nListing p50 growth {sizes[0]:,} → {sizes[-1]:,}: {growth:.2f}× "
            f"(target ≤ {GROWTH_LIMIT:g}×): {verdict}"
        )
    else:
        lines.append("\nListing p50 growth: n/a (listing not measured)")
    queries = {
        size: next(
            r["queries"]
            for r in reports[size]["rows"]
            if r["page"] == "listing_filtered" and r["mode"] == "uncached"
        )
        for size in sizes
    }
    same = len(set(queries.values())) == 1
    lines.append(
        f"Filtered listing queries by size: {queries} "
        f"({'the same' if same else 'they differ'})"
    )
    return "\n".join(lines) + "\n"


def _fmt(value) -> str:
    return f"{value:.1f}" if value is not None else "n/a"
