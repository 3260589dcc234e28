"""A briefing's related briefings, read from the read model in a bounded number
of rows whatever the size of the archive.

Related means: sharing the most challenges and participants, newest first among
equals, among the `RECENT_PER_TERM` most recent briefings carrying each of its
terms. A term carried by thousands of briefings offers only its most recent
ones; a rare participant, which says most about what a briefing is related to,
offers all of them.
"""

from django.db import connection
from django.db.models import OuterRef, Subquery

from .cards import Card
from .dates import display_date
from .read_model import (
    CHALLENGE,
    PARTICIPANT,
    SOURCE,
    ListedBriefing,
    ListedTag,
    ListedTerm,
)

RECENT_PER_TERM = 30


def related_briefings(
    *, page_id: int, challenge_ids, participant_ids, limit: int = 3
) -> list[Card]:
    """Up to `limit` other published briefings sharing the most terms with the
    briefing `page_id`, as cards (without their challenges); two queries."""
    terms = [(CHALLENGE, pk) for pk in challenge_ids]
    terms += [(PARTICIPANT, pk) for pk in participant_ids]
    if not terms:
        return []
    table = ListedTag._meta.db_table
    # One bounded read of an index per term: SQLite allows ORDER BY and LIMIT in
    # a compound query's parts only inside a subquery, hence the wrapping.
    part = (
        f"SELECT * FROM (SELECT briefing_id, date FROM {table} WHERE kind = %s "
        "AND term_id = %s AND briefing_id <> %s "
        "ORDER BY date DESC, briefing_id DESC LIMIT %s) AS recent"
    )
    candidates = " UNION ".join([part] * len(terms))
    shared_terms = " OR ".join(["(tag.kind = %s AND tag.term_id = %s)"] * len(terms))
    params = []
    for kind, pk in terms:
        params += [kind, pk]
    for kind, pk in terms:
        params += [kind, pk, page_id, RECENT_PER_TERM]
    # How many of the briefing's terms each candidate shares, counted among the
    # candidate's own tags (its few index entries), and ranked in the database.
    sql = f"""SELECT candidate.briefing_id, (
            SELECT COUNT(*) FROM {table} AS tag
            WHERE tag.briefing_id = candidate.briefing_id AND ({shared_terms})
        ) AS shared
        FROM ({candidates}) AS candidate
        ORDER BY shared DESC, candidate.date DESC, candidate.briefing_id DESC
        LIMIT %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        ranked_ids = [row[0] for row in cursor.fetchall()]
    source_name = ListedTerm.objects.filter(
        kind=SOURCE, term_id=OuterRef("source_id")
    ).values("name")[:1]
    found = (
        ListedBriefing.objects.filter(page_id__in=ranked_ids)
        .for_cards()
        .annotate(source_name=Subquery(source_name))
        .in_bulk()
    )
    ranked = [found[pk] for pk in ranked_ids if pk in found]
    return [
        Card(
            title=entry.card.title,
            url=entry.card.path,
            date=entry.date,
            display_date=display_date(entry.date, entry.card.date_precision),
            source=entry.source_name or "",
            summary=entry.card.summary,
            challenges=[],
            published_at=entry.card.published_at,
            date_precision=entry.card.date_precision,
        )
        for entry in ranked
    ]
