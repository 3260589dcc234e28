"""A reader follows a listing by email: double opt-in, one mail per new
matching briefing, one-click unsubscribe; against a real SMTP server."""

import pytest
from django.test import Client

from subscriptions.models import Digest, Subscriber, Subscription
from tests.support.factories import make_challenge, make_participant
from tests.support.smtp import html_of, text_of

from .helpers import follow, link_in, publish_today, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def mandates(db):
    return make_challenge("Mandates", slug="mandates")


def test_the_listing_offers_to_follow_it(
    client, mandates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_today(challenges=[mandates])
    page = client.get("/briefings/?challenge=mandates").content.decode()
    assert 'href="/briefings/follow/?challenge=mandates"' in page
    theme = client.get("/challenges/mandates/").content.decode()
    assert 'href="/challenges/mandates/follow/"' in theme
    form = client.get("/briefings/follow/?challenge=mandates&from=2018")
    assert form.status_code == 200
    assert "Challenge: Mandates; from 2018" in form.content.decode()
    assert "no-store" in form["Cache-Control"]


def test_double_opt_in_then_one_mail_per_matching_briefing(
    client, smtp, mandates, django_capture_on_commit_callbacks
):
    other = make_challenge("Elections", slug="elections")
    with django_capture_on_commit_callbacks(execute=True):
        publish_today(challenges=[mandates])
        response = follow(
            client, "/briefings/follow/?challenge=mandates", "Ana@Example.org"
        )
        follow(client, "/briefings/follow/?challenge=elections", "bo@example.org")
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    mails = smtp.wait_for(2)
    assert len(mails) == 2, "only the confirmation mails are sent"
    confirmation = smtp.to("Ana@Example.org")[0]
    assert "Challenge: Mandates" in text_of(confirmation)
    assert "Confirm" in html_of(confirmation)

    # Nothing is sent to an address before its link is used.
    with django_capture_on_commit_callbacks(execute=True):
        publish_today(title="Before confirming", challenges=[mandates])
    assert len(smtp.messages) == 2

    confirm_path = link_in(confirmation, "confirm")
    page = client.get(confirm_path)
    assert page.status_code == 200 and "Confirm" in page.content.decode()
    assert not Subscription.objects.get(subscriber__email_key="ana@example.org").active
    assert client.post(confirm_path).status_code == 200
    assert Subscription.objects.get(subscriber__email_key="ana@example.org").active

    with django_capture_on_commit_callbacks(execute=True):
        new = publish_today(title="Mandates under review", challenges=[mandates])
        publish_today(title="Another theme", challenges=[other])
    smtp.wait_for(3)
    digests = smtp.to("Ana@Example.org")[1:]
    assert len(digests) == 1, [m["Subject"] for m in digests]
    digest = digests[0]
    assert digest["Subject"] == "New briefing: Mandates under review"
    body = text_of(digest)
    assert "Mandates under review" in body and "Another theme" not in body
    assert "Before confirming" not in body
    assert f"http://testserver{new.url}" in body
    assert "Challenge: Mandates" in body and "/briefings/?challenge=mandates" in body
    assert "Mandates under review" in html_of(digest)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        digest["List-Unsubscribe"]
        .strip()
        .startswith("<http://testserver/subscriptions/unsubscribe/")
    )
    assert smtp.to("bo@example.org") == smtp.messages[1:2], "bo never confirmed"

    # Published again (an edit), or the task run twice: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        new.save_revision().publish()
    from subscriptions.tasks import briefing_published

    briefing_published.call(new.pk)
    assert len(smtp.to("Ana@Example.org")) == 2


def test_subscribing_twice_in_another_case_keeps_one_subscription(
    client, smtp, mandates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_today(challenges=[mandates])
        follow(client, "/briefings/follow/?challenge=mandates", "ana@example.org")
        follow(
            client, "/briefings/follow/?challenge=mandates", "ANA@example.ORG", "weekly"
        )
    assert Subscriber.objects.count() == 1
    subscription = Subscription.objects.get()
    assert subscription.frequency == "weekly"
    # The second link confirms at the frequency it was sent for.
    client.post(link_in(smtp.wait_for(2)[1], "confirm"))
    subscription.refresh_from_db()
    assert subscription.active and subscription.frequency == "weekly"


def test_one_click_unsubscribe_needs_no_cookie(
    smtp, mandates, django_capture_on_commit_callbacks
):
    reader = Client()
    with django_capture_on_commit_callbacks(execute=True):
        publish_today(challenges=[mandates])
    capture = django_capture_on_commit_callbacks
    subscribe(reader, smtp, capture, "/challenges/mandates/follow/", "ana@example.org")
    with capture(execute=True):
        publish_today(title="New one", challenges=[mandates])
    digest = smtp.wait_for(2)[1]
    url = (
        digest["List-Unsubscribe"].strip().strip("<>").removeprefix("http://testserver")
    )
    mail_client = Client(enforce_csrf_checks=True)  # no cookie, no token
    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    # No dead end: the reader who changes their mind can follow again.
    assert 'href="/challenges/mandates/follow/"' in response.content.decode()
    assert not Subscription.objects.get().active
    with django_capture_on_commit_callbacks(execute=True):
        publish_today(title="After", challenges=[mandates])
    assert len(smtp.messages) == 2
    # Asked again, it answers the same.
    assert mail_client.post(url).status_code == 200


def test_theme_page_filters_are_followed_within_the_theme(
    client, smtp, mandates, django_capture_on_commit_callbacks
):
    au = make_participant("African Union", slug="african-union")
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        publish_today(challenges=[mandates], participants=[(au, "speaker")])
    path = "/challenges/mandates/follow/?participant=african-union"
    subscribe(client, smtp, capture, path, "ana@example.org")
    with capture(execute=True):
        publish_today(title="AU alone", participants=[(au, "speaker")])
        publish_today(title="Mandates alone", challenges=[mandates])
        publish_today(title="Both", challenges=[mandates], participants=[(au, "host")])
    mails = smtp.wait_for(2)
    assert len(mails) == 2
    assert mails[1]["Subject"] == "New briefing: Both"
    assert "Challenge: Mandates; Participant: African Union" in text_of(mails[1])


def test_bad_input_gets_clear_answers(
    client, mandates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_today(challenges=[mandates])
    assert client.get("/challenges/no-such-theme/follow/").status_code == 404
    assert client.get("/nowhere/follow/").status_code == 404
    response = client.post(
        "/briefings/follow/", {"email": "ana\x00@example.org", "frequency": "daily"}
    )
    assert response.status_code == 400
    response = client.post(
        "/briefings/follow/", {"email": "not an address", "frequency": "hourly"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter a valid email address." in text and "not an address" in text
    left = client.get("/briefings/follow/?challenge=mandates&from=20x8")
    assert "left out" in left.content.decode()
    assert "Challenge: Mandates" in left.content.decode()
    for path in (
        "/subscriptions/confirm/forged/",
        "/subscriptions/unsubscribe/forged/",
        "/subscriptions/manage/forged/",
        "/subscriptions/manage/forged/data.json",
    ):
        assert client.get(path).status_code == 400, path
    assert Digest.objects.count() == 0


def test_a_listing_naming_too_many_terms_is_refused_clearly(
    client, django_capture_on_commit_callbacks
):
    challenges = [make_challenge(slug=f"theme-{n}") for n in range(31)]
    with django_capture_on_commit_callbacks(execute=True):
        publish_today(challenges=challenges)
    query = "&".join(f"challenge={c.slug}" for c in challenges)
    response = client.get(f"/briefings/follow/?{query}")
    assert response.status_code == 400
    assert "at most 30" in response.content.decode()
    response = client.post(
        f"/briefings/follow/?{query}", {"email": "a@b.org", "frequency": "daily"}
    )
    assert response.status_code == 400 and not Subscription.objects.exists()
