"""A listing's count and facet counts, read from the rolled-up counts where they
hold the answer and from the briefings' rows only where those are few.

Each vocabulary is counted over the briefings matching every filter but its own
(several values of one filter mean any of them); the count of the listing over
those matching all of them. A `Question` says what is asked: clauses (a set of
term ids of one vocabulary, of which a briefing must carry one; the page's own
term, a theme page's challenge, is a clause every facet keeps), a date range and
search words.

Where the answer comes from, for one vocabulary and the clauses that apply to it:
- no clause: `TermCount`, over the whole years and months in the range;
- one clause of one term: `PairYearCount` (for two terms of one vocabulary, over
  all years only);
- one clause of several terms: the sum of their pairs, less what the briefings
  carrying two or more of them added more than once (inclusion-exclusion, read
  from those briefings' rows, which are few);
- anything else (two vocabularies at once, a search): the briefings' rows.
The parts of the range that are not whole years (`from=2016-05-03`) are counted
from the rows of those months. All of it goes to the database as one query.
"""

import datetime
from dataclasses import dataclass, field, replace
from itertools import combinations

from django.db import connection
from django.db.models import Q, QuerySet

from . import search
from .read_model import (
    ALL,
    ALL_YEARS,
    CHALLENGE,
    KINDS,
    PARTICIPANT,
    SOURCE,
    ListedBriefing,
    ListedTerm,
    PairYearCount,
    TermCount,
    month_period,
)

# The column of ListedBriefing holding each vocabulary's ids.
COLUMNS = {
    CHALLENGE: "challenge_ids",
    PARTICIPANT: "participant_ids",
    SOURCE: "source_id",
}
# Inclusion-exclusion reads the briefings carrying any two of the chosen terms:
# one condition per pair, so only for a few terms.
MAX_TERMS_SUMMED = 6
FIRST_YEAR, LAST_YEAR = 1, 9999


@dataclass(frozen=True)
class Clause:
    """A briefing must carry one of `ids` of vocabulary `kind`; `scope`: the page's
    own term, kept when its vocabulary is counted."""

    kind: str
    ids: frozenset[int]
    scope: bool = False


@dataclass(frozen=True)
class Question:
    """What a listing asks: clauses, an inclusive date range and search words."""

    clauses: tuple[Clause, ...] = ()
    start: datetime.date | None = None
    end: datetime.date | None = None
    words: tuple[str, ...] = ()

    def clauses_for(self, kind: str) -> tuple[Clause, ...]:
        """The clauses counting `kind` applies: all but its own filter's."""
        return tuple(c for c in self.clauses if c.scope or c.kind != kind)


class SharedRows:
    """The sets of briefings' rows one count query reads, each read once (a
    common table expression) however many of its parts count over it."""

    def __init__(self):
        self.sources: dict[tuple, str] = {}
        self.definitions: list[tuple[str, list]] = []

    def name(self, sql: str, params: list) -> str:
        key = (sql, tuple(tuple(p) if isinstance(p, list) else p for p in params))
        if key not in self.sources:
            name = f"rows_{len(self.sources)}"
            self.sources[key] = name
            self.definitions.append((f"{name} AS MATERIALIZED ({sql})", list(params)))
        return self.sources[key]

    def prefix(self) -> tuple[str, list]:
        """The WITH clause, and its parameters."""
        if not self.definitions:
            return "", []
        sql = "WITH " + ", ".join(definition for definition, _ in self.definitions)
        return sql + " ", [value for _, values in self.definitions for value in values]


@dataclass
class Counts:
    """The listing's count, and each vocabulary's counts by term id (those above 0).

    For a search, `total` stops at `search.COUNT_LIMIT` + 1 (`more_than` says
    so), and the vocabularies are counted over its best matches (`sampled`)."""

    total: int = 0
    by_kind: dict[str, dict[int, int]] = field(default_factory=dict)
    searching: bool = False

    @property
    def more_than(self) -> int | None:
        """The limit the count passed, if it did: "more than 5,000"."""
        if self.searching and self.total > search.COUNT_LIMIT:
            return search.COUNT_LIMIT
        return None

    @property
    def sampled(self) -> int | None:
        """How many best matches the vocabularies were counted over, if fewer than
        all."""
        if self.searching and self.total > search.FACET_SAMPLE:
            return search.FACET_SAMPLE
        return None

    @property
    def listed(self) -> int:
        """How many briefings the listing's pages hold."""
        return min(self.total, search.COUNT_LIMIT) if self.searching else self.total


def rows(question: Question, clauses=None, dates=None) -> QuerySet[ListedBriefing]:
    """The briefings matching `clauses` (default: the question's), within `dates`
    (a list of (start, end), default: the question's range), and its words."""
    queryset = ListedBriefing.objects.all()
    for clause in question.clauses if clauses is None else clauses:
        queryset = queryset.filter(carries(clause))
    if dates is None:
        dates = [(question.start, question.end)]
    within = None
    for start, end in dates:
        part = Q()
        if start:
            part &= Q(date__gte=start)
        if end:
            part &= Q(date__lte=end)
        if not part:  # no bound: every date
            within = None
            break
        within = part if within is None else within | part
    if within is not None:
        queryset = queryset.filter(within)
    if question.words:
        queryset = search.matching(queryset, list(question.words))
    return queryset


def carries(clause: Clause) -> Q:
    """The condition of a briefing carrying one of the clause's terms."""
    ids = sorted(clause.ids)
    if clause.kind == SOURCE:
        return Q(source_id__in=ids)
    return Q(**{f"{COLUMNS[clause.kind]}__overlaps": ids})


def count(
    question: Question,
    *,
    most_frequent: dict[str, int] | None = None,
    vocabularies: bool = True,
) -> Counts:
    """The listing's count and the facet counts of each vocabulary, in one query
    (without `vocabularies`, the count alone: the API's).

    `most_frequent` limits a vocabulary to its N most frequent terms (and those
    chosen in the question, whatever their count), by count then name: the
    listing offers 30 of 5,000 participants."""
    most_frequent = most_frequent or {}
    shared = SharedRows()
    parts, params = [], []
    for kind in (ALL, *KINDS) if vocabularies else (ALL,):
        sql, values = _counting(kind, question, shared)
        summed = f"SELECT term_id, SUM(n) AS n FROM ({sql}) AS part GROUP BY term_id"
        if kind in most_frequent:
            chosen = sorted(
                {
                    pk
                    for c in question.clauses
                    if c.kind == kind and not c.scope
                    for pk in c.ids
                }
            )
            first = (
                f"CASE WHEN summed.term_id IN ({', '.join(['%s'] * len(chosen))}) "
                "THEN 0 ELSE 1 END, "
                if chosen
                else ""
            )
            summed = (
                f"SELECT * FROM (SELECT summed.term_id, summed.n FROM ({summed}) AS "
                f"summed JOIN {ListedTerm._meta.db_table} AS term ON term.kind = %s "
                "AND term.term_id = summed.term_id WHERE summed.n > 0 "
                f"ORDER BY {first}summed.n DESC, term.name LIMIT %s) AS top"
            )
            values = [*values, kind, *chosen, most_frequent[kind] + len(chosen)]
        parts.append(
            f"SELECT '{kind}' AS kind, term_id, n FROM ({summed}) AS {kind}_counts"
        )
        params += values
    counts = Counts(
        by_kind={kind: {} for kind in KINDS}, searching=bool(question.words)
    )
    with_sql, with_params = shared.prefix()
    with connection.cursor() as cursor:
        cursor.execute(with_sql + " UNION ALL ".join(parts), [*with_params, *params])
        for kind, term_id, n in cursor.fetchall():
            if kind == ALL:
                counts.total = int(n or 0)
            elif n and n > 0:
                counts.by_kind[kind][term_id] = int(n)
    return counts


def _counting(kind: str, question: Question, shared: SharedRows) -> tuple[str, list]:
    """SQL giving (term_id, n) rows whose sums per term are `kind`'s counts (kind
    ALL: one term, 0, the listing's count)."""
    clauses = question.clauses if kind == ALL else question.clauses_for(kind)
    if question.words:
        if kind == ALL:
            return _capped_total(rows(question, clauses))
        unsearched = rows(replace(question, words=()), clauses)
        sample = search.best(
            unsearched, list(question.words), limit=search.FACET_SAMPLE
        )
        return _from_rows(kind, sample, shared)
    plan = plan_dates(question.start, question.end)
    parts = []
    if plan.all_time:
        parts.append(
            _from_periods(kind, clauses, question, (ALL_YEARS, ALL_YEARS), shared)
        )
    if plan.years:
        parts.append(_from_periods(kind, clauses, question, plan.years, shared))
    days = list(plan.days)
    for first, last in plan.months:
        if clauses:  # no rolled-up count of a month with a term
            days.append((_month_start(first), _month_end(last)))
        else:
            parts.append(_term_counts(kind, first, last))
    if days:
        parts.append(_from_rows(kind, rows(question, clauses, dates=days), shared))
    return _union(parts)


def _from_periods(kind, clauses, question, periods, shared) -> tuple[str, list]:
    """Counts over the whole years `periods` ((first, last); (0, 0): all time)."""
    first, last = periods
    all_time = first == ALL_YEARS
    if not clauses:
        return _term_counts(kind, first, last)
    if len(clauses) == 1:
        clause = clauses[0]
        same_kind = clause.kind == kind
        if len(clause.ids) == 1 and (all_time or not same_kind):
            (term,) = clause.ids
            return _pair_counts(clause.kind, term, kind, first, last)
        if 1 < len(clause.ids) <= MAX_TERMS_SUMMED and not same_kind:
            return _summed_pairs(kind, clause, question, first, last, shared)
    dates = [_span(first, last)]
    return _from_rows(kind, rows(question, clauses, dates=dates), shared)


def _span(first: int, last: int) -> tuple[datetime.date | None, datetime.date | None]:
    """The dates of the whole years first to last ((0, 0): all time)."""
    if first == ALL_YEARS:
        return (None, None)
    return (_first_day(first), _last_day(last))


def _capped_total(matches: QuerySet) -> tuple[str, list]:
    """SQL of the number of `matches`, counted no further than
    `search.COUNT_LIMIT` + 1."""
    sub, params = (
        matches.order_by().values("page_id")[: search.COUNT_LIMIT + 1]
    ).query.sql_with_params()
    return f"SELECT 0 AS term_id, COUNT(*) AS n FROM ({sub}) AS found", params


def _term_counts(kind, first, last) -> tuple[str, list]:
    """Each term's count over the periods first to last (years, or months)."""
    table = TermCount._meta.db_table
    rollup_kind, term = (ALL, "0") if kind == ALL else (kind, "term_id")
    return (
        f"SELECT {term} AS term_id, n FROM {table} WHERE kind = %s "
        "AND period BETWEEN %s AND %s",
        [rollup_kind, first, last],
    )


def _pair_counts(given_kind, given_id, kind, first, last):
    """Counts of `kind`'s terms (ALL: of the briefings) among the briefings
    carrying term `given_id` of `given_kind`, over the years first to last."""
    if kind == ALL:
        return _single_term_total(given_kind, given_id, first, last)
    table = PairYearCount._meta.db_table
    as_a = (
        f"SELECT b_id AS term_id, n FROM {table} WHERE a_kind = %s AND a_id = %s "
        "AND b_kind = %s AND year BETWEEN %s AND %s"
    )
    as_b = (
        f"SELECT a_id AS term_id, n FROM {table} WHERE b_kind = %s AND b_id = %s "
        "AND a_kind = %s AND year BETWEEN %s AND %s"
    )
    given = [given_kind, given_id, kind, first, last]
    if given_kind == kind:
        # Two terms of one vocabulary: stored once, either way round; the term
        # itself is on every one of its briefings.
        own, own_params = _single_term_total(given_kind, given_id, first, last)
        return (
            f"{as_a} UNION ALL {as_b} UNION ALL "
            f"SELECT {int(given_id)} AS term_id, n FROM ({own}) AS own",
            [*given, *given, *own_params],
        )
    if given_kind < kind:
        return as_a, given
    return as_b, given


def _single_term_total(kind, term_id, first, last):
    table = TermCount._meta.db_table
    return (
        f"SELECT 0 AS term_id, n FROM {table} WHERE kind = %s AND term_id = %s "
        "AND period BETWEEN %s AND %s",
        [kind, term_id, first, last],
    )


def _summed_pairs(kind, clause, question, first, last, shared):
    """Inclusion-exclusion over the clause's terms: each term's pair counts, less
    (m - 1) for each briefing carrying m >= 2 of them."""
    parts = [
        _pair_counts(clause.kind, term, kind, first, last)
        for term in sorted(clause.ids)
    ]
    if clause.kind != SOURCE:  # a briefing has one source: none carries two
        pairs = None
        for two in combinations(sorted(clause.ids), 2):
            both = Q(**{f"{COLUMNS[clause.kind]}__contains_all": list(two)})
            pairs = both if pairs is None else pairs | both
        overlapping = rows(question, (), dates=[_span(first, last)]).filter(pairs)
        parts.append(
            _from_rows(kind, overlapping, shared, weight=_extra_matches(clause))
        )
    return _union(parts)


def _extra_matches(clause: Clause) -> tuple[str, list]:
    """SQL of -(how many of the clause's terms a row carries, less one)."""
    ids = sorted(clause.ids)
    column = f"e.{COLUMNS[clause.kind]}"
    marks = ", ".join(["%s"] * len(ids))
    if connection.vendor == "postgresql":
        sql = f"1 - (SELECT COUNT(*) FROM unnest({column}) AS x WHERE x IN ({marks}))"
    else:
        sql = f"1 - (SELECT COUNT(*) FROM json_each({column}) WHERE value IN ({marks}))"
    return sql, ids


def _from_rows(
    kind, queryset: QuerySet, shared: SharedRows, weight=("1", [])
) -> tuple[str, list]:
    """SQL counting `kind` over the briefings of `queryset`, each counted
    `weight` times (an SQL expression over the row `e`)."""
    weight_sql, weight_params = weight
    sub, sub_params = (
        queryset.order_by()
        .values("page_id", "source_id", "challenge_ids", "participant_ids")
        .query.sql_with_params()
    )
    # Read once for every part counting over the same briefings, with the
    # weight worked out once per briefing, not once per term it carries.
    source = shared.name(
        f"SELECT e.*, {weight_sql} AS weight FROM ({sub}) AS e",
        [*weight_params, *sub_params],
    )
    if kind == ALL:
        return f"SELECT 0 AS term_id, entry.weight AS n FROM {source} AS entry", []
    if kind == SOURCE:
        return (
            f"SELECT entry.source_id AS term_id, entry.weight AS n "
            f"FROM {source} AS entry WHERE entry.source_id IS NOT NULL",
            [],
        )
    column = f"entry.{COLUMNS[kind]}"
    if connection.vendor == "postgresql":
        each = f"CROSS JOIN LATERAL unnest({column}) AS term(term_id)"
        term = "term.term_id"
    else:
        each = f", json_each({column}) AS term"
        term = "term.value"
    return (
        f"SELECT {term} AS term_id, entry.weight AS n FROM {source} AS entry {each}",
        [],
    )


def _union(parts: list[tuple[str, list]]) -> tuple[str, list]:
    if not parts:
        return "SELECT 0 AS term_id, 0 AS n", []
    sql = " UNION ALL ".join(
        f"SELECT term_id, n FROM ({part}) AS p{i}" for i, (part, _) in enumerate(parts)
    )
    return sql, [value for _, values in parts for value in values]


@dataclass(frozen=True)
class DatePlan:
    """A date range as the counts are kept: all time, or whole years (first,
    last), whole months ((first, last) periods, e.g. (201605, 201612)) and the
    days left over."""

    all_time: bool = False
    years: tuple[int, int] | None = None
    months: tuple[tuple[int, int], ...] = ()
    days: tuple[tuple[datetime.date, datetime.date], ...] = ()


def plan_dates(start, end) -> DatePlan:
    """The periods making up [start, end] (either may be open)."""
    if start is None and end is None:
        return DatePlan(all_time=True)
    first = (
        FIRST_YEAR if start is None else start.year + (start != _first_day(start.year))
    )
    last = LAST_YEAR if end is None else end.year - (end != _last_day(end.year))
    segments = []
    if start is not None and start != _first_day(start.year):
        segments.append(
            (start, min(_last_day(start.year), end or _last_day(start.year)))
        )
    if end is not None and end != _last_day(end.year):
        segment_start = _first_day(end.year)
        if start is None or start.year != end.year:
            segments.append((segment_start, end))
    months, days = [], []
    for segment_start, segment_end in segments:
        whole, left = _months_of(segment_start, segment_end)
        months += whole
        days += left
    return DatePlan(
        years=(first, last) if first <= last else None,
        months=tuple(months),
        days=tuple(days),
    )


def _months_of(start, end):
    """The whole months within [start, end] (one year) as period ranges, and the
    days before and after them."""
    first = start.month + (start.day != 1)
    last = end.month - (end != _month_end(month_period(end.year, end.month)))
    if first > last:
        return [], [(start, end)]
    days = []
    if start.day != 1:
        days.append((start, _month_end(month_period(start.year, start.month))))
    if end != _month_end(month_period(end.year, end.month)):
        days.append((_month_start(month_period(end.year, end.month)), end))
    return [(month_period(start.year, first), month_period(end.year, last))], days


def _month_start(period: int) -> datetime.date:
    return datetime.date(period // 100, period % 100, 1)


def _month_end(period: int) -> datetime.date:
    year, month = divmod(period, 100)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _first_day(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def _last_day(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def term_names(kind: str, ids) -> dict[int, ListedTerm]:
    """The terms of `kind` with these ids, by id."""
    return {
        term.term_id: term
        for term in ListedTerm.objects.filter(kind=kind, term_id__in=list(ids))
    }
