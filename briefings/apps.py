from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    """The institute's publications: briefings and the vocabularies that tag them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "briefings"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
