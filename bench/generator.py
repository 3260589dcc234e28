"""Writing a large, realistic archive of briefings quickly, for benchmarks.

`manage.py generate_briefings` calls `generate()` and `clear_generated()`;
`bench/run.py` runs that command when its database holds fewer briefings than it
measures. Pages go in with `bulk_create` in batches, their tree fields computed
here, because `add_child` one page at a time (a few queries, a revision and a
search-index update each) would take hours at 100,000. `bulk_create` sends no
signals, so nothing keeps the public read model up to date as pages go in: both
functions end by rebuilding it (`briefings.upkeep.rebuild`) from the page tree.

Everything generated has a slug starting with `gen-`: that is how `--clear`
finds it, and it never touches the seed content.
"""

import datetime
import html
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.text import slugify
from wagtail.models import Locale, Page, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from briefings import upkeep
from briefings.models import (
    BriefingIndexPage,
    BriefingPage,
    BriefingParticipant,
    Challenge,
    Participant,
    Source,
)

from . import vocabulary as words
from .search_index import SearchText, add_entries, refresh_title_norms

GENERATED_PREFIX = "gen-"
CHALLENGE_TOTAL = 120
PARTICIPANT_TOTAL = 5_000
SOURCE_TOTAL = 12
# A fixed end date, so that one seed gives the same archive whatever the day.
LAST_DATE = datetime.date(2025, 12, 31)
YEARS = 30
# Zipf exponents: a few participants appear in a large share of briefings, most in
# a handful; challenges are less skewed.
PARTICIPANT_SKEW = 1.0
CHALLENGE_SKEW = 0.6
BODY_LENGTH = (2_000, 3_500)  # characters of text, like the seed articles

LEAD_ROLES = ["organiser", "host", "author", "speaker"]
OTHER_ROLES = ["speaker", "panellist", "moderator", "participant", "mentioned"]
OTHER_ROLE_WEIGHTS = [4, 2, 1, 5, 4]


class NoBriefingIndex(Exception):
    """The site has no /briefings/ page to generate under (run `load_fixtures`)."""


@dataclass
class Vocabularies:
    """The terms generated briefings are tagged with, most frequent first."""

    challenge_ids: list[int]
    challenge_weights: list[float]
    challenge_names: dict[int, str]
    participant_ids: list[int]
    participant_weights: list[float]
    participant_names: dict[int, str]
    source_ids: list[int]


def generated_pages() -> QuerySet[Page]:
    """Every page this module generated (under /briefings/, slug `gen-...`)."""
    return Page.objects.filter(
        slug__startswith=GENERATED_PREFIX,
        content_type=ContentType.objects.get_for_model(BriefingPage),
    )


def generated_count() -> int:
    """How many generated briefings the database holds."""
    return generated_pages().count()


def generate(
    *,
    count: int,
    seed: int = 1,
    batch_size: int = 1_000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add `count` generated briefings under /briefings/, indexed for search and
    listed in the read model."""
    index = BriefingIndexPage.objects.first()
    if index is None:
        raise NoBriefingIndex("No briefing index page: run `manage.py load_fixtures`.")
    with transaction.atomic():
        index = Page.objects.select_for_update().get(pk=index.pk)
        first_step = _next_child_step(index)
        rng = random.Random(f"{seed}:{first_step}")
        vocabularies = ensure_vocabularies(rng=rng)
        writer = _PageWriter(index=index, vocabularies=vocabularies, rng=rng)
        done = 0
        while done < count:
            size = min(batch_size, count - done)
            add_entries(writer.write_batch(first_step=first_step + done, size=size))
            done += size
            if progress:
                progress(done)
        _refresh_numchild(index)
        refresh_title_norms()
    upkeep.rebuild()
    return done


def clear_generated() -> int:
    """Delete every generated briefing (and its tags and index entries), and
    list what remains in the read model."""
    with transaction.atomic():
        pages = generated_pages()
        removed = pages.count()
        page_ids = pages.values("pk")
        text_ids = pages.annotate(text_pk=Cast("pk", CharField(max_length=50))).values(
            "text_pk"
        )
        entries = IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(BriefingPage),
            object_id__in=text_ids,
        )
        if connection.vendor == "postgresql":
            # The ORM would load every entry first, for the cascade to SQLite's
            # full-text table (which only SQLite has): a million rows at 1M.
            _raw_delete(IndexEntry._meta.db_table, "id", entries.values("pk"))
        else:
            entries.delete()
        # Plain DELETEs: the ORM's cascade would collect 100,000 pages and send a
        # signal (reference index, search index) for each of them and their tags.
        # Besides their tags, only what a publish adds points at generated pages
        # (the benchmark's probe publishes some): revisions and references, by
        # (content type, id), deleted here too, while the pages still name them.
        # The pages name their latest and live revisions: let go of them first
        # (a foreign key may be checked at once, not at commit).
        Page.objects.filter(pk__in=page_ids).filter(
            Q(live_revision__isnull=False) | Q(latest_revision__isnull=False)
        ).update(live_revision=None, latest_revision=None)
        page_type = ContentType.objects.get_for_model(Page)
        for model in (Revision, ReferenceIndex):
            linked = model.objects.filter(
                base_content_type=page_type, object_id__in=text_ids
            )
            _raw_delete(model._meta.db_table, "id", linked.values("pk"))
        _raw_delete(BriefingParticipant._meta.db_table, "page_id", page_ids)
        through = BriefingPage.challenges.through
        _raw_delete(through._meta.db_table, "briefingpage_id", page_ids)
        _raw_delete(BriefingPage._meta.db_table, "page_ptr_id", page_ids)
        _raw_delete(Page._meta.db_table, "id", page_ids)
        for model in (Participant, Challenge, Source):
            terms = model.objects.filter(slug__startswith=GENERATED_PREFIX)
            _raw_delete(model._meta.db_table, "id", terms.values("pk"))
        index = BriefingIndexPage.objects.first()
        if index is not None:
            _refresh_numchild(index)
    upkeep.rebuild()
    return removed


def ensure_vocabularies(*, rng: random.Random) -> Vocabularies:
    """Top the vocabularies up to their benchmark sizes and rank them by frequency."""
    _top_up(Challenge, CHALLENGE_TOTAL, _challenge_names(), rng=rng)
    _top_up(Participant, PARTICIPANT_TOTAL, _participant_names(rng), rng=rng)
    _top_up(Source, SOURCE_TOTAL, [(name, {}) for name in words.SOURCES], rng=rng)
    challenges = dict(Challenge.objects.order_by("pk").values_list("pk", "name"))
    challenge_ids = list(challenges)
    participants = dict(Participant.objects.order_by("pk").values_list("pk", "name"))
    participant_ids = list(participants)
    # Which terms are the frequent ones is itself drawn at random.
    rng.shuffle(challenge_ids)
    rng.shuffle(participant_ids)
    return Vocabularies(
        challenge_ids=challenge_ids,
        challenge_weights=_zipf(len(challenge_ids), CHALLENGE_SKEW),
        challenge_names=challenges,
        participant_ids=participant_ids,
        participant_weights=_zipf(len(participant_ids), PARTICIPANT_SKEW),
        participant_names=participants,
        source_ids=list(Source.objects.order_by("pk").values_list("pk", flat=True)),
    )


class _PageWriter:
    """Writes batches of briefing pages as children of the index page."""

    def __init__(self, *, index: Page, vocabularies: Vocabularies, rng):
        self.index = index
        self.vocabularies = vocabularies
        self.rng = rng
        self.locale_id = Locale.get_default().pk
        self.first_date = LAST_DATE.replace(year=LAST_DATE.year - YEARS)

    def write_batch(self, *, first_step: int, size: int) -> list[SearchText]:
        """Insert `size` briefings with their tags; returns what search indexes."""
        drafts = [self._draft(step) for step in range(first_step, first_step + size)]
        pages = [page for page, _, _, _ in drafts]
        # Page rows first (bulk_create fills in their ids), then the briefing rows
        # with page_ptr_id: bulk_create refuses multi-table inheritance, so the child
        # rows go in the way Model.save writes them, one INSERT for the batch.
        Page.objects.bulk_create(pages)
        for page in pages:
            page.page_ptr_id = page.id
        BriefingPage._base_manager._insert(
            pages, fields=BriefingPage._meta.local_concrete_fields
        )
        through = BriefingPage.challenges.through
        through.objects.bulk_create(
            through(briefingpage_id=page.id, challenge_id=challenge_id)
            for page, challenge_ids, _, _ in drafts
            for challenge_id in challenge_ids
        )
        BriefingParticipant.objects.bulk_create(
            BriefingParticipant(
                page_id=page.id, participant_id=pk, role=role, sort_order=order
            )
            for page, _, links, _ in drafts
            for order, (pk, role) in enumerate(links)
        )
        return [
            SearchText(page_id=page.id, title=page.title, body=texts)
            for page, _, _, texts in drafts
        ]

    def _draft(self, step: int) -> tuple[BriefingPage, list[int], list, list[str]]:
        rng = self.rng
        vocab = self.vocabularies
        challenge_ids = _sample(
            rng, vocab.challenge_ids, vocab.challenge_weights, rng.randint(2, 5)
        )
        participant_ids = _sample(
            rng, vocab.participant_ids, vocab.participant_weights, rng.randint(1, 8)
        )
        links = [(participant_ids[0], rng.choice(LEAD_ROLES))] + [
            (pk, rng.choices(OTHER_ROLES, OTHER_ROLE_WEIGHTS)[0])
            for pk in participant_ids[1:]
        ]
        names = [vocab.participant_names[pk] for pk in participant_ids]
        date, precision = self._date()
        published = datetime.datetime.combine(
            date, datetime.time(9, rng.randrange(60)), tzinfo=datetime.UTC
        )
        # Each briefing is about a few topics and places, so that a search for
        # one finds some briefings and not nearly all.
        focus = {
            "names": names,
            "topics": rng.sample(words.OBJECTS, 4),
            "places": rng.sample(words.COUNTRIES, 3),
        }
        title = words.title(rng, topics=focus["topics"], places=focus["places"])
        summary = " ".join(words.sentence(rng, **focus) for _ in range(2))
        body, body_texts = _body(rng, focus=focus)
        slug = f"{GENERATED_PREFIX}{slugify(title)[:80]}-{step}"
        page = BriefingPage(
            title=title,
            draft_title=title,
            slug=slug,
            path=Page._get_path(self.index.path, self.index.depth + 1, step),
            depth=self.index.depth + 1,
            numchild=0,
            url_path=f"{self.index.url_path}{slug}/",
            locale_id=self.locale_id,
            translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
            date=date,
            date_precision=precision,
            source_id=rng.choice(vocab.source_ids),
            summary=summary,
            body=body,
        )
        # In the order of BriefingPage.search_fields after the title.
        texts = [summary, *body_texts]
        texts += [vocab.challenge_names[pk] for pk in challenge_ids]
        texts += names
        return page, challenge_ids, links, texts

    def _date(self) -> tuple[datetime.date, str]:
        span = (LAST_DATE - self.first_date).days
        # More briefings in recent years than early on, as an archive grows.
        date = self.first_date + datetime.timedelta(
            days=round(span * self.rng.random() ** 0.8)
        )
        roll = self.rng.random()
        if roll < 0.03:
            return date.replace(month=1, day=1), "year"
        if roll < 0.1:
            return date.replace(day=1), "month"
        return date, "day"


def _body(rng: random.Random, *, focus: dict) -> tuple[list[dict], list[str]]:
    """Stream data for a body of 2,000–3,500 characters, and its text."""
    target = rng.randint(*BODY_LENGTH)
    blocks, texts = [], []
    length = 0
    while length < target:
        roll = rng.random()
        if blocks and roll < 0.12:
            text = rng.choice(words.HEADINGS)
            value = {"text": text, "level": "h2"}
            blocks.append(_block(rng, "heading", value))
        elif blocks and roll < 0.2:
            items = [words.sentence(rng, **focus) for _ in range(rng.randint(2, 4))]
            text = " ".join(items)
            value = {
                "style": rng.choice(["numbered", "bulleted"]),
                "items": [
                    _block(rng, "item", f"<p>{html.escape(i)}</p>") for i in items
                ],
            }
            blocks.append(_block(rng, "list", value))
        elif blocks and roll < 0.25:
            text = words.sentence(rng, **focus)
            names = focus["names"]
            attribution = rng.choice(names) if names else ""
            blocks.append(
                _block(rng, "quote", {"text": text, "attribution": attribution})
            )
            text = f"{text} {attribution}"
        else:
            text = " ".join(
                words.sentence(rng, **focus) for _ in range(rng.randint(3, 5))
            )
            blocks.append(_block(rng, "paragraph", f"<p>{html.escape(text)}</p>"))
        texts.append(text)
        length += len(text)
    return blocks, texts


def _block(rng: random.Random, kind: str, value) -> dict:
    block_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    return {"type": kind, "value": value, "id": str(block_id)}


def _sample(rng: random.Random, ids: list[int], weights: list[float], k: int):
    """`k` distinct ids drawn with the given cumulative weights."""
    chosen: dict[int, None] = {}
    while len(chosen) < min(k, len(ids)):
        for pk in rng.choices(ids, cum_weights=weights, k=k):
            if len(chosen) < k:
                chosen.setdefault(pk)
    return list(chosen)


def _zipf(size: int, skew: float) -> list[float]:
    """Cumulative Zipf weights for ranks 1..size."""
    total, cumulative = 0.0, []
    for rank in range(1, size + 1):
        total += 1 / rank**skew
        cumulative.append(total)
    return cumulative


def _top_up(model, total: int, candidates: list[tuple[str, dict]], *, rng) -> None:
    """Create generated terms until `model` holds `total` of them."""
    missing = total - model.objects.count()
    if missing <= 0:
        return
    taken = set(model.objects.values_list("slug", flat=True))
    terms = []
    for name, fields in candidates:
        slug = f"{GENERATED_PREFIX}{slugify(name)}"
        if slug in taken:
            continue
        taken.add(slug)
        terms.append(model(name=name, slug=slug, description="", **fields))
        if len(terms) == missing:
            break
    model.objects.bulk_create(terms)


def _challenge_names() -> list[tuple[str, dict]]:
    names = list(words.THEMES)
    names += [
        f"{topic[:1].upper()}{topic[1:]} in {region}"
        for region in words.REGIONS
        for topic in words.OBJECTS
    ]
    return [(name, {"sort_order": 100 + n}) for n, name in enumerate(names)]


def _participant_names(rng: random.Random) -> list[tuple[str, dict]]:
    people = [
        (f"{first} {last}", {"kind": "person"})
        for first in words.FIRST_NAMES
        for last in words.LAST_NAMES
    ]
    people += [
        (f"{first} {initial}. {last}", {"kind": "person"})
        for initial in "ABCDEFGHJKLMNPRST"
        for first in words.FIRST_NAMES
        for last in words.LAST_NAMES
    ]
    organisations = [
        (f"{country.removeprefix('the ')} {kind}", {"kind": "organisation"})
        for country in words.COUNTRIES
        for kind in words.ORGANISATION_KINDS
    ]
    states = [(c.removeprefix("the "), {"kind": "state"}) for c in words.COUNTRIES]
    candidates = people[:2_900] + organisations + states
    rng.shuffle(candidates)
    return candidates + people[2_900:]


def _next_child_step(index: Page) -> int:
    """The position after the index page's last child in the tree."""
    last = (
        Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Page._str2int(last[-Page.steplen :]) + 1 if last else 1


def _refresh_numchild(index: Page) -> None:
    children = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
    Page.objects.filter(pk=index.pk).update(numchild=children.count())


def _raw_delete(table: str, column: str, ids: QuerySet) -> None:
    sql, params = ids.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({sql})", params)
