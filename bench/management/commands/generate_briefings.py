"""`manage.py generate_briefings`: a large generated archive for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.generator import NoBriefingIndex, clear_generated, generate, generated_count


class Command(BaseCommand):
    help = (
        "Add COUNT generated briefings (over 30 years, tagged with about 120 "
        "challenges and 5,000 participants) under /briefings/, indexed for search. "
        "Run load_fixtures first. Generated content has slugs starting with 'gen-'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=0, help="Briefings to add.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Same seed, same archive (default 1)."
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="First delete every generated briefing and term.",
        )
        parser.add_argument("--batch-size", type=int, default=1_000)

    def handle(self, *args, count, seed, clear, batch_size, verbosity, **options):
        self.verbosity = verbosity
        if count < 0 or batch_size < 1:
            raise CommandError("--count must be 0 or more and --batch-size 1 or more.")
        if not clear and not count:
            raise CommandError("Nothing to do: give --count N and/or --clear.")
        started = time.monotonic()
        if clear:
            removed = clear_generated()
            self.stdout.write(f"Removed {removed} generated briefings.")
        if count:
            try:
                generate(
                    count=count,
                    seed=seed,
                    batch_size=batch_size,
                    progress=self._progress(count),
                )
            except NoBriefingIndex as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            f"{generated_count()} generated briefings in the database; "
            f"took {time.monotonic() - started:.1f} s."
        )

    def _progress(self, total: int):
        def report(done: int) -> None:
            if self.verbosity > 1 or (self.verbosity == 1 and done == total):
                self.stdout.write(f"  {done}/{total} written")

        return report
