"""What happens to subscriptions when their terms are merged or deleted, the
limits on the follow form, and who sees readers' addresses."""

import json
import time
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core import signing

from briefings.editorial.merging import merge_terms
from subscriptions import tokens
from subscriptions.models import Subscriber, Subscription
from subscriptions.tasks import run_digests
from tests.support.factories import make_challenge, make_participant
from tests.support.smtp import text_of
from tests.support.staff import make_staff

from .helpers import follow, link_in, publish_today, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms(django_capture_on_commit_callbacks):
    dpko = make_participant("DPKO", slug="dpko")
    dpo = make_participant("Department of Peace Operations", slug="dpo")
    mandates = make_challenge("Mandates", slug="mandates")
    with django_capture_on_commit_callbacks(execute=True):
        publish_today(participants=[(dpko, "speaker")], challenges=[mandates])
        publish_today(participants=[(dpo, "speaker")])
    return dpko, dpo, mandates


def test_a_merged_term_is_followed_into_the_one_it_joined(
    client, smtp, terms, django_capture_on_commit_callbacks
):
    dpko, dpo, mandates = terms
    capture = django_capture_on_commit_callbacks
    subscribe(client, smtp, capture, "/participants/dpko/follow/", "ana@example.org")
    subscribe(client, smtp, capture, "/participants/dpko/follow/", "bo@example.org")
    subscribe(client, smtp, capture, "/participants/dpo/follow/", "bo@example.org")
    with capture(execute=True):
        merge_terms(old=dpko, into=dpo, user=None)
    ana = Subscription.objects.get(subscriber__email_key="ana@example.org")
    assert ana.scope_id == dpo.pk and ana.active
    # Bo followed both: one subscription is left, not two mails per briefing.
    assert (
        Subscription.objects.filter(subscriber__email_key="bo@example.org").count() == 1
    )
    with capture(execute=True):
        publish_today(title="After the merge", participants=[(dpo, "host")])
    digests = [m for m in smtp.messages if m["Subject"].startswith("New briefing")]
    assert sorted(m["To"] for m in digests) == ["ana@example.org", "bo@example.org"]
    assert "Participant: Department of Peace Operations" in text_of(digests[0])


def test_a_deleted_term_ends_its_subscriptions_with_one_notice(
    client, smtp, terms, django_capture_on_commit_callbacks
):
    dpko, dpo, mandates = terms
    capture = django_capture_on_commit_callbacks
    subscribe(
        client,
        smtp,
        capture,
        "/briefings/follow/?challenge=mandates&from=2018",
        "ana@example.org",
    )
    subscribe(client, smtp, capture, "/participants/dpo/follow/", "ana@example.org")
    with capture(execute=True):
        mandates.delete()
    notices = [m for m in smtp.messages if "ended" in m["Subject"]]
    assert len(notices) == 1
    assert "The challenge “Mandates” was removed" in text_of(notices[0])
    left = Subscription.objects.filter(ended_at__isnull=True)
    assert [s.scope_id for s in left] == [dpo.pk]
    run_digests.call()
    assert len([m for m in smtp.messages if "ended" in m["Subject"]]) == 1


def test_the_form_cannot_be_used_to_mail_strangers(
    client, smtp, terms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            follow(
                client,
                f"/briefings/follow/?challenge=mandates&from={year}",
                "victim@example.org",
            )
            for year in (2015, 2016, 2017, 2018)
        ]
    assert len(smtp.wait_for(3)) == 3, "three confirmation mails a day at most"
    assert "already written to this address" in answers[-1].content.decode()
    assert all(a.status_code == 200 for a in answers)
    # One client asking for many addresses is stopped.
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            follow(client, "/briefings/follow/", f"someone{n}@example.org").status_code
            for n in range(20)
        ]
    assert statuses[:16] == [200] * 16 and statuses[-1] == 429


def test_editors_see_counts_and_only_the_permitted_see_addresses(
    client, smtp, terms, django_capture_on_commit_callbacks
):
    subscribe(
        client,
        smtp,
        django_capture_on_commit_callbacks,
        "/participants/dpo/follow/",
        "ana@example.org",
    )
    editor = make_staff("Editors")
    client.force_login(editor)
    page = client.get("/admin/subscriptions/").content.decode()
    assert (
        "1 address follow" in page
        and "Participant: Department of Peace Operations" in page
    )
    assert "ana@example.org" not in page
    editor.user_permissions.add(
        Permission.objects.get(codename="view_subscriber_addresses")
    )
    client.force_login(editor)
    assert "ana@example.org" in client.get("/admin/subscriptions/").content.decode()
    client.logout()
    for path in (
        "/",
        "/participants/dpo/",
        "/briefings/feed/",
        "/briefings/?q=ana",
        "/api/v1/briefings/",
    ):
        response = client.get(path)
        assert b"ana@example.org" not in response.content, path


def test_a_reader_manages_exports_and_deletes_their_data(
    client, smtp, terms, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    confirmation = subscribe(
        client, smtp, capture, "/participants/dpo/follow/", "ana@example.org"
    )
    subscribe(
        client,
        smtp,
        capture,
        "/briefings/follow/?challenge=mandates",
        "ana@example.org",
    )
    response = client.post(link_in(confirmation, "confirm"))
    manage = (
        response.content.decode().split('href="/subscriptions/manage/')[1].split('"')[0]
    )
    manage_path = f"/subscriptions/manage/{manage}"
    page = client.get(manage_path).content.decode()
    assert (
        "Participant: Department of Peace Operations" in page
        and "Challenge: Mandates" in page
    )

    subscription = Subscription.objects.get(scope_id=terms[1].pk)
    client.post(
        manage_path,
        {"action": "frequency", "subscription": subscription.pk, "frequency": "weekly"},
    )
    subscription.refresh_from_db()
    assert subscription.frequency == "weekly"
    # Another reader's subscription cannot be changed from this page.
    other = Subscription.objects.create(
        subscriber=Subscriber.objects.create(email="x@y.org", email_key="x@y.org"),
        key="k",
    )
    assert (
        client.post(
            manage_path,
            {"action": "frequency", "subscription": other.pk, "frequency": "daily"},
        ).status_code
        == 400
    )

    data = json.loads(client.get(manage_path + "data.json").content)
    assert data["email"] == "ana@example.org" and len(data["subscriptions"]) == 2

    client.post(manage_path, {"action": "stop-all"})
    assert not Subscription.objects.filter(
        subscriber__email_key="ana@example.org", ended_at__isnull=True
    ).exists()
    refused = client.post(manage_path, {"action": "delete"})
    assert "Tick the box" in refused.content.decode()
    client.post(manage_path, {"action": "delete", "sure": "yes"})
    assert not Subscriber.objects.filter(email_key="ana@example.org").exists()
    assert client.get(manage_path).status_code == 404


def test_an_expired_confirmation_link_says_so(
    client, smtp, terms, django_capture_on_commit_callbacks
):
    confirmation = subscribe(
        client,
        smtp,
        django_capture_on_commit_callbacks,
        "/participants/dpo/follow/",
        "ana@example.org",
    )
    path = link_in(confirmation, "confirm")
    token = path.split("/")[3]
    old = signing.TimestampSigner(salt=tokens.CONFIRM_SALT)
    # The same payload, signed four days ago.
    payload = token.rsplit(":", 2)[0]
    with mock.patch("time.time", return_value=time.time() - 4 * 86400):
        expired = old.sign(payload)
    response = client.get(f"/subscriptions/confirm/{expired}/")
    assert response.status_code == 400 and "has expired" in response.content.decode()
