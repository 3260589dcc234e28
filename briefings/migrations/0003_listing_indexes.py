# Indexes for the listing's filters, chosen from the plans `make bench-explain`
# prints at 100,000 briefings (bench/RESULTS.md): with them, filtering by a
# challenge or a participant reads the matching page ids from an index alone
# (Index Only Scan) instead of visiting the table's rows (Bitmap Heap Scan).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('briefings', '0002_editor_and_moderator_groups'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='briefingparticipant',
            index=models.Index(fields=['participant', 'page'], name='participant_page_idx'),
        ),
        # The challenges' through table is created by ParentalManyToManyField and
        # has no Meta to declare an index in.
        migrations.RunSQL(
            sql=(
                "CREATE INDEX briefing_challenge_page_idx ON "
                "briefings_briefingpage_challenges (challenge_id, briefingpage_id)"
            ),
            reverse_sql="DROP INDEX briefing_challenge_page_idx",
        ),
    ]
