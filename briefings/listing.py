"""What a filtered listing page shows around its briefings: the form's facets, the
active filters as removable chips, the result page, and robots/canonical hints.

Used by `BriefingIndexPage.get_context` and the theme and participant pages.
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.db.models import QuerySet
from django.http import HttpRequest

from . import cards, queries
from .content_cache import listing_summary
from .deep_pages import ListingIds
from .filters import BriefingFilterSet
from .models import BriefingPage
from .pagination import paginate

# Order in which parameters appear in canonical and feed URLs.
PARAMETERS = ("q", "challenge", "participant", "source", "from", "to", "sort")


@dataclass(frozen=True)
class Chip:
    """One active filter, shown as a chip with a link that removes it."""

    label: str
    value: str
    remove_query: str


@dataclass(frozen=True)
class Listing:
    """Everything a listing template needs; built by `build_listing`."""

    filterset: BriefingFilterSet
    page_obj: PaginatorPage
    facets: dict
    chips: list[Chip]
    query: str
    canonical_url: str
    # Names the rendered filter form in the cache (None: not kept), and for how long.
    form_cache_key: str | None = None
    cache_seconds: int = 0

    @property
    def noindex(self) -> bool:
        """Listings narrowed by more than one filter are not for search engines."""
        return len(self.chips) > 1

    @property
    def errors(self) -> dict:
        """Messages for the parameters that were left out, by parameter."""
        return self.filterset.errors

    @property
    def raw(self):
        """The query string as given, to refill the form's text fields."""
        return self.filterset.data


def build_listing(
    request: HttpRequest,
    *,
    queryset: QuerySet[BriefingPage] | None = None,
    scope: str = "all",
) -> Listing:
    """The listing of `queryset` (default: every published briefing, else `scope`
    names it, e.g. "challenge:12") filtered by the request's query string; a fixed
    number of queries."""
    filterset = queries.briefing_filterset(filters=request.GET, queryset=queryset)
    valid = valid_parameters(filterset)
    summary = listing_summary(filterset=filterset, scope=scope, parameters=valid)
    if summary.ranked_ids is not None:
        page_obj = paginate(request, summary.ranked_ids)
    else:
        ids = ListingIds(
            filterset.qs,
            order=filterset.sort_order,
            count=summary.count,
            key=(scope, valid),
        )
        page_obj = paginate(request, ids)
    # The page holds the cards of its briefings, ready to show.
    page_obj.object_list = cards.cards(list(page_obj.object_list), request)
    return Listing(
        filterset=filterset,
        page_obj=page_obj,
        facets=summary.facets,
        chips=active_chips(filterset, valid),
        query=urlencode(valid, doseq=True),
        canonical_url=request.build_absolute_uri(request.path)
        + canonical_query(valid, page_number=page_obj.number),
        form_cache_key=form_cache_key(request, generation=summary.generation),
        cache_seconds=settings.LISTING_CACHE_SECONDS,
    )


def form_cache_key(request: HttpRequest, *, generation: int | None) -> str | None:
    """What the filter form shows depends on the content (its counts), the page's
    path and the query string as typed (values and errors), not on the page number."""
    if generation is None:
        return None
    typed = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name != "page"
        for value in values
    )
    digest = hashlib.sha256(repr((request.path, typed)).encode()).hexdigest()
    return f"{generation}:{digest}"


def valid_parameters(filterset: BriefingFilterSet) -> list[tuple[str, str]]:
    """The query string's parameters that are applied, normalised: invalid and empty
    values dropped, repeated values once, terms in the form's order."""
    filterset.errors  # noqa: B018 (validates the form)
    cleaned = filterset.form.cleaned_data
    pairs = []
    for name in PARAMETERS:
        value = cleaned.get(name)
        if not value:
            continue
        if name in BriefingFilterSet.TERM_PARAMETERS:
            pairs += [(name, term.slug) for term in sorted(value, key=_term_key)]
        elif name in ("from", "to"):
            pairs.append((name, filterset.data.get(name)))
        else:
            pairs.append((name, value))
    return pairs


def _term_key(term) -> tuple:
    return (getattr(term, "sort_order", 0), term.name)


def active_chips(filterset: BriefingFilterSet, valid: list[tuple[str, str]]):
    """A chip per applied value (sort excepted), each linking to the listing
    without it."""
    names = {}
    for name in BriefingFilterSet.TERM_PARAMETERS:
        for term in filterset.form.cleaned_data.get(name) or []:
            names[(name, term.slug)] = term.name
    labels = {
        "q": "Search",
        "challenge": "Challenge",
        "participant": "Participant",
        "source": "Source",
        "from": "From",
        "to": "To",
    }
    chips = []
    for pair in valid:
        name, value = pair
        if name == "sort":
            continue
        rest = [other for other in valid if other != pair]
        chips.append(
            Chip(
                label=labels[name],
                value=names.get(pair, value),
                remove_query=urlencode(rest, doseq=True),
            )
        )
    return chips


def canonical_query(valid: list[tuple[str, str]], *, page_number: int) -> str:
    """The canonical form of the listing's query string, with its `?` (`sort` left
    out: it changes the order, not what is listed)."""
    pairs = [pair for pair in valid if pair[0] != "sort"]
    if page_number > 1:
        pairs.append(("page", str(page_number)))
    return f"?{urlencode(pairs)}" if pairs else ""
