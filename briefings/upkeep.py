"""Keeping the read model (`listing.read_model`) exact.

Every change that can alter what readers see calls in here inside its own
transaction (`signals.py`): `refresh(page_ids)` after a publish, unpublish, move,
deletion, privacy or schedule change, term merge or import; `sync_term` after a
term is edited. `rebuild()` makes everything again from the page tree
(`manage.py rebuild_listing`, the generated archive, a Site change).

A refresh rewrites the rows of the briefings named and moves the rolled-up counts
by the difference between their old and new contributions, so its cost follows
the briefings changed, not the archive.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import combinations, islice

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import QuerySet
from wagtail.models import Page, Site

from .listing import search, vocabulary
from .listing.read_model import (
    ALL,
    ALL_YEARS,
    CHALLENGE,
    KINDS,
    PARTICIPANT,
    SOURCE,
    ListedBriefing,
    ListedCard,
    ListedTag,
    ListedTerm,
    PairYearCount,
    RoleCount,
    SearchWord,
    TermCount,
    month_period,
)
from .models import BriefingPage, BriefingParticipant, Challenge, Participant, Source
from .models.blocks import plain_text

TERM_MODELS = {CHALLENGE: Challenge, PARTICIPANT: Participant, SOURCE: Source}
BATCH = 1_000


@dataclass
class Entry:
    """A briefing as the read model holds it, with the text a search matches."""

    row: ListedBriefing
    card: ListedCard
    roles: dict[int, str] = field(default_factory=dict)  # participant id -> role
    body_text: str = ""

    def words(self) -> set[str]:
        """The vocabulary's words of its title, summary and body (its terms'
        names count once per term, `_term_words`)."""
        return card_words(self.card.title, self.card.summary, self.card.text)

    def tags(self) -> list[ListedTag]:
        row = self.row
        terms = [(CHALLENGE, pk, "") for pk in row.challenge_ids]
        terms += [
            (PARTICIPANT, pk, self.roles.get(pk, "")) for pk in row.participant_ids
        ]
        if row.source_id is not None:
            terms.append((SOURCE, row.source_id, ""))
        return [
            ListedTag(
                briefing_id=row.page_id,
                kind=kind,
                term_id=pk,
                date=row.date,
                year=row.year,
                month=row.month,
                role=role,
            )
            for kind, pk, role in terms
        ]


def refresh(page_ids: Iterable[int]) -> None:
    """Make the read model's rows of these pages what the page tree says now."""
    ids = sorted(set(page_ids))
    if not ids:
        return
    with transaction.atomic():
        # Two refreshes of one page (an autosave and a publish) take turns.
        list(Page.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
        for chunk in _chunks(ids, BATCH):
            _refresh_chunk(chunk)


def _refresh_chunk(ids: list[int]) -> None:
    old_tags = list(ListedTag.objects.filter(briefing_id__in=ids))
    old_dates = list(
        ListedBriefing.objects.filter(page_id__in=ids).values_list("year", "month")
    )
    old_cards = ListedCard.objects.filter(briefing_id__in=ids).values_list(
        "title", "summary", "text"
    )
    old_words = _word_contributions(card_words(*card) for card in old_cards)
    entries = build_entries(BriefingPage.objects.filter(pk__in=ids))
    ListedBriefing.objects.filter(page_id__in=ids).delete()
    _insert(entries)
    new_tags = [tag for entry in entries for tag in entry.tags()]
    change = _contributions(
        [(entry.row.year, entry.row.month) for entry in entries], new_tags
    )
    change.subtract(_contributions(old_dates, old_tags))
    change.update(_word_contributions(entry.words() for entry in entries))
    change.subtract(old_words)
    _apply(change)


def rebuild() -> int:
    """Empty the read model and make it again from every page; the briefings
    listed."""
    tables = [model._meta.db_table for model in READ_MODEL]
    with transaction.atomic(), _bulk_loading():
        with connection.cursor() as cursor:
            # TRUNCATE on PostgreSQL, DELETE elsewhere: Django's `flush` way.
            for statement in connection.ops.sql_flush(no_style(), tables):
                cursor.execute(statement)
        words = Counter()
        for kind in KINDS:
            _copy_terms(kind)
            names = TERM_MODELS[kind].objects.values_list("name", flat=True)
            words.update(_term_words(names.iterator()))
        ids = BriefingPage.objects.order_by("pk").values_list("pk", flat=True)
        for chunk in _chunks(ids.iterator(chunk_size=BATCH), BATCH):
            entries = build_entries(BriefingPage.objects.filter(pk__in=chunk))
            _insert(entries, tags=False)
            words.update(_word_contributions(entry.words() for entry in entries))
        _tag_everything()
        _count_everything()
        SearchWord.objects.bulk_create(
            [SearchWord(word=key[1], n=n) for key, n in words.items()],
            batch_size=BATCH,
        )
    return ListedBriefing.objects.count()


READ_MODEL = [
    ListedTag,
    ListedCard,
    ListedBriefing,
    TermCount,
    PairYearCount,
    RoleCount,
    ListedTerm,
    SearchWord,
]


# Built again in one pass after a rebuild's rows are in, rather than row by row
# as they go in (on PostgreSQL: minutes rather than seconds).
BULK_LOADED_INDEXES = [
    "listed_briefing_challenges_gin",
    "listed_briefing_participants_gin",
    "listed_briefing_document_gin",
    "listed_briefing_headline_gin",
    "listed_tag_term_newest_idx",
    "listed_tag_briefing_idx",
    "pair_year_count_b_idx",
    "search_word_trigram_gin",
]
BULK_LOADED_CONSTRAINTS = ["pair_year_count_key", "term_count_key"]


@contextmanager
def _bulk_loading():
    """On PostgreSQL, the read model's larger indexes and unique constraints
    dropped while its rows go in, and made again after from their own
    definitions (the migrations')."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [BULK_LOADED_INDEXES],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conname = ANY(%s)",
            [BULK_LOADED_CONSTRAINTS],
        )
        constraints = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for name, table, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    yield
    with connection.cursor() as cursor:
        # The tags' foreign keys are checked at commit; an index cannot be made
        # on a table with such checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, table, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in indexes:
            cursor.execute(definition)
        # Statistics of the new rows (and of the arrays' elements), or the
        # planner guesses until autovacuum comes by.
        for model in READ_MODEL:
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def kind_of(term) -> str:
    """The read model's kind of a Challenge, Participant or Source."""
    return next(kind for kind, model in TERM_MODELS.items() if isinstance(term, model))


def sync_term(term) -> None:
    """The term as public pages name it, after an edit."""
    forget_term(term)
    _copy_terms(kind_of(term), pk=term.pk)
    _apply(_term_words([term.name]))


def forget_term(term) -> None:
    """A deleted term (its briefings are refreshed by whoever deleted it)."""
    listed = ListedTerm.objects.filter(kind=kind_of(term), term_id=term.pk)
    names = list(listed.values_list("name", flat=True))
    listed.delete()
    change = Counter()
    change.subtract(_term_words(names))
    _apply(change)


def pages_with_term(term) -> list[int]:
    """The published briefings carrying `term`, as the read model knows them."""
    return list(
        ListedTag.objects.filter(kind=kind_of(term), term_id=term.pk).values_list(
            "briefing_id", flat=True
        )
    )


# -- building entries from pages ---------------------------------------------


def build_entries(pages: QuerySet[BriefingPage]) -> list[Entry]:
    """The entries of those of `pages` that readers may see (live, public)."""
    visible = list(
        pages.live()
        .public()
        .order_by()
        .values_list(
            "pk",
            "title",
            "url_path",
            "date",
            "date_precision",
            "summary",
            "source_id",
            "last_published_at",
            "body",
        )
    )
    if not visible:
        return []
    ids = [row[0] for row in visible]
    challenges: dict[int, list[int]] = {}
    for page_id, challenge_id in BriefingPage.challenges.through.objects.filter(
        briefingpage_id__in=ids
    ).values_list("briefingpage_id", "challenge_id"):
        challenges.setdefault(page_id, []).append(challenge_id)
    links: dict[int, dict[int, str]] = {}
    for page_id, participant_id, role in (
        BriefingParticipant.objects.filter(page_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("page_id", "participant_id", "role")
    ):
        links.setdefault(page_id, {})[participant_id] = role
    names = _term_names(challenges, links, visible)
    root_paths = _root_paths()
    entries = []
    for row_values in visible:
        pk, title, url_path, date, precision, summary, source_id = row_values[:7]
        published_at, body = row_values[7:]
        roles = links.get(pk, {})
        challenge_ids = sorted(challenges.get(pk, []))
        participant_ids = sorted(roles)
        terms = [names[(CHALLENGE, c)] for c in challenge_ids]
        terms += [names[(PARTICIPANT, p)] for p in participant_ids]
        if source_id is not None:
            terms.append(names[(SOURCE, source_id)])
        text = plain_text(list(body.raw_data))
        body_text = " ".join([text, *terms])
        row = ListedBriefing(
            page_id=pk,
            date=date,
            year=date.year,
            month=date.month,
            source_id=source_id,
            challenge_ids=challenge_ids,
            participant_ids=participant_ids,
        )
        card = ListedCard(
            briefing_id=pk,
            title=title,
            path=_relative_path(url_path, root_paths),
            summary=summary,
            text=text,
            date_precision=precision,
            published_at=published_at,
        )
        entries.append(Entry(row=row, card=card, roles=roles, body_text=body_text))
    return entries


def _term_names(challenges, links, visible) -> dict[tuple[str, int], str]:
    """The names of the terms these briefings carry, for their search text."""
    wanted = {
        CHALLENGE: {pk for ids in challenges.values() for pk in ids},
        PARTICIPANT: {pk for roles in links.values() for pk in roles},
        SOURCE: {row[6] for row in visible if row[6] is not None},
    }
    names = {}
    for kind, pks in wanted.items():
        for pk, name in (
            TERM_MODELS[kind].objects.filter(pk__in=pks).values_list("pk", "name")
        ):
            names[(kind, pk)] = name
    return names


def _root_paths() -> list[str]:
    """The url_paths of the sites' root pages, longest first."""
    return sorted(
        {root.root_path for root in Site.get_site_root_paths()}, key=len, reverse=True
    )


def _relative_path(url_path: str, root_paths: list[str]) -> str:
    """A page's address on its site: its url_path less the site root's."""
    for root in root_paths:
        if url_path.startswith(root):
            return "/" + url_path[len(root) :]
    return url_path


# -- writing rows ------------------------------------------------------------


def _insert(entries: list[Entry], *, tags: bool = True) -> None:
    if not entries:
        return
    search.insert(entries)
    ListedCard.objects.bulk_create([entry.card for entry in entries])
    if tags:
        ListedTag.objects.bulk_create(
            [tag for entry in entries for tag in entry.tags()]
        )


def _tag_everything() -> None:
    """Every entry's tags in one statement, from the pages' own links (for
    `rebuild`: building a million tag objects in Python took most of its time)."""
    tag = ListedTag._meta.db_table
    entry = ListedBriefing._meta.db_table
    challenges = BriefingPage.challenges.through._meta.db_table
    links = BriefingParticipant._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {tag}
                (briefing_id, kind, term_id, date, year, month, role)
            SELECT e.page_id, '{CHALLENGE}', c.challenge_id, e.date, e.year,
                e.month, ''
                FROM {entry} e JOIN {challenges} c ON c.briefingpage_id = e.page_id
            UNION ALL SELECT e.page_id, '{PARTICIPANT}', l.participant_id, e.date,
                e.year, e.month, l.role
                FROM {entry} e JOIN {links} l ON l.page_id = e.page_id
            UNION ALL SELECT page_id, '{SOURCE}', source_id, date, year, month, ''
                FROM {entry} WHERE source_id IS NOT NULL"""
        )


def _copy_terms(kind: str, *, pk: int | None = None) -> None:
    """Every term of a kind (or the one `pk` names) as pages name it, copied in
    one statement from its saved row (for `rebuild`: one object per term took
    half of a small archive's rebuild, at several thousand participants)."""
    model = TERM_MODELS[kind]
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return quote(model._meta.get_field(name).column)

    names = {field.name for field in model._meta.get_fields()}
    params = [kind]
    sort_order = column("sort_order") if "sort_order" in names else "0"
    participant_kind = kind_label = "''"
    if kind == PARTICIPANT:
        participant_kind = column("kind")
        labels = model._meta.get_field("kind").flatchoices
        cases = " ".join("WHEN %s THEN %s" for _ in labels)
        kind_label = f"CASE {participant_kind} {cases} ELSE '' END"
        params += [str(part) for value, label in labels for part in (value, label)]
    where = ""
    if pk is not None:
        where = f"WHERE {quote(model._meta.pk.column)} = %s"
        params.append(pk)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {ListedTerm._meta.db_table}
                (kind, term_id, slug, name, description, sort_order,
                participant_kind, kind_label)
            SELECT %s, {quote(model._meta.pk.column)}, {column("slug")},
                {column("name")}, {column("description")}, {sort_order},
                {participant_kind}, {kind_label}
            FROM {quote(model._meta.db_table)} {where}""",
            params,
        )


# -- rolled-up counts ----------------------------------------------------------

Key = tuple


def _contributions(dates: list[tuple[int, int]], tags: list[ListedTag]) -> Counter:
    """What these briefings (their (year, month) and tags) add to each rolled-up
    count, keyed by table and key."""
    counts: Counter = Counter()
    for year, month in dates:
        for period in (ALL_YEARS, year, month_period(year, month)):
            counts[("term", ALL, 0, period)] += 1
    by_briefing: dict[int, list[ListedTag]] = {}
    for tag in tags:
        by_briefing.setdefault(tag.briefing_id, []).append(tag)
        for period in (ALL_YEARS, tag.year, month_period(tag.year, tag.month)):
            counts[("term", tag.kind, tag.term_id, period)] += 1
        if tag.kind == PARTICIPANT:
            counts[("role", tag.term_id, tag.role)] += 1
    for briefing_tags in by_briefing.values():
        ordered = sorted(briefing_tags, key=lambda tag: (tag.kind, tag.term_id))
        for a, b in combinations(ordered, 2):
            if a.kind != b.kind:
                counts[("pair", a.kind, a.term_id, b.kind, b.term_id, a.year)] += 1
            counts[("pair", a.kind, a.term_id, b.kind, b.term_id, ALL_YEARS)] += 1
    return counts


UPSERTS = {
    "term": (TermCount, ["kind", "term_id", "period"], ["kind", "period", "term_id"]),
    "pair": (
        PairYearCount,
        ["a_kind", "a_id", "b_kind", "b_id", "year"],
        ["a_kind", "a_id", "b_kind", "year", "b_id"],
    ),
    "role": (RoleCount, ["participant_id", "role"], ["participant_id", "role"]),
    "word": (SearchWord, ["word"], ["word"]),
}


def card_words(title: str, summary: str, text: str) -> set[str]:
    """The vocabulary's words of a card (`vocabulary.words_in`)."""
    return vocabulary.words_in(f"{title} {summary} {text}")


def _word_contributions(word_sets: Iterable[set[str]]) -> Counter:
    """What these briefings' words add to the vocabulary's counts."""
    counts: Counter = Counter()
    for words in word_sets:
        counts.update(("word", word) for word in words)
    return counts


def _term_words(names: Iterable[str]) -> Counter:
    """What these terms' names add to the vocabulary's counts."""
    return _word_contributions(vocabulary.words_in(name) for name in names)


def _apply(change: Counter) -> None:
    """Add each difference to its count (rows at 0 stay: readers skip them)."""
    by_table: dict[str, list] = {}
    for key, delta in sorted(change.items()):
        if delta:
            by_table.setdefault(key[0], []).append((*key[1:], delta))
    for table, rows in by_table.items():
        model, columns, conflict = UPSERTS[table]
        name = model._meta.db_table
        for chunk in _chunks(rows, 500):
            values = ", ".join(
                ["(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"] * len(chunk)
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {name} ({', '.join(columns)}, n) VALUES {values} "
                    f"ON CONFLICT ({', '.join(conflict)}) "
                    f"DO UPDATE SET n = {name}.n + excluded.n",
                    [value for row in chunk for value in row],
                )


def _count_everything() -> None:
    """Every rolled-up count, from the entries and tags (for `rebuild`)."""
    tag = ListedTag._meta.db_table
    entry = ListedBriefing._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {TermCount._meta.db_table} (kind, term_id, period, n)
            SELECT kind, term_id, year, COUNT(*) FROM {tag}
                GROUP BY kind, term_id, year
            UNION ALL SELECT kind, term_id, year * 100 + month, COUNT(*) FROM {tag}
                GROUP BY kind, term_id, year, month
            UNION ALL SELECT kind, term_id, {ALL_YEARS}, COUNT(*) FROM {tag}
                GROUP BY kind, term_id
            UNION ALL SELECT '{ALL}', 0, year, COUNT(*) FROM {entry} GROUP BY year
            UNION ALL SELECT '{ALL}', 0, year * 100 + month, COUNT(*) FROM {entry}
                GROUP BY year, month
            UNION ALL SELECT '{ALL}', 0, {ALL_YEARS}, COUNT(*) FROM {entry}"""
        )
        cursor.execute(
            f"""INSERT INTO {RoleCount._meta.db_table} (participant_id, role, n)
            SELECT term_id, role, COUNT(*) FROM {tag} WHERE kind = '{PARTICIPANT}'
                GROUP BY term_id, role"""
        )
        cursor.execute(
            f"INSERT INTO {PairYearCount._meta.db_table} "
            f"(a_kind, a_id, b_kind, b_id, year, n) {_pairs_sql()}"
        )


def _pairs_sql() -> str:
    """The pairs of terms of each briefing, counted per year and for all years
    (two of one vocabulary: all years only)."""
    entry = ListedBriefing._meta.db_table
    if connection.vendor == "postgresql":
        # The briefings' own arrays: a self-join of the tags would sort millions
        # of rows.
        terms = {
            CHALLENGE: "unnest(e.challenge_ids)",
            PARTICIPANT: "unnest(e.participant_ids)",
        }

        def pairs(a_kind, a_terms, b_kind, b_terms, *, same=False):
            where = "WHERE a.id < b.id" if same else ""
            if b_kind == SOURCE:
                b_from, where = (
                    "(SELECT e.source_id AS id) AS b",
                    "WHERE b.id IS NOT NULL",
                )
            else:
                b_from = f"{b_terms} AS b(id)"
            source = (
                f"FROM {entry} AS e CROSS JOIN LATERAL {a_terms} AS a(id) "
                f"CROSS JOIN LATERAL {b_from} {where}"
            )
            by_year = (
                f"SELECT '{a_kind}', a.id, '{b_kind}', b.id, e.year, COUNT(*) "
                f"{source} GROUP BY a.id, b.id, e.year"
            )
            all_years = (
                f"SELECT '{a_kind}', a.id, '{b_kind}', b.id, {ALL_YEARS}, COUNT(*) "
                f"{source} GROUP BY a.id, b.id"
            )
            return [all_years] if same else [by_year, all_years]

        parts = [
            *pairs(CHALLENGE, terms[CHALLENGE], PARTICIPANT, terms[PARTICIPANT]),
            *pairs(CHALLENGE, terms[CHALLENGE], SOURCE, None),
            *pairs(PARTICIPANT, terms[PARTICIPANT], SOURCE, None),
            *pairs(CHALLENGE, terms[CHALLENGE], CHALLENGE, terms[CHALLENGE], same=True),
            *pairs(
                PARTICIPANT,
                terms[PARTICIPANT],
                PARTICIPANT,
                terms[PARTICIPANT],
                same=True,
            ),
        ]
        return " UNION ALL ".join(parts)
    tag = ListedTag._meta.db_table
    return f"""SELECT a.kind, a.term_id, b.kind, b.term_id, a.year, COUNT(*)
        FROM {tag} a JOIN {tag} b
        ON b.briefing_id = a.briefing_id AND b.kind > a.kind
        GROUP BY a.kind, a.term_id, b.kind, b.term_id, a.year
    UNION ALL SELECT a.kind, a.term_id, b.kind, b.term_id, {ALL_YEARS}, COUNT(*)
        FROM {tag} a JOIN {tag} b ON b.briefing_id = a.briefing_id
        AND (b.kind > a.kind OR (b.kind = a.kind AND b.term_id > a.term_id))
        GROUP BY a.kind, a.term_id, b.kind, b.term_id"""


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
