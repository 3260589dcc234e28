"""Anonymous readers get cached pages; editors never do; content changes purge."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from briefings.models import BriefingPage, Challenge
from institute.caching import generation
from institute.caching import page_cache as page_cache_module
from tests.support.factories import make_briefing


@pytest.fixture
def page_cache(settings):
    """The page cache switched on (the test settings keep it off), empty."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_BROWSER_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_request_is_served_from_cache_without_queries(
    seeded, page_cache, client, django_assert_num_queries
):
    first = client.get("/briefings/")
    assert first["X-Cache"] == "miss"
    assert first["Cache-Control"] == "public, max-age=60, s-maxage=3600"
    assert first["X-Cache-Tags"] == "content"
    with django_assert_num_queries(0):
        second = client.get("/briefings/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    # Each response still gets its own request id and security headers.
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert "Content-Security-Policy" in second


def test_a_hit_is_one_round_trip_to_the_shared_cache(seeded, page_cache, client):
    client.get("/briefings/")
    spy = mock.Mock(wraps=cache)
    with mock.patch.object(page_cache_module, "cache", spy):
        response = client.get("/briefings/")
    assert response["X-Cache"] == "hit"
    assert [name for name, *_ in spy.method_calls] == ["get_many"]


def test_pages_are_served_uncached_when_the_cache_is_down(seeded, page_cache, client):
    down = mock.Mock(**{"get_many.side_effect": ConnectionError("cache down")})
    with mock.patch.object(page_cache_module, "cache", down):
        for _ in range(2):
            response = client.get("/briefings/")
            assert response.status_code == 200
            assert response["X-Cache"] == "miss"
    down.set.assert_not_called()


def test_losing_the_generation_does_not_bring_back_old_pages(
    seeded, page_cache, client
):
    client.get("/briefings/")
    page_cache_module.purge_page_cache()
    cache.delete(generation.GENERATION_KEY)
    assert client.get("/briefings/")["X-Cache"] == "miss"


def test_logged_in_editor_is_never_served_or_stored(
    seeded, page_cache, client, admin_user
):
    client.force_login(admin_user)
    for _ in range(2):
        response = client.get("/briefings/")
        assert "X-Cache" not in response
        assert response["Cache-Control"] == "private, no-store"
    client.logout()
    client.cookies.clear()
    assert client.get("/briefings/")["X-Cache"] == "miss"


def test_not_found_pages_and_admin_are_not_cached(seeded, page_cache, client):
    for _ in range(2):
        assert "X-Cache" not in client.get("/challenges/nope/")
        assert "X-Cache" not in client.get("/admin/login/")


def test_publishing_a_briefing_purges_the_cache(seeded, page_cache, client):
    client.get("/briefings/")
    make_briefing("A newly published briefing")
    response = client.get("/briefings/")
    assert response["X-Cache"] == "miss"
    assert "A newly published briefing" in response.content.decode()
    # The stale entry was overwritten by the new page.
    again = client.get("/briefings/")
    assert again["X-Cache"] == "hit"
    assert again.content == response.content


def test_unpublishing_a_briefing_purges_the_cache(seeded, page_cache, client):
    page = BriefingPage.objects.live().first()
    assert page.title in client.get("/briefings/").content.decode()
    page.unpublish()
    assert page.title not in client.get("/briefings/").content.decode()


def test_making_a_briefing_private_purges_the_cache(seeded, page_cache, client):
    page = BriefingPage.objects.live().first()
    client.get(page.url)
    assert client.get(page.url)["X-Cache"] == "hit"
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(page.url)
    assert response.status_code == 302
    assert "X-Cache" not in response
    assert page.title not in response.content.decode()


def test_making_a_briefing_public_again_purges_the_cache(seeded, page_cache, client):
    page = BriefingPage.objects.live().first()
    listing = client.get("/briefings/").content.decode()
    assert page.title in listing
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert page.title not in client.get("/briefings/").content.decode()
    restriction.delete()
    assert client.get(page.url).status_code == 200
    assert page.title in client.get("/briefings/").content.decode()


def test_renaming_a_challenge_purges_the_cache(seeded, page_cache, client):
    challenge = Challenge.objects.first()
    client.get("/challenges/")
    challenge.name = "A renamed challenge"
    challenge.save()
    assert "A renamed challenge" in client.get("/challenges/").content.decode()


def test_deleting_a_challenge_purges_the_cache(seeded, page_cache, client):
    challenge = Challenge.objects.first()
    assert challenge.name in client.get("/challenges/").content.decode()
    challenge.delete()
    assert challenge.name not in client.get("/challenges/").content.decode()


@pytest.mark.parametrize("path", ["/briefings/feed/", "/briefings/feed/atom/"])
def test_feeds_are_cached_and_publishing_a_briefing_purges_them(
    seeded, page_cache, client, django_assert_num_queries, path
):
    challenge = Challenge.objects.first()
    address = f"{path}?challenge={challenge.slug}"
    first = client.get(address)
    assert first["X-Cache"] == "miss"
    assert first["Content-Type"].startswith(
        ("application/rss+xml", "application/atom+xml")
    )
    with django_assert_num_queries(0):
        second = client.get(address)
    assert second["X-Cache"] == "hit"
    assert second["Content-Type"] == first["Content-Type"]
    assert second.content == first.content
    make_briefing(
        "A newly published briefing",
        date=datetime.date.today(),
        challenges=[challenge],
    )
    third = client.get(address)
    assert third["X-Cache"] == "miss"
    assert "A newly published briefing" in third.content.decode()
