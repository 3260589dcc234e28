"""Every read the public pages make: listings, facets, the home page's lists, related
items.

Views and page `get_context` methods call these and do not build queries themselves.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.lookups import StartsWith
from django.http import QueryDict
from wagtail.models import PageViewRestriction

from .filters import BriefingFilterSet, ParticipantFilterSet
from .models import BriefingPage, BriefingParticipant, Challenge, Participant, Source


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


def latest_briefings(*, limit: int) -> list[BriefingPage]:
    """The most recent briefings, for the home page."""
    return list(briefing_list(filters=QueryDict())[:limit])


def challenge_list() -> QuerySet[Challenge]:
    """All challenges in editorial order, each with its count of live briefings."""
    live_ids = published_briefings().values("pk")
    return Challenge.objects.annotate(
        briefing_count=Count("briefings", filter=Q(briefings__in=live_ids))
    ).order_by("sort_order", "name")


def participant_list(*, filters: QueryDict | None = None) -> ParticipantFilterSet:
    """Participants A to Z, filtered by `kind`; `with_briefing_counts` adds their
    counts of live briefings."""
    participants = Participant.objects.order_by("name")
    return ParticipantFilterSet(filters or QueryDict(), queryset=participants)


def with_briefing_counts(participants: Iterable[Participant]) -> list[Participant]:
    """`participants`, each with `briefing_count`: how many published briefings
    name it; for /participants/."""
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
    participants = list(participants)
    for participant in participants:
        participant.briefing_count = counts.get(participant.pk, 0)
    return participants


@dataclass(frozen=True)
class FacetOption:
    """One choice in a listing filter: the term, how many briefings it would give
    with the other filters applied, and whether it is chosen."""

    term: Challenge | Participant | Source
    count: int
    selected: bool


# For each repeatable parameter: the vocabulary and its path to the briefings.
FACETS = {
    "challenge": (Challenge, "briefings"),
    "participant": (Participant, "briefing_links__page"),
    "source": (Source, "briefings"),
}


def facet_counts(*, filterset: BriefingFilterSet) -> dict[str, list[FacetOption]]:
    """Each vocabulary's options with their counts (options giving none left out),
    one GROUP BY query per vocabulary whatever the number of briefings or the page
    size."""
    chosen = {
        name: set(filterset.data.getlist(name)) if filterset.is_bound else set()
        for name in FACETS
    }
    facets = {}
    for name, (model, path) in FACETS.items():
        matching = filterset.queryset_without(name).values("pk")
        terms = model.objects.annotate(
            matching_count=Count(path, filter=Q(**{f"{path}__in": matching}))
        )
        options = [
            FacetOption(
                term=term,
                count=term.matching_count,
                selected=term.slug in chosen[name],
            )
            for term in terms.order_by(*model._meta.ordering)
        ]
        # Options that would give nothing are hidden, unless chosen. The long list
        # of participants puts the chosen ones, then the most frequent, first.
        options = [option for option in options if option.count or option.selected]
        if name == "participant":
            options.sort(key=lambda option: (not option.selected, -option.count))
        facets[name] = options
    return facets


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
