"""A page's password, like the admin login, takes a few wrong guesses an hour."""

import pytest
from wagtail.models import PageViewRestriction

from tests.support.factories import make_briefing

PASSWORD = "open sesame"
READER = "203.0.113.5"


@pytest.fixture
def limit(settings):
    return settings.AXES_FAILURE_LIMIT


def private_briefing(title: str):
    """A briefing readers see only with PASSWORD; returns it and its restriction."""
    briefing = make_briefing(title, body_text="What was said behind closed doors.")
    restriction = PageViewRestriction.objects.create(
        page=briefing,
        restriction_type=PageViewRestriction.PASSWORD,
        password=PASSWORD,
    )
    return briefing, restriction


@pytest.fixture
def closed(db):
    return private_briefing("Closed consultations")


def attempt(client, private, password, *, real_ip=READER):
    """Submit the page's password form, as a reader behind nginx at `real_ip`."""
    briefing, restriction = private
    return client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{briefing.pk}/",
        {"password": password, "return_url": briefing.url},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP=real_ip,
    )


def test_right_password_lets_the_reader_in(client, closed, limit):
    briefing, restriction = closed
    form = client.get(briefing.url)
    assert "behind closed doors" not in form.content.decode()
    assert (
        f'action="/_util/authenticate_with_password/{restriction.pk}/{briefing.pk}/"'
        in form.content.decode()
    )
    for _ in range(limit - 1):
        wrong = attempt(client, closed, "guess")
        assert wrong.status_code == 200
        assert "not correct" in wrong.content.decode()
    response = attempt(client, closed, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == briefing.url
    assert "behind closed doors" in client.get(briefing.url).content.decode()


def test_after_the_limit_even_the_right_password_waits(client, closed, limit):
    briefing, _restriction = closed
    for _ in range(limit):
        assert attempt(client, closed, "guess").status_code == 200
    refused = attempt(client, closed, PASSWORD)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "try again later" in refused.content.decode().lower()
    assert "behind closed doors" not in client.get(briefing.url).content.decode()


def test_a_lockout_holds_only_that_page_and_that_address(client, closed, limit):
    for _ in range(limit):
        attempt(client, closed, "guess")
    other_page = private_briefing("Another closed meeting")
    assert attempt(client, other_page, PASSWORD).status_code == 302
    assert attempt(client, closed, PASSWORD, real_ip="198.51.100.7").status_code == 302
    assert attempt(client, closed, PASSWORD).status_code == 429
