"""Steps of a reader's subscription, as the pages take them."""

import datetime
import re

from django.test import Client
from django.utils import timezone

from tests.support.factories import make_briefing
from tests.support.smtp import text_of

LINK = re.compile(r"http://testserver(/subscriptions/[a-z]+/[^/\s]+/)")


def follow(client: Client, path: str, email: str, frequency: str = "published"):
    return client.post(path, {"email": email, "frequency": frequency})


def link_in(message, kind: str) -> str:
    """The path of the mail's confirm, unsubscribe or manage link."""
    for path in LINK.findall(text_of(message)):
        if path.startswith(f"/subscriptions/{kind}/"):
            return path
    raise AssertionError(f"No {kind} link in:\n{text_of(message)}")


def subscribe(
    client: Client, smtp, capture, path: str, email: str, frequency="published"
):
    """Follow, then confirm from the mail; the confirmation mail. `capture`:
    pytest-django's django_capture_on_commit_callbacks."""
    before = len(smtp.messages)
    with capture(execute=True):
        follow(client, path, email, frequency)
    mails = smtp.wait_for(before + 1)
    confirmation = [m for m in mails[before:] if email.lower() in m["To"].lower()][-1]
    response = client.post(link_in(confirmation, "confirm"))
    assert response.status_code == 200, response.content
    return confirmation


def publish_today(**kwargs):
    """A briefing dated today, published now, on the commit (as an editor's)."""
    return make_briefing(date=kwargs.pop("date", timezone.localdate()), **kwargs)


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)
