"""`manage.py load_fixtures`: create the site structure and load the seed content."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from briefings.importing.article_format import ArticleFormatError
from briefings.importing.fixtures import load_fixtures
from briefings.importing.writer import name_site


class Command(BaseCommand):
    help = (
        "Create the home page and /briefings/ if missing, then load the challenges, "
        "participants, sources and briefings from the fixtures folder. Running it "
        "again changes nothing; a malformed file stops it and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=None,
            help="Folder holding the fixtures (default: the project's fixtures/).",
        )

    def handle(self, *args, directory=None, **options):
        directory = directory or Path(settings.FIXTURES_CONTENT_DIR)
        if not directory.is_dir():
            raise CommandError(f"No fixtures folder at {directory}")
        try:
            report = load_fixtures(directory)
            name_site()
        except (ArticleFormatError, FileNotFoundError) as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        self.stdout.write(
            f"Fixtures loaded from {directory}: {len(report.created)} created, "
            f"{len(report.updated)} updated, {len(report.unchanged)} unchanged."
        )
