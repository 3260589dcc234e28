from django.apps import AppConfig


class InstituteConfig(AppConfig):
    """The project package as an app, so that its system checks are registered.

    Django's documented place to register checks is an app's `ready()`: it runs
    for `manage.py` and for the WSGI application alike, and under every settings
    module (each check says itself where it applies, `institute.checks`), so
    the tests can run them under the test settings. Imported from
    settings/production.py instead, they would be registered while settings are
    still being read, and exist under that one settings module only. The
    project has no models, so the app adds no migrations; its templates (base,
    errors) and static files are found as the app's.
    """

    name = "institute"
    verbose_name = "Institute for Peace Operations (project)"

    def ready(self):
        from . import checks  # noqa: F401  (registers them)
