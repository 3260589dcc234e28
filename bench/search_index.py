"""Search-index entries for generated briefings, written in bulk.

Used by `bench.generator`. The search backend's own indexer (`update_index`,
`add_bulk`) reads each page's fields back through the ORM: about ten queries and
40 ms a page here, over an hour for 100,000. The generator already holds the text,
so on PostgreSQL it sends it once per batch and the database builds the same
weighted tsvectors the backend would (`modelsearch`'s `PostgresIndex.add_items`).
Other backends get the pages through `add_bulk`, which is fine at test sizes.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.backends import get_search_backends
from wagtail.search.models import IndexEntry

from briefings.models import BriefingPage


@dataclass
class SearchText:
    """What the index holds of one briefing: its title and every other text."""

    page_id: int
    title: str
    body: list[str]


def add_entries(texts: list[SearchText]) -> None:
    """Index these briefings in every search backend."""
    for backend in get_search_backends():
        if _is_postgres_database_backend(backend):
            _insert_postgres_entries(backend, texts)
        else:
            # The terms each page's search fields name, read once a slice
            # rather than a query per participant (slices small enough for
            # SQLite's limit on an expression's depth).
            ids = [text.page_id for text in texts]
            for start in range(0, len(ids), 200):
                objs = (
                    BriefingPage.get_indexed_objects()
                    .filter(pk__in=ids[start : start + 200])
                    .prefetch_related("challenges", "participant_links__participant")
                )
                backend.add_bulk(BriefingPage, list(objs))


def refresh_title_norms() -> None:
    """Set the title length factor of new entries, as the backend does after adds."""
    table = IndexEntry._meta.db_table
    if connection.vendor != "postgresql":
        return  # the other backends keep no such factor, or set it themselves
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} SET title_norm = (
                SELECT avg(length(title)) FROM {table} WHERE length(title) > 0
            ) / length(title)
            WHERE title_norm = 1.0 AND length(title) > 0
            """
        )


def _is_postgres_database_backend(backend) -> bool:
    if connection.vendor != "postgresql":
        return False
    from modelsearch.backends.database.postgres.postgres import (
        PostgresSearchBackend,
    )

    return isinstance(backend, PostgresSearchBackend)


def _insert_postgres_entries(backend, texts: list[SearchText]) -> None:
    from modelsearch.backends.database.postgres.weights import get_weight

    title_boost = next(
        field.boost
        for field in BriefingPage.get_search_fields()
        if getattr(field, "field_name", None) == "title" and hasattr(field, "boost")
    )
    # Every other field of a briefing is indexed without a boost.
    title_weight, body_weight = get_weight(title_boost), get_weight(None)
    config = "%s::regconfig, " if backend.config else ""
    config_params = [backend.config] if backend.config else []

    def vector(column: str, weight: str, *, autocomplete: bool = False):
        if autocomplete:
            return f"setweight(to_tsvector('simple'::regconfig, {column}), '{weight}')"
        return f"setweight(to_tsvector({config}{column}), '{weight}')"

    sql = f"""
        INSERT INTO {IndexEntry._meta.db_table} (
            content_type_id, object_id, title, autocomplete, body, title_norm,
            title_text, body_text
        )
        SELECT %s, entry.id::text, {vector("entry.title", title_weight)},
            {vector("entry.title", "D", autocomplete=True)},
            {vector("entry.body", body_weight)}, 1.0, entry.title, entry.body
        FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS entry(id, title, body)
        ON CONFLICT (content_type_id, object_id) DO NOTHING
    """
    params = [
        ContentType.objects.get_for_model(BriefingPage).pk,
        *config_params,
        *config_params,
        [text.page_id for text in texts],
        [text.title for text in texts],
        [" ".join(part for part in text.body if part) for text in texts],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
