"""Who follows what by email, and what was sent to them.

A `Subscriber` is one address (compared case-insensitively); each of its
`Subscription`s is one followed listing, stored by term ids rather than slugs
so that a renamed term keeps its followers. A `Digest` is one mail; its
`Delivery` rows say which briefings it carries, once per subscription at most
(a unique constraint, so that a task run twice cannot send a briefing twice).
"""

from django.db import models
from django.utils import timezone


class Frequency(models.TextChoices):
    AS_PUBLISHED = "published", "As published"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"


class Subscriber(models.Model):
    """An email address that asked to follow one or more listings."""

    email = models.EmailField(max_length=254)
    # The address case-folded: "Ana@Example.org" and "ana@example.org" are one.
    email_key = models.CharField(max_length=254, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    # A permanent SMTP refusal (5xx): nothing is sent to the address again.
    bounced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        permissions = [
            (
                "view_subscriber_addresses",
                "Can see the email addresses of subscribers",
            )
        ]

    def __str__(self):
        return f"Subscriber {self.pk}"

    @staticmethod
    def key_of(email: str) -> str:
        return email.strip().casefold()


class Subscription(models.Model):
    """One followed listing: the listing's filters, within a theme or a
    participant page (`scope_kind`, `scope_id`) or over all briefings."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    scope_kind = models.CharField(max_length=1, blank=True, default="")
    scope_id = models.IntegerField(null=True, blank=True)
    challenge_ids = models.JSONField(default=list, blank=True)
    participant_ids = models.JSONField(default=list, blank=True)
    source_ids = models.JSONField(default=list, blank=True)
    date_from = models.CharField(max_length=10, blank=True, default="")
    date_to = models.CharField(max_length=10, blank=True, default="")
    q = models.CharField(max_length=200, blank=True, default="")
    # The followed listing in one canonical string (`Followed.key`), so that
    # following the same listing twice finds the first subscription.
    key = models.CharField(max_length=1000)
    # " c:3 p:12 " for every term named, scope included: which subscriptions a
    # merged or deleted term touches, with a lookup every database has.
    term_tokens = models.CharField(max_length=1000, blank=True, default="")
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.AS_PUBLISHED
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=200, blank=True, default="")
    # When its last digest was put together (daily and weekly ones are due a
    # day or a week after it).
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "key"], name="one_subscription_per_listing"
            )
        ]
        indexes = [models.Index(fields=["frequency", "confirmed_at", "ended_at"])]

    def __str__(self):
        return f"Subscription {self.pk}"

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.ended_at is None

    def stop(self, reason: str) -> None:
        self.ended_at = timezone.now()
        self.ended_reason = reason
        self.save(update_fields=["ended_at", "ended_reason"])


class Digest(models.Model):
    """One mail to one subscription: new briefings, or a notice that the
    subscription ended (a term it followed was deleted)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # A worker stopped while sending it: it may have gone out, so it is not
        # sent again (a briefing goes out at most once).
        UNCERTAIN = "uncertain", "Perhaps sent (the worker stopped)"

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="digests"
    )
    notice = models.TextField(blank=True, default="")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"Digest {self.pk}"


class Delivery(models.Model):
    """A briefing carried by a digest: at most one per subscription."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, related_name="deliveries"
    )
    page_id = models.IntegerField()
    title = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "page_id"], name="one_delivery_per_briefing"
            )
        ]

    def __str__(self):
        return self.title
