"""Putting digests together and sending them, so that each briefing reaches
each subscription at most once.

`collect` finds a subscription's new matching briefings and records them as
one `Digest` with a `Delivery` per briefing, in one transaction with the
subscription row locked; the unique (subscription, briefing) constraint makes a
second run find nothing new. `send_due` then sends each waiting digest after
claiming it (pending -> sending, a compare-and-set that two workers cannot both
win): a worker killed mid-send leaves the digest "sending", later marked
uncertain and never sent again. A failed send is retried with back-off, then
recorded as failed; a permanent refusal (SMTP 5xx) stops the address.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from briefings.models import BriefingPage

from . import mail
from .followed import Followed, TermGone
from .models import Delivery, Digest, Frequency, Subscriber, Subscription

logger = logging.getLogger(__name__)

PERIODS = {
    Frequency.DAILY: datetime.timedelta(days=1),
    Frequency.WEEKLY: datetime.timedelta(days=7),
}
# A briefing dated more than this before the subscription began is archive
# content published late (a bulk import), not news: it is not mailed.
NEWS_WINDOW = datetime.timedelta(days=30)
# Waits before each retry of a failed send; after the last, it has failed.
RETRY_DELAYS = [datetime.timedelta(minutes=m) for m in (1, 5, 30, 120)]
# A digest claimed this long ago without an outcome: its worker stopped.
CLAIM_TIMEOUT = datetime.timedelta(minutes=15)
# Unconfirmed subscriptions are forgotten after this.
UNCONFIRMED_KEPT = datetime.timedelta(days=7)


def active_subscriptions():
    return Subscription.objects.filter(
        confirmed_at__isnull=False,
        ended_at__isnull=True,
        subscriber__bounced_at__isnull=True,
    )


def is_due(subscription: Subscription, now: datetime.datetime) -> bool:
    period = PERIODS.get(subscription.frequency)
    if period is None:
        return True
    since = subscription.last_digest_at or subscription.confirmed_at
    return since <= now - period


def new_briefings(subscription: Subscription, followed: Followed, terms):
    """The matching briefings first published since the subscription was
    confirmed and not yet sent to it, newest first."""
    since = subscription.confirmed_at
    first_published = BriefingPage.objects.filter(first_published_at__gte=since).values(
        "pk"
    )
    return (
        followed.matching(terms)
        .filter(page_id__in=first_published, date__gte=(since - NEWS_WINDOW).date())
        .exclude(page_id__in=subscription.deliveries.values("page_id"))
        .select_related("card")
        .order_by("-date", "-page_id")
    )


def collect(subscription_id: int, *, now=None) -> Digest | None:
    """A digest of the subscription's new briefings, if it is due and has any."""
    now = now or timezone.now()
    with transaction.atomic():
        subscription = (
            active_subscriptions().select_for_update().filter(pk=subscription_id)
        ).first()
        if subscription is None or not is_due(subscription, now):
            return None
        followed = Followed.of(subscription)
        try:
            terms = followed.listed_terms()
        except TermGone:
            return end_with_notice(
                subscription,
                "One of the themes or participants you followed no longer exists.",
            )
        found = list(new_briefings(subscription, followed, terms))
        if subscription.frequency != Frequency.AS_PUBLISHED:
            subscription.last_digest_at = now
            subscription.save(update_fields=["last_digest_at"])
        if not found:
            return None
        digest = Digest.objects.create(subscription=subscription, next_attempt_at=now)
        Delivery.objects.bulk_create(
            Delivery(
                subscription=subscription,
                digest=digest,
                page_id=entry.page_id,
                title=entry.card.title[:255],
            )
            for entry in found
        )
        return digest


def end_with_notice(subscription: Subscription, notice: str) -> Digest:
    """Stop the subscription and tell its reader once, saying why."""
    described = subscription_words(subscription)
    subscription.stop(notice)
    text = f"You followed: {described}.\n{notice} So this subscription has ended."
    return Digest.objects.create(subscription=subscription, notice=text)


def subscription_words(subscription: Subscription) -> str:
    """The subscription in words, naming what still exists of it."""
    followed = Followed.of(subscription)
    try:
        return followed.describe()
    except TermGone:
        return "a listing of briefings"


def collect_due(*, frequency: str | None = None, now=None) -> int:
    """Collect every due subscription (of one frequency); how many digests."""
    now = now or timezone.now()
    subscriptions = active_subscriptions()
    if frequency:
        subscriptions = subscriptions.filter(frequency=frequency)
    made = 0
    for pk in subscriptions.values_list("pk", flat=True).iterator():
        made += collect(pk, now=now) is not None
    return made


@dataclass
class Outcome:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def send_due(*, now=None, limit: int = 500) -> Outcome:
    """Send the digests whose time has come (new ones, and retries)."""
    now = now or timezone.now()
    Digest.objects.filter(
        status=Digest.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    ).update(status=Digest.Status.UNCERTAIN)
    due = list(
        Digest.objects.filter(status=Digest.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    outcome = Outcome()
    if not due:
        return outcome
    connection = get_connection()
    try:
        for pk in due:
            result = send_one(pk, connection=connection)
            if result:
                setattr(outcome, result, getattr(outcome, result) + 1)
    finally:
        try:
            connection.close()
        except (smtplib.SMTPException, OSError):
            pass
    return outcome


def claim(pk: int, now) -> bool:
    """Take the digest for this worker; False if another one has it."""
    return bool(
        Digest.objects.filter(pk=pk, status=Digest.Status.PENDING).update(
            status=Digest.Status.SENDING, claimed_at=now
        )
    )


def send_one(pk: int, *, connection) -> str | None:
    """Send one digest: "sent", "retried", "failed", or None if it was taken."""
    now = timezone.now()
    if not claim(pk, now):
        return None
    digest = Digest.objects.select_related("subscription__subscriber").get(pk=pk)
    digest.attempts += 1
    try:
        message = mail.digest_message(digest)
    except TermGone:
        message = None
    if message is None:
        digest.status = Digest.Status.FAILED
        digest.last_error = "Its briefings were unpublished before it was sent."
        digest.save(update_fields=["status", "last_error", "attempts"])
        return "failed"
    message.connection = connection
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        return failed(digest, error)
    digest.status = Digest.Status.SENT
    digest.sent_at = timezone.now()
    digest.save(update_fields=["status", "sent_at", "attempts"])
    return "sent"


def permanent(error: Exception) -> bool:
    """An SMTP 5xx refusal of the recipient or of the message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPSenderRefused):
        return False  # the fault is ours, not the reader's address
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def failed(digest: Digest, error: Exception) -> str:
    digest.last_error = f"{type(error).__name__}: {error}"[:2000]
    if permanent(error):
        digest.status = Digest.Status.FAILED
        digest.save(update_fields=["status", "last_error", "attempts"])
        stop_address(digest.subscription.subscriber, digest.last_error)
        logger.warning(
            "Mail refused for subscriber %s: %s",
            digest.subscription.subscriber_id,
            error,
        )
        return "failed"
    if digest.attempts > len(RETRY_DELAYS):
        digest.status = Digest.Status.FAILED
        digest.save(update_fields=["status", "last_error", "attempts"])
        logger.error("Digest %s failed %s times: %s", digest.pk, digest.attempts, error)
        return "failed"
    digest.status = Digest.Status.PENDING
    digest.next_attempt_at = timezone.now() + RETRY_DELAYS[digest.attempts - 1]
    digest.save(update_fields=["status", "last_error", "attempts", "next_attempt_at"])
    return "retried"


def stop_address(subscriber: Subscriber, reason: str) -> None:
    """A bounced address: nothing more is sent to it."""
    now = timezone.now()
    subscriber.bounced_at = now
    subscriber.save(update_fields=["bounced_at"])
    subscriber.subscriptions.filter(ended_at__isnull=True).update(
        ended_at=now, ended_reason="The address refused our mail."
    )
    Digest.objects.filter(
        subscription__subscriber=subscriber, status=Digest.Status.PENDING
    ).update(status=Digest.Status.FAILED, last_error=reason)


def forget_unconfirmed(*, now=None) -> int:
    """Delete subscriptions left unconfirmed for a week, and addresses with
    nothing left."""
    now = now or timezone.now()
    deleted, _ = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_KEPT
    ).delete()
    Subscriber.objects.filter(
        subscriptions__isnull=True, created_at__lt=now - UNCONFIRMED_KEPT
    ).delete()
    return deleted
