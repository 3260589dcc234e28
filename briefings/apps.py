from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BriefingsConfig(AppConfig):
    """The institute's publications: briefings and the vocabularies that tag them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "briefings"

    def ready(self):
        # Signals import the models, which are loaded only once the app is ready.
        from .signals import connect_signals, fill_read_model

        connect_signals()
        post_migrate.connect(fill_read_model, sender=self)
