"""/insights/ and a theme's or participant's insights page, and the CSV of each
chart's numbers."""

import csv
import io
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render

from institute.caching.data import kept

from ..context_processors import links
from ..exports import safe_cell
from ..listing import terms
from ..listing.build import Scope, active_chips, listing_filterset, valid_parameters
from ..listing.read_model import CHALLENGE
from . import charts
from .data import Insights, insights

# Each chart's address (its CSV's name) and heading, in page order.
CHARTS = {
    "per-year": "Challenges per year",
    "challenges": "The challenges dealt with most",
    "together": "Challenges that appear together",
}


def _link(base: str, valid, **replace) -> str:
    """The listing at `base` with the valid filters, `replace`d ones swapped."""
    pairs = [
        (name, value) for name, value in valid if name not in replace and name != "sort"
    ]
    for name, value in replace.items():
        pairs.append((name, value))
    return f"{base}?{urlencode(pairs)}" if pairs else base


def _scoped(kind: str, slug: str):
    term = terms.public_term(kind, slug)
    if term is None:
        raise Http404(
            "No such challenge." if kind == CHALLENGE else "No such participant."
        )
    return term, Scope(kind, term.term_id)


def _numbers(request, scope):
    filterset = listing_filterset(filters=request.GET, scope=scope)
    return filterset, insights(filterset)


def tables(found: Insights) -> dict:
    """Each chart's numbers as rows (the table beside it and its CSV)."""
    names = [term.name for term in found.top]
    per_year = [
        ["Year", "Briefings", *names, "Other challenges"],
        *(
            [
                year,
                found.per_year.get(year, 0),
                *(
                    found.per_year_challenge.get(year, {}).get(t.term_id, 0)
                    for t in found.top
                ),
                found.other(year),
            ]
            for year in found.years
        ),
    ]
    challenges = [["Challenge", "Briefings"]] + [
        [term.name, found.challenge_totals.get(term.term_id, 0)] for term in found.top
    ]
    together = [["Challenge", *names]] + [
        [a.name, *(found.pair(a.term_id, b.term_id) for b in found.top)]
        for a in found.top
    ]
    return {"per-year": per_year, "challenges": challenges, "together": together}


def chart_svgs(found: Insights, *, base: str, valid, subject: str) -> dict:
    """The three charts, each mark linking to the listing at `base`."""
    slugs = {term.term_id: term.slug for term in found.top}
    series = [
        (
            term.name,
            charts.colour(i),
            {
                year: per.get(term.term_id, 0)
                for year, per in found.per_year_challenge.items()
            },
            lambda year, slug=slugs[term.term_id]: _link(
                base, valid, challenge=slug, **{"from": str(year), "to": str(year)}
            ),
        )
        for i, term in enumerate(found.top)
    ]
    series.append(
        (
            "Other challenges",
            charts.OTHER,
            {year: found.other(year) for year in found.years},
            lambda year: _link(base, valid, **{"from": str(year), "to": str(year)}),
        )
    )
    names = [term.name for term in found.top]
    return {
        "per-year": charts.stacked_years(
            years=found.years,
            series=series,
            ident="chart-per-year",
            title=f"Challenges dealt with per year, {subject}",
            desc=(
                "Stacked bars, one a year: each briefing counts once for each of "
                "its challenges. The table below gives the numbers."
            ),
        ),
        "challenges": charts.ranked_bars(
            items=[
                (
                    term.name,
                    charts.colour(i),
                    found.challenge_totals.get(term.term_id, 0),
                    _link(base, valid, challenge=term.slug),
                )
                for i, term in enumerate(found.top)
            ],
            ident="chart-challenges",
            title=f"The challenges dealt with most, {subject}",
            desc="Bars, largest first: how many briefings deal with each challenge.",
        ),
        "together": charts.matrix(
            names=names,
            cell=lambda i, j: found.pair(found.top[i].term_id, found.top[j].term_id),
            link=lambda i, j: _link(base, valid, challenge=found.top[i].slug),
            ident="chart-together",
            title=f"Which challenges appear together, {subject}",
            desc=(
                "A matrix: each cell counts the briefings dealing with both the row's "
                "and the column's challenge; the diagonal, those dealing with the "
                "row's."
            ),
        ),
    }


def _page(request, *, scope=None, term=None, base: str, subject: str, heading: str):
    filterset, found = _numbers(request, scope)
    valid = valid_parameters(filterset)
    query = urlencode([pair for pair in valid if pair[0] != "sort"])
    svgs = chart_svgs(found, base=base, valid=valid, subject=subject)
    rows = tables(found)
    return render(
        request,
        "briefings/insights.html",
        {
            "heading": heading,
            "term": term,
            "found": found,
            "charts": [
                {
                    "slug": slug,
                    "heading": title,
                    "svg": svgs[slug],
                    "head": rows[slug][0],
                    "rows": rows[slug][1:],
                }
                for slug, title in CHARTS.items()
            ],
            "chips": active_chips(filterset, valid),
            "errors": filterset.errors,
            "query": query,
            "listing_url": base + (f"?{query}" if query else ""),
            "csv_base": request.path,
        },
    )


def site_insights(request):
    """/insights/: the patterns of every briefing the filters list."""
    return _page(
        request,
        base=kept("site-links", links)["briefings"],
        subject="all briefings",
        heading="Insights",
    )


def term_insights(request, slug, *, kind: str):
    """A theme's or a participant's insights: the patterns of its own briefings."""
    term, scope = _scoped(kind, slug)
    about = "on" if kind == CHALLENGE else "with"
    return _page(
        request,
        scope=scope,
        term=term,
        base=term.get_absolute_url(),
        subject=f"briefings {about} {term.name}",
        heading=f"Insights: {term.name}",
    )


def insights_csv(request, chart, slug=None, kind=None):
    """One chart's numbers as CSV, with the page's filters."""
    if chart not in CHARTS:
        raise Http404("No such chart.")
    scope = _scoped(kind, slug)[1] if kind else None
    _filterset, found = _numbers(request, scope)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [safe_cell(v) if isinstance(v, str) else v for v in row]
        for row in tables(found)[chart]
    )
    response = HttpResponse(
        "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="insights-{chart}.csv"'
    return response
