"""A forgiving search: each card's body as plain text (for a search's passages)
and the archive's words (`SearchWord`, for "Did you mean"), with pg_trgm and a
trigram index on them on PostgreSQL only.

The read model is made again after this migration (`signals.fill_read_model`
rebuilds it when the vocabulary is empty beside listed briefings), which also
stems the search text that SQLite keeps.
"""

from django.db import migrations, models

# By hand rather than TrigramExtension: its reverse runs on SQLite too. The
# extension is left in place on the way back (other code may use it), the
# index is not.
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_word_trigram_gin ON briefings_searchword "
    "USING gin (word gin_trgm_ops)",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS search_word_trigram_gin"]


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0010_participant_position"),
    ]

    operations = [
        migrations.AddField(
            model_name="listedcard",
            name="text",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "word",
                    models.CharField(max_length=64, primary_key=True, serialize=False),
                ),
                ("n", models.IntegerField()),
            ],
        ),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
