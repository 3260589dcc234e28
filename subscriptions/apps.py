from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    """Email subscriptions to listings (theme, participant or any filtered one)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "subscriptions"
    verbose_name = "Email subscriptions"

    def ready(self):
        # The receivers import the models, loaded only once the app is ready.
        from .signals import connect_signals

        connect_signals()
