from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0009_listed_tag_briefing_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="position",
            field=models.CharField(
                blank=True,
                help_text="For a person: their position, shown beside their name on "
                "briefings, e.g. Under-Secretary-General for Peace Operations, United "
                "Nations. Leave blank for an organisation or a state.",
                max_length=200,
            ),
        ),
    ]
