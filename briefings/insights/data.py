"""The numbers behind the insight charts: a few aggregate queries over the read
model, restricted to the briefings a filterset lists (never a query per bar)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count

from ..listing.filters import BriefingFilterSet
from ..listing.read_model import CHALLENGE, ListedTag, ListedTerm

# The challenges a chart names; the rest are summed as "Other challenges".
TOP_CHALLENGES = 8


@dataclass
class Insights:
    """What the charts show of the briefings a filterset lists."""

    total: int
    # Briefings per year, and per year and challenge id.
    per_year: dict[int, int]
    per_year_challenge: dict[int, dict[int, int]]
    # Briefings carrying each challenge, most first (the top ones named).
    challenge_totals: dict[int, int]
    top: list[ListedTerm]
    # Briefings carrying both of two top challenges, by (id, id), id < id.
    pairs: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        if not self.per_year:
            return []
        return list(range(min(self.per_year), max(self.per_year) + 1))

    def other(self, year: int) -> int:
        """Challenge tags of `year` outside the top challenges."""
        named = {term.term_id for term in self.top}
        return sum(
            n
            for pk, n in self.per_year_challenge.get(year, {}).items()
            if pk not in named
        )

    def pair(self, a: int, b: int) -> int:
        if a == b:
            return self.challenge_totals.get(a, 0)
        return self.pairs.get((min(a, b), max(a, b)), 0)


def insights(filterset: BriefingFilterSet) -> Insights:
    """The numbers for the briefings `filterset` lists (its invalid filters left
    out, as the listing does)."""
    listed = filterset.queryset_without("sort")
    per_year = dict(
        listed.values_list("year").annotate(n=Count("page_id")).values_list("year", "n")
    )
    tags = ListedTag.objects.filter(
        kind=CHALLENGE, briefing__in=listed.values("page_id")
    )
    per_year_challenge: dict[int, dict[int, int]] = defaultdict(dict)
    totals: dict[int, int] = defaultdict(int)
    for year, term_id, n in (
        tags.values("year", "term_id")
        .annotate(n=Count("id"))
        .values_list("year", "term_id", "n")
    ):
        per_year_challenge[year][term_id] = n
        totals[term_id] += n
    ranked = sorted(totals, key=lambda pk: -totals[pk])
    names = {
        term.term_id: term
        for term in ListedTerm.objects.filter(
            kind=CHALLENGE, term_id__in=ranked[:TOP_CHALLENGES]
        )
    }
    top = [names[pk] for pk in ranked[:TOP_CHALLENGES] if pk in names]
    return Insights(
        total=sum(per_year.values()),
        per_year=per_year,
        per_year_challenge=dict(per_year_challenge),
        challenge_totals=dict(sorted(totals.items(), key=lambda item: -item[1])),
        top=top,
        pairs=_pairs(listed, [term.term_id for term in top]),
    )


def _pairs(listed, ids: list[int]) -> dict[tuple[int, int], int]:
    """How many of the listed briefings carry each two of `ids`: one self-join of
    their challenge tags (the ORM has no self-join on a non-key column)."""
    if len(ids) < 2:
        return {}
    subquery, params = listed.values("page_id").query.sql_with_params()
    table = ListedTag._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    sql = f"""
        SELECT a.term_id, b.term_id, COUNT(*)
        FROM {table} AS a
        JOIN {table} AS b ON b.briefing_id = a.briefing_id AND b.kind = a.kind
        WHERE a.kind = %s AND a.term_id < b.term_id
          AND a.term_id IN ({marks}) AND b.term_id IN ({marks})
          AND a.briefing_id IN ({subquery})
        GROUP BY a.term_id, b.term_id"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [CHALLENGE, *ids, *ids, *params])
        return {(a, b): n for a, b, n in cursor.fetchall()}
