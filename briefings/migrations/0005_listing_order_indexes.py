# Indexes for the listing's order and its deep pages, from the plans at 100,000
# briefings (bench/RESULTS.md). Page 500 skips 10,000 briefings, newest first: with
# (date, page_ptr) the skipped ones are read from the index alone, and with the
# partial index of live pages each one's `live` is checked in the index alone (55 ms
# to 20 ms for the skipped rows).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('briefings', '0004_search_title_body_index'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='briefingpage',
            name='briefing_date_idx',
        ),
        migrations.AddIndex(
            model_name='briefingpage',
            index=models.Index(fields=['date', 'page_ptr'], name='briefing_date_pk_idx'),
        ),
        # Wagtail's page table is not ours to declare indexes on in a Meta; both
        # PostgreSQL and SQLite have partial indexes.
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS briefing_live_page_idx "
                "ON wagtailcore_page (id) WHERE live"
            ),
            reverse_sql="DROP INDEX IF EXISTS briefing_live_page_idx",
        ),
    ]
