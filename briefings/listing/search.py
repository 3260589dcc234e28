"""Full-text search over the read model (`ListedBriefing.document` and
`.headline`, see `search_document`).

Relevance, without scoring every match: briefings whose headline (title and
summary) holds every word come first, then those holding them further down;
newest first within each. Both orders are read from the date index or a GIN
index, whichever is cheaper for the words, so a word in most of the archive
costs a page of rows, not a ranking of 80,000.

What no index gives cheaply for a common word is everything about its matches:
their number is counted up to `COUNT_LIMIT` ("more than 2,000 briefings"), and
a search's facet counts are those of its `FACET_SAMPLE` best matches when it has
more (the page says so).
"""

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from .read_model import ListedBriefing
from .search_document import CONFIG
from .stemming import stemmed_document, tokens

COUNT_LIMIT = 2_000
FACET_SAMPLE = 200


def words_of(text: str) -> list[str]:
    """The words of a search, lower-cased, with every other character dropped
    (readers' text never reaches a query parser): letters and digits, as the
    documents are split (`stemming.tokens`)."""
    return tokens(text)


FACT_COLUMNS = [
    "page_id",
    "date",
    "year",
    "month",
    "source_id",
    "challenge_ids",
    "participant_ids",
]


def insert(entries) -> None:
    """Write the rows of new entries with their searchable text: stemmed vectors
    on PostgreSQL (without positions: nothing ranks by them), made by the
    database as the rows go in; the same stems as text elsewhere
    (`stemming.stemmed_document`)."""
    if not entries:
        return
    if connection.vendor != "postgresql":
        for entry in entries:
            headline = f"{entry.card.title} {entry.card.summary}"
            entry.row.headline = stemmed_document(headline)
            entry.row.document = stemmed_document(f"{headline} {entry.body_text}")
        ListedBriefing.objects.bulk_create([entry.row for entry in entries])
        return
    # Each value typed: a VALUES list guesses a parameter's type from its
    # first row, and psycopg sends an empty list as untyped text.
    marks = "%s, %s::date, %s, %s, %s::integer, %s::integer[], %s::integer[], %s, %s"
    values = ", ".join([f"({marks})"] * len(entries))
    params = []
    for entry in entries:
        row = entry.row
        params += [
            row.page_id,
            row.date,
            row.year,
            row.month,
            row.source_id,
            list(row.challenge_ids),
            list(row.participant_ids),
            f"{entry.card.title} {entry.card.summary}",
            entry.body_text,
        ]
    columns = ", ".join(FACT_COLUMNS)
    given = ", ".join(f"given.{column}" for column in FACT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {ListedBriefing._meta.db_table}
                ({columns}, headline, document)
            SELECT {given}, words.headline,
                words.headline || strip(to_tsvector('{CONFIG}', given.body))
            FROM (VALUES {values}) AS given({columns}, headline, body)
            CROSS JOIN LATERAL (
                SELECT strip(to_tsvector('{CONFIG}', given.headline)) AS headline
            ) AS words""",
            params,
        )


def matching(queryset: QuerySet, words: list[str]) -> QuerySet:
    """The briefings of `queryset` holding every word."""
    return queryset.filter(document__matches=words)


def in_headline(words: list[str]) -> Q:
    """The condition of a briefing's headline holding every word."""
    return Q(headline__matches=words)


def tiers(queryset: QuerySet, words: list[str]) -> tuple[QuerySet, QuerySet]:
    """The matches among `queryset` (not yet `matching`: a headline match is a
    match) in relevance order, as two ordered querysets: headline matches, then
    the others."""
    newest = ("-date", "-page_id")
    return (
        queryset.filter(in_headline(words)).order_by(*newest),
        matching(queryset, words).exclude(in_headline(words)).order_by(*newest),
    )


def capped_count(queryset: QuerySet, limit: int = COUNT_LIMIT) -> int:
    """How many rows `queryset` has, counting no further than `limit` + 1."""
    return queryset.order_by().values("pk")[: limit + 1].count()


class RankedMatches:
    """A search's matches among `queryset` (unsearched) in relevance order, as a
    sequence Django's paginator slices, of `count` rows (the capped count): a
    page is read from the headline tier, and from the other tier once past it."""

    def __init__(self, queryset: QuerySet, words: list[str], *, count: int):
        self.headline, self.rest = tiers(queryset, words)
        self.queryset = queryset
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, rows: slice) -> list:
        start, stop = rows.start or 0, rows.stop
        keys = list(self.headline.values_list("pk", flat=True)[start:stop])
        if len(keys) < stop - start:
            # Past the headline matches: how many there are is known now (fewer
            # than `stop`), so the rest continue from there.
            first = capped_count(self.headline, limit=stop)
            skip = max(start - first, 0)
            wanted = stop - start - len(keys)
            rest = self.rest.values_list("pk", flat=True)[skip : skip + wanted]
            keys += list(rest)
        found = self.queryset.order_by().in_bulk(keys)
        return [found[key] for key in keys if key in found]


def best(queryset: QuerySet, words: list[str], *, limit: int) -> QuerySet:
    """The `limit` best matches among `queryset` (unsearched; headline matches
    first, newest first), as a queryset read in the same query as whatever uses
    it."""
    parts, params = [], []
    for tier, ordered in enumerate(tiers(queryset, words), start=1):
        rows = ordered.values("page_id", "date")[:limit]
        sql, values = rows.query.sql_with_params()
        parts.append(
            f"SELECT page_id, date, {tier} AS tier FROM ({sql}) AS tier_{tier}"
        )
        params += values
    sql = (
        f"SELECT page_id FROM ({' UNION ALL '.join(parts)}) AS tiers "
        f"ORDER BY tier, date DESC, page_id DESC LIMIT {int(limit)}"
    )
    return queryset.model.objects.filter(pk__in=RawSQL(sql, params))
