"""What a filtered listing page shows: the filter form with its facets, the active
filters as removable chips, the page of cards, and robots/canonical hints.

Used by `BriefingIndexPage.get_context` and the theme and participant pages; the
feeds and exports use `listing_filterset` and `valid_parameters`.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.safestring import SafeString

from institute.site_address import absolute

from . import cards, facets, html, search, suggestions
from .facets import Clause, Question
from .filters import BriefingFilterSet
from .pagination import CountedRows, paginate
from .read_model import CHALLENGE, PARTICIPANT, SOURCE, ListedBriefing, ListedTerm

# Order in which parameters appear in canonical and feed URLs.
PARAMETERS = ("q", "challenge", "participant", "source", "from", "to", "sort")
FACET_LEGENDS = {
    "challenge": "Challenges",
    "participant": "Participants",
    "source": "Sources",
}
# How many participants the listing offers as filters: the most frequent ones (and
# any chosen). The full list of thousands is the /participants/ page.
PARTICIPANT_OPTIONS = 30


@dataclass(frozen=True)
class Scope:
    """The term a theme or participant page lists the briefings of."""

    kind: str
    term_id: int

    def clause(self) -> Clause:
        return Clause(self.kind, frozenset([self.term_id]), scope=True)


@dataclass(frozen=True)
class FacetTerm:
    """What a filter option shows of its term."""

    slug: str
    name: str


@dataclass(frozen=True)
class FacetOption:
    """One choice in a listing filter: the term, how many briefings it would give
    with the other filters applied, and whether it is chosen."""

    term: FacetTerm
    count: int
    selected: bool


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
    # For a search with more matches than are counted or than facets count over.
    more_than: int | None = None
    sampled: int | None = None
    # For a search that found nothing: the corrected search offered instead.
    suggestion: suggestions.Suggestion | None = None

    @property
    def facet_html(self) -> dict[str, SafeString]:
        """Each vocabulary's filter, ready to show (`html.facet_html`)."""
        errors = self.filterset.errors
        return {
            name: html.facet_html(
                name=name,
                legend=legend,
                options=self.facets[name],
                errors=errors.get(name),
                **(
                    {
                        "more_url": reverse("briefings:participant_list"),
                        "more_label": "All participants, A to Z",
                    }
                    if name == "participant"
                    else {}
                ),
            )
            for name, legend in FACET_LEGENDS.items()
        }

    @property
    def count_text(self) -> str:
        """ "23 briefings", "1 briefing", or "More than 5,000 briefings"."""
        if self.more_than:
            return f"More than {self.more_than:,} briefings"
        count = self.page_obj.paginator.count
        return f"{count:,} briefing{'' if count == 1 else 's'}"

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


def listing_filterset(
    *, filters: QueryDict, scope: Scope | None = None
) -> BriefingFilterSet:
    """The listing's filters bound to a query string, over the published
    briefings (those of `scope`'s term on a theme or participant page)."""
    queryset = ListedBriefing.objects.for_cards()
    if scope is not None:
        queryset = queryset.filter(facets.carries(scope.clause()))
    return BriefingFilterSet(filters, queryset=queryset)


def question_of(filterset: BriefingFilterSet, scope: Scope | None) -> Question:
    """The count and facets a filterset asks for, as a `facets.Question`."""
    filterset.errors  # noqa: B018 (validates the form, filling cleaned_data)
    clauses = [scope.clause()] if scope else []
    for name, kind in BriefingFilterSet.KINDS.items():
        if ids := filterset.chosen_ids(name):
            clauses.append(Clause(kind, frozenset(ids)))
    cleaned = filterset.form.cleaned_data
    return Question(
        clauses=tuple(clauses),
        start=cleaned.get("from"),
        end=cleaned.get("to"),
        words=tuple(filterset.words),
    )


def build_listing(request: HttpRequest, *, scope: Scope | None = None) -> Listing:
    """The listing (of `scope`'s briefings, else of all) filtered by the
    request's query string; a fixed number of queries, none of them reading more
    of the archive than the listing narrows it to."""
    filterset = listing_filterset(filters=request.GET, scope=scope)
    valid = valid_parameters(filterset)
    counts = facets.count(
        question_of(filterset, scope), most_frequent={PARTICIPANT: PARTICIPANT_OPTIONS}
    )
    searching = filterset.searching
    page_obj = paginate(
        request, results(filterset, count=counts.listed, with_text=searching)
    )
    entries = list(page_obj.object_list)
    shown = [(kind, pk) for kind, found in counts.by_kind.items() for pk in found]
    terms = cards.terms_of(entries, extra=shown)
    page_obj.object_list = [
        html.card_html(card)
        for card in cards.cards(entries, terms, words=filterset.words)
    ]
    suggestion = None
    if searching and not counts.listed:
        suggestion = suggestions.did_you_mean(filterset, valid=valid)
    return Listing(
        filterset=filterset,
        page_obj=page_obj,
        facets=facet_options(filterset, counts, terms),
        chips=active_chips(filterset, valid),
        query=urlencode(valid, doseq=True),
        canonical_url=absolute(request.path)
        + canonical_query(valid, page_number=page_obj.number),
        more_than=counts.more_than,
        sampled=counts.sampled,
        suggestion=suggestion,
    )


def results(filterset: BriefingFilterSet, *, count: int, with_text: bool = False):
    """The filterset's rows in its order, as a sequence of `count` rows for the
    paginator (a search by relevance reads its tiers, `search.RankedMatches`);
    `with_text`: with each card's body, for a search's passages."""
    if filterset.sort_order == "relevance":
        unsearched = filterset.queryset_without("q")
        if with_text:
            unsearched = unsearched.with_card_text()
        return search.RankedMatches(unsearched, filterset.words, count=count)
    rows = filterset.qs.with_card_text() if with_text else filterset.qs
    return CountedRows(rows, count=count)


def facet_options(filterset, counts: facets.Counts, terms) -> dict:
    """Each vocabulary's options, chosen ones first: challenges in editorial
    order, the most frequent participants, sources A to Z; options giving none
    left out, chosen ones kept (at 0 if none)."""
    options = {}
    for name, kind in BriefingFilterSet.KINDS.items():
        chosen = {
            term.term_id: term for term in filterset.form.cleaned_data.get(name) or []
        }
        keyed = []
        for pk, n in counts.by_kind[kind].items():
            term = terms.get((kind, pk))
            if term is None:
                continue  # a participant too rare to be shown
            selected = pk in chosen
            key = {
                CHALLENGE: (not selected, term.sort_order, term.name),
                PARTICIPANT: (not selected, -n, term.name),
                SOURCE: (not selected, term.name),
            }[kind]
            keyed.append(
                (key, FacetOption(FacetTerm(term.slug, term.name), n, selected))
            )
        listed = [option for _key, option in sorted(keyed, key=lambda pair: pair[0])]
        if kind == PARTICIPANT:
            listed = listed[: len(chosen) + PARTICIPANT_OPTIONS]
        shown = {option.term.slug for option in listed}
        for term in chosen.values():
            if term.slug not in shown:
                listed.insert(0, FacetOption(FacetTerm(term.slug, term.name), 0, True))
        options[name] = listed
    return options


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


def _term_key(term: ListedTerm) -> tuple:
    return (term.sort_order, term.name)


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
