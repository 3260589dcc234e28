"""How digests go out: daily and weekly ones wait for their time, a failed send
is retried with back-off then recorded, a refusing address is stopped, and a
briefing never reaches a subscription twice (tasks run twice, two workers, a
worker that stopped mid-send)."""

import datetime

import pytest
from django.utils import timezone

from subscriptions import delivery
from subscriptions.models import Digest, Subscriber, Subscription
from subscriptions.tasks import briefing_published, run_digests
from tests.support.factories import make_challenge
from tests.support.smtp import text_of

from .helpers import days_ago, publish_today, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def mandates(django_capture_on_commit_callbacks):
    challenge = make_challenge("Mandates", slug="mandates")
    with django_capture_on_commit_callbacks(execute=True):
        publish_today(challenges=[challenge])
    return challenge


@pytest.fixture
def reader(client, smtp, mandates, django_capture_on_commit_callbacks):
    """Follows /briefings/?challenge=mandates: reader(email, frequency)."""

    def make(email="ana@example.org", frequency="published"):
        subscribe(
            client,
            smtp,
            django_capture_on_commit_callbacks,
            "/briefings/follow/?challenge=mandates",
            email,
            frequency,
        )
        return Subscription.objects.get(subscriber__email_key=email.lower())

    return make


def published(capture, **kwargs):
    with capture(execute=True):
        return publish_today(**kwargs)


def test_a_daily_digest_waits_a_day_and_lists_everything_new(
    reader, smtp, mandates, django_capture_on_commit_callbacks
):
    subscription = reader(frequency="daily")
    published(django_capture_on_commit_callbacks, title="One", challenges=[mandates])
    published(django_capture_on_commit_callbacks, title="Two", challenges=[mandates])
    run_digests.call()
    assert len(smtp.messages) == 1, "only the confirmation so far"

    # A day after the last look, the digest is due.
    Subscription.objects.filter(pk=subscription.pk).update(
        last_digest_at=days_ago(1.01)
    )
    result = run_digests.call()
    assert result["sent"] == 1
    digest = smtp.wait_for(2)[1]
    assert digest["Subject"] == "2 new briefings: Challenge: Mandates"
    assert "One" in text_of(digest) and "Two" in text_of(digest)
    assert "a digest once a day" in text_of(digest)
    # Run again (the timer every minute): nothing is due, nothing sent.
    assert run_digests.call()["sent"] == 0
    assert len(smtp.messages) == 2


def test_an_archive_briefing_published_late_is_not_news(
    reader, smtp, mandates, django_capture_on_commit_callbacks
):
    reader()
    published(
        django_capture_on_commit_callbacks,
        title="From the archive",
        date=datetime.date(2011, 5, 1),
        challenges=[mandates],
    )
    assert len(smtp.messages) == 1


def test_a_failed_send_is_retried_with_back_off(
    reader, smtp, mandates, django_capture_on_commit_callbacks
):
    smtp.recorder.flaky_failures = 10
    subscription = reader()
    Subscriber.objects.update(email="flaky@example.org", email_key="flaky@example.org")
    published(django_capture_on_commit_callbacks, title="New", challenges=[mandates])
    digest = Digest.objects.get(subscription=subscription)
    assert digest.status == Digest.Status.PENDING and digest.attempts == 1
    assert "451" in digest.last_error
    wait = digest.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(minutes=1)
    # Not before its time...
    assert delivery.send_due().sent == 0
    # ...then again and again, each wait longer, until it is recorded as failed.
    waits = []
    for _ in range(4):
        due = Digest.objects.get(pk=digest.pk).next_attempt_at
        delivery.send_due(now=due)
        after = Digest.objects.get(pk=digest.pk)
        if after.status == Digest.Status.PENDING:
            waits.append(after.next_attempt_at - timezone.now())
    digest.refresh_from_db()
    assert digest.status == Digest.Status.FAILED and digest.attempts == 5
    assert waits == sorted(waits) and waits[-1] > datetime.timedelta(minutes=100)
    assert subscription.subscriber.bounced_at is None, "a 4xx is not a bounce"

    # An address that accepts on the second try gets its mail once.
    smtp.recorder.flaky_failures = 1
    second = reader("once@example.org")
    Subscriber.objects.filter(pk=second.subscriber_id).update(
        email="flaky-once@example.org", email_key="flaky-once@example.org"
    )
    published(django_capture_on_commit_callbacks, title="Later", challenges=[mandates])
    retry = Digest.objects.get(subscription=second)
    delivery.send_due(now=retry.next_attempt_at)
    assert len(smtp.to("flaky-once@example.org")) == 1


def test_a_refusing_address_is_stopped(
    reader, smtp, mandates, django_capture_on_commit_callbacks
):
    reader()  # the confirmation itself was accepted
    subscription = Subscription.objects.get()
    Subscriber.objects.update(
        email="bounce@example.org", email_key="bounce@example.org"
    )
    published(django_capture_on_commit_callbacks, title="New", challenges=[mandates])
    subscription.refresh_from_db()
    assert subscription.subscriber.bounced_at is not None
    assert not subscription.active and "refused" in subscription.ended_reason
    assert Digest.objects.get().status == Digest.Status.FAILED
    published(django_capture_on_commit_callbacks, title="Newer", challenges=[mandates])
    assert Digest.objects.count() == 1, "nothing more is made for it"


def test_a_briefing_reaches_a_subscription_once(
    reader, smtp, mandates, django_capture_on_commit_callbacks
):
    subscription = reader()
    with django_capture_on_commit_callbacks(execute=False):
        page = publish_today(title="New", challenges=[mandates])
    # The queued task runs twice (a retry of the queue), and the timer runs.
    briefing_published.call(page.pk)
    briefing_published.call(page.pk)
    run_digests.call()
    assert Digest.objects.filter(subscription=subscription).count() == 1
    assert len(smtp.messages) == 2

    # Two workers take the same waiting digest: one wins.
    digest = Digest.objects.create(subscription=subscription)
    assert delivery.claim(digest.pk, timezone.now()) is True
    assert delivery.claim(digest.pk, timezone.now()) is False

    # A worker stopped mid-send: its digest is perhaps sent, and never again.
    Digest.objects.filter(pk=digest.pk).update(
        claimed_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    delivery.send_due()
    digest.refresh_from_db()
    assert digest.status == Digest.Status.UNCERTAIN
    assert len(smtp.messages) == 2


def test_unconfirmed_subscriptions_are_forgotten_after_a_week(
    client, smtp, mandates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/briefings/follow/?challenge=mandates",
            {"email": "late@example.org", "frequency": "weekly"},
        )
    assert delivery.forget_unconfirmed() == 0
    Subscription.objects.update(created_at=days_ago(8))
    Subscriber.objects.update(created_at=days_ago(8))
    run_digests.call()
    assert not Subscription.objects.exists() and not Subscriber.objects.exists()
