"""A GIN index on the search backend's `title || body` vectors (PostgreSQL only).

Wagtail's PostgreSQL search matches a query against the concatenation of an entry's
title and body vectors, but the backend indexes them separately, so every search
read every entry (a sequential scan of 100,000 entries: about 900 ms). With this
index a search reads the matching entries only (EXPLAIN in bench/RESULTS.md).
SQLite searches through its own FTS5 table and needs nothing.
"""

from django.db import migrations

INDEX = "briefings_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )
        # The planner estimates matches from the expression's statistics.
        schema_editor.execute("ANALYZE wagtailsearch_indexentry")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0003_listing_indexes"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
