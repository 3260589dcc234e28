"""The background work (django-tasks): run by `manage.py db_worker` in
production (deploy/systemd/institute-worker.service), at once in development
and tests. Nothing here runs in a reader's or an editor's request."""

import logging

from django_tasks import task

from . import delivery, mail
from .models import Frequency, Subscription

logger = logging.getLogger(__name__)


@task()
def send_confirmation(subscription_id: int, frequency: str) -> None:
    """The mail with the link that confirms a new subscription."""
    subscription = (
        Subscription.objects.select_related("subscriber")
        .filter(pk=subscription_id, subscriber__bounced_at__isnull=True)
        .first()
    )
    if subscription is None:
        return
    mail.confirmation(subscription, frequency).send()


@task()
def briefing_published(page_id: int) -> None:
    """A briefing went live: those who follow its listings as published get it
    (with anything else new for them); other digests wait for their time."""
    for pk in (
        delivery.active_subscriptions()
        .filter(frequency=Frequency.AS_PUBLISHED)
        .values_list("pk", flat=True)
        .iterator()
    ):
        delivery.collect(pk)
    delivery.send_due()


@task()
def run_digests() -> dict:
    """Every minute (`manage.py send_digests`, from a systemd timer): due
    digests put together, waiting ones and retries sent, stale unconfirmed
    subscriptions forgotten."""
    made = delivery.collect_due()
    outcome = delivery.send_due()
    forgotten = delivery.forget_unconfirmed()
    result = {
        "digests": made,
        "sent": outcome.sent,
        "retried": outcome.retried,
        "failed": outcome.failed,
        "forgotten": forgotten,
    }
    logger.info("Digests: %s", result)
    return result


@task()
def send_waiting() -> None:
    """Send what is waiting (a notice after a term was deleted)."""
    delivery.send_due()
