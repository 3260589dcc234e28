"""The insight charts as SVG, written here: no chart library renders SVG on the
server without a script, and the site's policy allows none. Every value is
escaped; each chart has an accessible name and description, each mark a
tooltip (`<title>`) and a link to the listing it counts."""

from html import escape

from django.utils.safestring import SafeString, mark_safe

# Eight colours that keep 3:1 against white and apart for colour-blind readers,
# and grey for "Other challenges".
PALETTE = [
    "#0072B2",
    "#D55E00",
    "#007A5E",
    "#B4488E",
    "#8A6D00",
    "#3F3F9F",
    "#A33B20",
    "#2B7A2B",
]
OTHER = "#767676"


# Labels longer than this are shortened (the full name is in the tooltip and
# the table).
LABEL_CHARACTERS = 38


def short(name: str) -> str:
    if len(name) <= LABEL_CHARACTERS:
        return name
    return name[: LABEL_CHARACTERS - 1].rstrip() + "…"


def colour(index: int) -> str:
    return PALETTE[index] if index < len(PALETTE) else OTHER


def _svg(width: int, height: int, parts: list[str], *, ident, title, desc):
    body = "".join(parts)
    return mark_safe(  # noqa: S308 (every value escaped by the callers)
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="group" '
        f'aria-labelledby="{ident}-title {ident}-desc" '
        f'preserveAspectRatio="xMinYMin meet">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>{body}</svg>'
    )


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value <= step * 4:
            return step * ((value + step - 1) // step or 1)
    return value


def stacked_years(*, years, series, ident: str, title: str, desc: str) -> SafeString:
    """Bars per year, stacked: `series` is [(name, colour, {year: n}, link(year))]."""
    width, height, left, bottom, top = 720, 300, 44, 28, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    totals = {
        year: sum(values.get(year, 0) for _, _, values, _ in series) for year in years
    }
    peak = _nice_max(max(totals.values(), default=0) or 1)
    slot = plot_w / max(len(years), 1)
    bar = max(min(slot * 0.8, 40), 1)
    parts = []
    for tick in (0, peak // 2, peak):
        y = top + plot_h - plot_h * tick / peak
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" '
            'class="chart__grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'class="chart__tick">{tick}</text>'
        )
    label_every = max(1, round(len(years) / 12))
    for i, year in enumerate(years):
        x = left + i * slot + (slot - bar) / 2
        base = top + plot_h
        for name, fill, values, link in series:
            n = values.get(year, 0)
            if not n:
                continue
            h = plot_h * n / peak
            base -= h
            parts.append(
                f'<a href="{escape(link(year))}"><rect x="{x:.1f}" y="{base:.1f}" '
                f'width="{bar:.1f}" height="{h:.1f}" fill="{fill}" class="chart__mark">'
                f"<title>{year} · {escape(name)}: {n}</title></rect></a>"
            )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - 8}" text-anchor="middle" '
                f'class="chart__tick">{year}</text>'
            )
    return _svg(width, height, parts, ident=ident, title=title, desc=desc)


def ranked_bars(*, items, ident: str, title: str, desc: str) -> SafeString:
    """Horizontal bars, largest first: `items` is [(name, colour, n, link)]."""
    row, label_w, width = 30, 300, 720
    height = row * max(len(items), 1) + 10
    peak = max((n for _, _, n, _ in items), default=1) or 1
    parts = []
    for i, (name, fill, n, link) in enumerate(items):
        y = 5 + i * row
        w = (width - label_w - 60) * n / peak
        parts.append(
            f'<a href="{escape(link)}"><text x="{label_w - 8}" y="{y + 19}" '
            f'text-anchor="end" class="chart__label">{escape(short(name))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1):.1f}" '
            f'height="{row - 10}" fill="{fill}" class="chart__mark">'
            f"<title>{escape(name)}: {n}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + 19}" '
            f'class="chart__value">{n}</text></a>'
        )
    return _svg(width, height, parts, ident=ident, title=title, desc=desc)


def matrix(*, names, cell, link, ident: str, title: str, desc: str) -> SafeString:
    """A square matrix of counts: `cell(i, j)` the count, `link(i, j)` its listing."""
    size, label_w = 44, 300
    count = len(names)
    # Room on the right for the last column's slanted label.
    width = label_w + size * count + 160
    height = label_w + size * count + 10
    peak = (
        max(
            (cell(i, j) for i in range(count) for j in range(count) if i != j),
            default=1,
        )
        or 1
    )
    parts = []
    for i, name in enumerate(names):
        y = label_w + i * size
        parts.append(
            f'<text x="{label_w - 8}" y="{y + size / 2 + 5}" text-anchor="end" '
            f'class="chart__label">{escape(short(name))}</text>'
            f'<text transform="translate({label_w + i * size + size / 2 + 5},'
            f'{label_w - 8}) rotate(-60)" class="chart__label">'
            f"{escape(short(name))}</text>"
        )
        for j in range(count):
            n = cell(i, j)
            shade = 0.12 + 0.88 * (n / peak) if i != j else 0
            fill = "#f0f0f0" if i == j else f"rgba(0,114,178,{shade:.2f})"
            ink = "chart__value--on-dark" if shade > 0.55 else "chart__value--on-light"
            what = (
                f"{escape(name)}: {n}"
                if i == j
                else f"{escape(name)} with {escape(names[j])}: {n}"
            )
            parts.append(
                f'<a href="{escape(link(i, j))}">'
                f'<rect x="{label_w + j * size}" y="{y}" width="{size - 2}" '
                f'height="{size - 2}" fill="{fill}" class="chart__mark">'
                f"<title>{what}</title></rect>"
                f'<text x="{label_w + j * size + size / 2 - 1}" y="{y + size / 2 + 4}" '
                f'text-anchor="middle" class="{ink}">{n}</text></a>'
            )
    return _svg(width, height, parts, ident=ident, title=title, desc=desc)
