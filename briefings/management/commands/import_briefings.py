"""`manage.py import_briefings PATH...`: import article files as briefings."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from briefings.importing.bulk_import import import_articles, read_article_files


class Command(BaseCommand):
    help = (
        "Import briefings from article files (the fixtures' format): files or "
        "folders. New briefings are drafts unless --publish; an existing briefing "
        "with the same slug or source URL is updated. A bad file fails alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish what is imported."
        )
        parser.add_argument(
            "--create-terms",
            action="store_true",
            help="Create unknown challenges, participants and sources.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report only; save nothing."
        )

    def handle(self, *args, paths, publish, create_terms, dry_run, **options):
        files = read_article_files(paths)
        if not files:
            raise CommandError("No .md files found in the paths given.")
        report = import_articles(
            files, publish=publish, create_terms=create_terms, dry_run=dry_run
        )
        for line in report.lines():
            self.stdout.write(line)
        if report.stopped:
            raise CommandError("Stopped: unknown terms (see above).")
        if report.failed:
            raise CommandError(f"{len(report.failed)} file(s) failed (see above).")
