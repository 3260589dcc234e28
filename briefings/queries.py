"""Every read the public pages make: listings, facets, the home page's lists, related
items.

Views and page `get_context` methods call these and do not build queries themselves.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.lookups import StartsWith
from django.http import QueryDict
from wagtail.models import PageViewRestriction

from .filters import BriefingFilterSet, ParticipantFilterSet
from .models import BriefingPage, BriefingParticipant, Challenge, Participant


def published_briefings() -> QuerySet[BriefingPage]:
    """Briefings a reader may see: live and not behind a privacy restriction."""
    return BriefingPage.objects.live().public()


def published_briefings_in_one_query() -> QuerySet[BriefingPage]:
    """`published_briefings()` with the privacy restrictions read by the same query
    (a page is private when a restricted page's path starts its own, as in
    Wagtail's `public()`), where `public()` reads them first in a query of its
    own; for the briefing page, which makes several reads."""
    restricted = PageViewRestriction.objects.filter(
        StartsWith(OuterRef("path"), F("page__path"))
    )
    return BriefingPage.objects.live().exclude(Exists(restricted))


def briefing_filterset(
    *, filters: QueryDict, queryset: QuerySet[BriefingPage] | None = None
) -> BriefingFilterSet:
    """The listing's filters bound to a query string, over published briefings (or
    `queryset`, e.g. one challenge's briefings)."""
    base = published_briefings() if queryset is None else queryset
    return BriefingFilterSet(filters, queryset=base.for_listing())


def briefing_list(
    *, filters: QueryDict, queryset: QuerySet[BriefingPage] | None = None
) -> QuerySet[BriefingPage]:
    """The filtered, ordered listing with what each row shows prefetched; the HTML
    listing, the theme and participant pages and the feeds all read this."""
    return briefing_filterset(filters=filters, queryset=queryset).qs


def latest_briefing_ids(*, limit: int) -> list[int]:
    """The pks of the most recent briefings, for the home page's cards."""
    listed = briefing_list(filters=QueryDict()).values_list("pk", flat=True)
    return list(listed[:limit])


def challenge_list() -> QuerySet[Challenge]:
    """All challenges in editorial order, each with its count of live briefings."""
    live_ids = published_briefings().values("pk")
    return (
        Challenge.objects.annotate(
            briefing_count=Count("briefings", filter=Q(briefings__in=live_ids))
        )
        .filter(briefing_count__gt=0)
        .order_by("sort_order", "name")
    )


def participant_list(*, filters: QueryDict | None = None) -> ParticipantFilterSet:
    """Participants A to Z, filtered by `kind`; `with_briefing_counts` adds their
    counts of live briefings."""
    participants = Participant.objects.order_by("name")
    return ParticipantFilterSet(filters or QueryDict(), queryset=participants)


def with_briefing_counts(participants: Iterable[Participant]) -> list[Participant]:
    """Those of `participants` that published briefings name, each with
    `briefing_count`: how many; for /participants/."""
    # Grouping the link rows alone and matching them here takes a third of the
    # time of annotating the participants' own rows with Count(filter=...) at
    # 100,000 briefings: the aggregate no longer carries each participant's
    # columns through 450,000 rows.
    counts = dict(
        BriefingParticipant.objects.filter(page__in=published_briefings().values("pk"))
        .values_list("participant")
        .annotate(briefing_count=Count("pk"))
        .order_by()
    )
    named = [participant for participant in participants if participant.pk in counts]
    for participant in named:
        participant.briefing_count = counts[participant.pk]
    return named


@dataclass(frozen=True)
class FacetTerm:
    """What a filter option shows of its term (small enough to cache)."""

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
class ListingSummary:
    """How many briefings a filtered listing holds, and its filters' options."""

    count: int
    facets: dict[str, list[FacetOption]]
    # For a search in order of relevance: every match's pk, best first.
    ranked_ids: tuple[int, ...] | None = None
    # The content generation it was counted under, when kept in the cache.
    generation: int | None = None


# How many participants the listing offers as filters: the most frequent ones (and
# any chosen). The full list of thousands is the /participants/ page.
PARTICIPANT_OPTIONS = 30


def listing_summary(*, filterset: BriefingFilterSet) -> ListingSummary:
    """The count of the filtered listing and each vocabulary's options with their
    counts (options giving none left out), in one query whatever the number of
    briefings or the page size.

    Each vocabulary is counted over the briefings matching every filter but its
    own (several values of one filter mean any of them), grouped by term on the
    link tables. The listing's count is the sum of the source counts: every
    briefing has one source or none (a group of its own).
    """
    filterset.errors  # noqa: B018 (validates the form, filling cleaned_data)
    chosen = {
        name: {term.slug for term in filterset.form.cleaned_data.get(name) or []}
        for name in ("challenge", "participant", "source")
    }
    challenge_links = (
        BriefingPage.challenges.through.objects.filter(
            briefingpage__in=filterset.queryset_without("challenge").values("pk")
        )
        .order_by()
        .values_list(
            Value("challenge"),
            "challenge_id",
            "challenge__slug",
            "challenge__name",
            "challenge__sort_order",
        )
    )
    participant_links = (
        BriefingParticipant.objects.filter(
            page__in=filterset.queryset_without("participant").values("pk")
        )
        .order_by()
        .values_list(
            Value("participant"),
            "participant_id",
            "participant__slug",
            "participant__name",
            Value(0),
        )
    )
    sources = filterset.queryset_without("source").values_list(
        Value("source"), "source_id", "source__slug", "source__name", Value(0)
    )
    # One round trip for the three GROUP BYs.
    rows = challenge_links.annotate(n=Count("*")).union(
        participant_links.annotate(n=Count("*")),
        sources.annotate(n=Count("*")),
        all=True,
    )
    keyed = {"challenge": [], "participant": [], "source": []}
    count = 0
    for facet, _pk, slug, name, sort_order, n in rows:
        selected = slug in chosen[facet]
        if facet == "source" and (selected or not chosen["source"]):
            count += n
        if slug is None:  # the briefings without a source
            continue
        key = {
            "challenge": (not selected, sort_order, name),
            "participant": (not selected, -n, name),
            "source": (not selected, name),
        }[facet]
        keyed[facet].append((key, FacetOption(FacetTerm(slug, name), n, selected)))
    facets = {
        facet: [option for _key, option in sorted(pairs, key=lambda pair: pair[0])]
        for facet, pairs in keyed.items()
    }
    # The long list of participants: the chosen ones, then the most frequent.
    chosen_count = len(chosen["participant"])
    facets["participant"] = facets["participant"][: chosen_count + PARTICIPANT_OPTIONS]
    # A chosen term that no briefing has (any more) is still shown, ticked, at 0.
    for facet, options in facets.items():
        shown = {option.term.slug for option in options}
        for term in filterset.form.cleaned_data.get(facet) or []:
            if term.slug not in shown:
                options.insert(0, FacetOption(FacetTerm(term.slug, term.name), 0, True))
    ranked_ids = None
    if filterset.sort_order == "relevance" and filterset.search_matches is not None:
        # Ranking is the costly part of a search (every match's score is
        # computed); done once here, each page then fetches its 20 briefings.
        ranked_ids = tuple(filterset.qs.values_list("pk", flat=True))
    return ListingSummary(count=count, facets=facets, ranked_ids=ranked_ids)


def briefings_in_order(ids) -> list[BriefingPage]:
    """The live briefings with these pks, in the order given, with what a listing
    shows of each."""
    found = BriefingPage.objects.live().for_listing().in_bulk(list(ids))
    return [found[pk] for pk in ids if pk in found]


# Django's ORM cannot aggregate over a UNION, so the ranking is raw SQL (values are
# parameters). It reads only the link rows of the briefing's own challenges and
# participants, through the (tag, page) indexes, instead of counting every
# briefing's tags (seconds at 100,000 briefings). A popular participant still
# gives tens of thousands of candidates, so only those sharing at least as many
# tags as some `limit` published candidates are checked for their date: the
# candidates come sorted by count, and whatever order the database reads them
# in, the smallest count among `limit` published ones is never above the count
# of the last one shown.
RELATED_SQL = """
    WITH shared_tags AS (
        SELECT linked.page_id, COUNT(*) AS shared
        FROM (
            SELECT briefingpage_id AS page_id FROM {challenge_links}
            WHERE challenge_id IN (
                SELECT challenge_id FROM {challenge_links} WHERE briefingpage_id = %s
            )
            UNION ALL
            SELECT page_id FROM {participant_links}
            WHERE participant_id IN (
                SELECT participant_id FROM {participant_links} WHERE page_id = %s
            )
        ) AS linked
        GROUP BY linked.page_id
        ORDER BY shared DESC
    )
    SELECT shared_tags.page_id
    FROM shared_tags
    INNER JOIN {briefings} AS briefing ON briefing.page_ptr_id = shared_tags.page_id
    WHERE shared_tags.page_id IN ({published})
    AND shared_tags.shared >= (
        SELECT MIN(sample.shared) FROM (
            SELECT shared FROM shared_tags WHERE page_id IN ({published}) LIMIT %s
        ) AS sample
    )
    ORDER BY shared_tags.shared DESC, briefing.date DESC, shared_tags.page_id DESC
    LIMIT %s
"""


def related_briefings(*, briefing: BriefingPage, limit: int = 3) -> list[BriefingPage]:
    """Up to `limit` other briefings sharing the most challenges and participants
    with `briefing`, most recent first among equals; one query."""
    published, published_params = (
        published_briefings_in_one_query()
        .exclude(pk=briefing.pk)
        .order_by()
        .values("pk")
        .query
    ).sql_with_params()
    ranked = RawSQL(
        RELATED_SQL.format(
            challenge_links=BriefingPage.challenges.through._meta.db_table,
            participant_links=BriefingParticipant._meta.db_table,
            briefings=BriefingPage._meta.db_table,
            published=published,
        ),
        (
            briefing.pk,
            briefing.pk,
            *published_params,
            *published_params,
            limit,
            limit,
        ),
    )
    # The few ranked briefings, counted again to order them in the same query.
    challenge_ids = BriefingPage.challenges.through.objects.filter(
        briefingpage_id=briefing.pk
    ).values("challenge_id")
    participant_ids = BriefingParticipant.objects.filter(page_id=briefing.pk).values(
        "participant_id"
    )
    related = (
        BriefingPage.objects.filter(pk__in=ranked)
        .annotate(
            shared_challenges=Count(
                "challenges",
                filter=Q(challenges__in=challenge_ids),
                distinct=True,
            ),
            shared_participants=Count(
                "participant_links",
                filter=Q(participant_links__participant__in=participant_ids),
                distinct=True,
            ),
        )
        .annotate(shared=F("shared_challenges") + F("shared_participants"))
        .select_related("source")
        .defer("body")  # a list of links: kept, and not worth its bodies
        .order_by("-shared", "-date", "-pk")
    )
    return list(related)


def participants_most_involved(
    *, challenge: Challenge, limit: int = 10
) -> QuerySet[Participant]:
    """The participants in most published briefings on `challenge`; one query."""
    briefing_ids = published_briefings().filter(challenges=challenge).values("pk")
    return (
        Participant.objects.filter(briefing_links__page__in=briefing_ids)
        .annotate(briefing_count=Count("briefing_links"))
        .order_by("-briefing_count", "name")[:limit]
    )


def challenges_most_addressed(
    *, participant: Participant, limit: int = 5
) -> QuerySet[Challenge]:
    """The challenges of most published briefings `participant` took part in."""
    briefing_ids = published_briefings().filter(
        participant_links__participant=participant
    )
    return (
        Challenge.objects.filter(briefings__in=briefing_ids.values("pk"))
        .annotate(briefing_count=Count("briefings"))
        .order_by("-briefing_count", "sort_order", "name")[:limit]
    )


def participant_roles(*, participant: Participant) -> list[str]:
    """The roles `participant` has had in published briefings, most frequent first."""
    briefing_ids = published_briefings().values("pk")
    rows = (
        BriefingParticipant.objects.filter(
            participant=participant, page__in=briefing_ids
        )
        .values("role")
        .annotate(times=Count("pk"), latest=Max("page__date"))
        .order_by("-times", "-latest", "role")
    )
    labels = dict(BriefingParticipant.Role.choices)
    return [labels.get(row["role"], row["role"]) for row in rows]
