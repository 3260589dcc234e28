"""Full-text search over the read model (`ListedText.document`, see
`search_document`): the words a reader typed, the briefings holding all of them,
and their order of relevance."""

import re

from django.db import connection
from django.db.models import F, QuerySet

from .read_model import ListedText
from .search_document import CONFIG, Distance


def words_of(text: str) -> list[str]:
    """The words of a search, lower-cased, with every other character dropped
    (readers' text never reaches a query parser)."""
    return re.findall(r"\w+", text.lower())


def index(entries) -> None:
    """Write the searchable text of new entries: a weighted vector on PostgreSQL
    (title A, summary B, the rest without weight or positions, which keeps the
    index small and its ranking fast), the lower-cased text elsewhere."""
    if not entries:
        return
    if connection.vendor != "postgresql":
        ListedText.objects.bulk_create(
            [
                ListedText(
                    briefing_id=entry.row.page_id,
                    document=" ".join(
                        [entry.card.title, entry.card.summary, entry.body_text]
                    ).lower(),
                )
                for entry in entries
            ]
        )
        return
    values = ", ".join(["(%s, %s, %s, %s)"] * len(entries))
    params = []
    for entry in entries:
        params += [
            entry.row.page_id,
            entry.card.title,
            entry.card.summary,
            entry.body_text,
        ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {ListedText._meta.db_table} (briefing_id, document)
            SELECT given.page_id::integer,
                setweight(to_tsvector('{CONFIG}', given.title), 'A')
                || setweight(to_tsvector('{CONFIG}', given.summary), 'B')
                || strip(to_tsvector('{CONFIG}', given.body))
            FROM (VALUES {values}) AS given(page_id, title, summary, body)""",
            params,
        )


def matching(queryset: QuerySet, words: list[str]) -> QuerySet:
    """The briefings of `queryset` holding every word."""
    return queryset.filter(text__document__matches=words)


def best_first(queryset: QuerySet, words: list[str]) -> QuerySet:
    """`queryset` (already `matching`) in order of relevance, newest first among
    equals."""
    distance = Distance(
        F("text__document"), F("card__title"), F("card__summary"), words=words
    )
    return queryset.order_by(distance, "-date", "-page_id")
