"""Asking to follow a listing and confirming it: the double opt-in.

Nothing but the confirmation mail is ever sent to an address until its link is
used; asking again (in any case of the address) finds the same subscription.
The answer to the asker is the same whether or not the address is known, so the
form tells no one who follows what.
"""

from django.db import transaction
from django.utils import timezone

from . import ratelimit, tasks
from .followed import Followed
from .models import Subscriber, Subscription


def request_subscription(*, email: str, followed: Followed, frequency: str) -> bool:
    """Record the wish and queue its confirmation mail; False when the address
    has had its day's confirmation mails already."""
    key = Subscriber.key_of(email)
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(
            email_key=key, defaults={"email": email.strip()}
        )
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber,
            key=followed.key,
            defaults={**followed.fields(), "frequency": frequency},
        )
        if not created and subscription.confirmed_at is None:
            # Asked again before confirming: the latest choice is the one kept.
            subscription.frequency = frequency
            subscription.save(update_fields=["frequency"])
    limit, period = ratelimit.PER_ADDRESS
    if not ratelimit.allow(f"address:{key}", limit=limit, period=period):
        return False
    pk = subscription.pk
    transaction.on_commit(lambda: tasks.send_confirmation.enqueue(pk, frequency))
    return True


def confirm(subscription: Subscription, frequency: str) -> None:
    """The link was used: the subscription is on, at the frequency asked for
    when the link was sent."""
    now = timezone.now()
    if not subscription.active:
        subscription.confirmed_at = now
        subscription.last_digest_at = None
    subscription.frequency = frequency
    subscription.ended_at = None
    subscription.ended_reason = ""
    subscription.save()
    subscriber = subscription.subscriber
    if subscriber.bounced_at is not None:
        # The reader got this link, so the address takes mail again.
        subscriber.bounced_at = None
        subscriber.save(update_fields=["bounced_at"])
