"""`manage.py rebuild_listing`: make the read model again from the page tree."""

import time

from django.core.management.base import BaseCommand

from briefings.upkeep import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild what the public listings read (the read model of published "
        "briefings and its counts) from the page tree. Every change keeps it "
        "exact; run this after restoring a backup or loading pages by other means."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        listed = rebuild()
        self.stdout.write(
            f"{listed} published briefings listed; took "
            f"{time.monotonic() - started:.1f} s."
        )
