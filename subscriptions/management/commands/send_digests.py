"""`manage.py send_digests`: queue the digest run (run every minute by
deploy/systemd/institute-digests.timer); the worker does the sending."""

from django.core.management.base import BaseCommand

from subscriptions.tasks import run_digests


class Command(BaseCommand):
    help = (
        "Queue the email digests that are due, the retries and the clean-up of "
        "unconfirmed subscriptions for the background worker."
    )

    def handle(self, *args, **options):
        result = run_digests.enqueue()
        if options["verbosity"] > 1:
            self.stdout.write(f"Queued digest run {result.id} ({result.status}).")
