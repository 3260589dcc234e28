from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmarks' app, installed by the development and test settings only:
    `manage.py generate_briefings` writes a large archive to measure against.
    The site never imports it."""

    name = "bench"
    verbose_name = "Benchmarks (development only)"
