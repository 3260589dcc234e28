"""The /briefings/ listing page: filters, facet counts, chips, pages and hints."""

import datetime
import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from briefings.listing.build import PARTICIPANT_OPTIONS, listing_filterset
from briefings.listing.pagination import CountedRows
from briefings.models import BriefingPage, Challenge
from institute.caching import page_cache
from tests.support.database import module_data
from tests.support.factories import make_briefing, make_challenge, make_participant
from tests.support.html import facet_count, listed_titles, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_briefings")]

# The listing with a challenge, a search, a date and an order, whatever the page
# and however many briefings: Wagtail's site, home page, the briefings index and
# the privacy restrictions on the way (4); the challenge named (1); the count and
# every facet (1); the page's keys, then its rows (2); the terms its cards and
# facets name (1). The first page after a content change also reads the
# addresses every page links to (`briefings.context_processors`, then kept),
# and the first after a Site change Wagtail's sites (Wagtail keeps them).
LISTING_QUERIES = 9
AFTER_A_CHANGE = 1


def test_participant_filter_lists_exactly_the_briefings_he_took_part_in(seeded, client):
    response = client.get("/briefings/?participant=jean-pierre-lacroix")
    expected = BriefingPage.objects.filter(
        participant_links__participant__slug="jean-pierre-lacroix"
    ).order_by("-date")
    assert len(expected) > 1
    assert listed_titles(response) == [page.title for page in expected]
    assert f"{len(expected)} briefings" in text_of(response)


def test_challenge_and_year_narrow_with_right_facet_counts(seeded, client):
    challenge = Challenge.objects.get(slug="political-solutions")
    response = client.get(f"/briefings/?challenge={challenge.slug}&from=2016")
    expected = BriefingPage.objects.filter(
        challenges=challenge, date__gte=datetime.date(2016, 1, 1)
    ).order_by("-date")
    assert listed_titles(response) == [page.title for page in expected]
    # Each challenge option counts briefings from 2016 on with that challenge:
    # the date filter applies, the challenge filter itself does not.
    for other in Challenge.objects.all():
        count = other.briefings.filter(date__gte=datetime.date(2016, 1, 1)).count()
        assert facet_count(response, "challenge", other.slug) == (count or None)
    # Participant options count within the chosen challenge and dates.
    for link in expected[0].participant_links.select_related("participant"):
        count = expected.filter(participant_links__participant=link.participant).count()
        assert facet_count(response, "participant", link.participant.slug) == count


def test_active_filters_are_chips_that_remove_themselves(seeded, client):
    response = client.get(
        "/briefings/?challenge=political-solutions&participant=jean-pierre-lacroix"
    )
    html = response.content.decode()
    assert (
        '<a href="/briefings/?participant=jean-pierre-lacroix">'
        '<span class="chip__label">Challenge:</span> Political solutions'
    ) in html
    assert (
        '<a href="/briefings/?challenge=political-solutions">'
        '<span class="chip__label">Participant:</span> Jean-Pierre Lacroix'
    ) in html


def test_listing_with_more_than_one_filter_is_noindex(seeded, client):
    one = client.get("/briefings/?challenge=mandates").content.decode()
    two = client.get("/briefings/?challenge=mandates&from=2016").content.decode()
    assert 'name="robots"' not in one
    assert '<meta name="robots" content="noindex, follow">' in two


def test_every_listing_has_a_canonical_url_without_invalid_or_repeated_values(
    seeded, client
):
    response = client.get(
        "/briefings/?from=2016&challenge=mandates&challenge=mandates&to=x&sort=oldest"
    )
    assert (
        '<link rel="canonical" href="http://testserver/briefings/'
        '?challenge=mandates&amp;from=2016">'
    ) in response.content.decode()
    plain = client.get("/briefings/").content.decode()
    assert '<link rel="canonical" href="http://testserver/briefings/">' in plain


def test_empty_result_says_so_and_offers_to_clear(seeded, client):
    response = client.get("/briefings/?from=2030")
    text = text_of(response)
    assert "0 briefings" in text
    assert "No briefings match these filters." in text
    assert '<a href="/briefings/">Clear all filters</a>' in response.content.decode()


def test_result_count_is_announced(seeded, client):
    html = client.get("/briefings/").content.decode()
    assert '<p class="result-count" role="status">5 briefings</p>' in html


def test_form_works_without_javascript_and_groups_options(seeded, client):
    html = client.get("/briefings/").content.decode()
    assert '<form class="filters" method="get" action="/briefings/#results"' in html
    for legend in ["Challenges", "Participants", "Sources", "Date"]:
        assert f"<legend>{legend}</legend>" in html
    assert "<script" not in html.split("<main")[1]


def make_many_briefings():
    """25 briefings of "mandates", over two pages, made once for the module."""
    challenge = make_challenge(slug="mandates")
    people = [make_participant() for _ in range(3)]
    for number in range(25):
        make_briefing(
            date=datetime.date(2000 + number % 20, 1, 1),
            challenges=[challenge, make_challenge()],
            participants=[(person, "speaker") for person in people],
        )
    return challenge


many_briefings = module_data(make_many_briefings)


def test_pagination_keeps_the_filters(many_briefings, client):
    response = client.get("/briefings/?challenge=mandates&from=2001")
    html = response.content.decode()
    assert 'href="?challenge=mandates&amp;from=2001&amp;page=2"' in html
    second = client.get("/briefings/?challenge=mandates&from=2001&page=2")
    assert len(listed_titles(second)) == 23 - 20


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_depend_on_page_size_or_briefing_count(
    many_briefings, client, django_assert_num_queries
):
    url = "/briefings/?challenge=mandates&q=briefing&from=2001&sort=oldest"
    client.get("/")  # Wagtail's sites and the site's addresses, kept
    with django_assert_num_queries(LISTING_QUERIES):
        client.get(url)
    with django_assert_num_queries(LISTING_QUERIES):
        client.get(url + "&page=2")  # 3 briefings on this page, 20 on the first
    for _ in range(10):
        make_briefing(
            challenges=[many_briefings],
            participants=[(make_participant(), "host")],
        )
    with django_assert_num_queries(LISTING_QUERIES + AFTER_A_CHANGE):
        response = client.get(url)
    assert "33 briefings" in text_of(response)
    with django_assert_num_queries(LISTING_QUERIES):
        client.get(url + "&page=2")


def test_search_finds_the_seed_content_by_participant_name(seeded, client):
    """The fixtures are indexed as they load: no `update_index` needed."""
    response = client.get("/briefings/?q=Lacroix")
    expected = BriefingPage.objects.filter(
        participant_links__participant__slug="jean-pierre-lacroix"
    )
    assert sorted(listed_titles(response)) == sorted(p.title for p in expected)
    assert '<option value="relevance" selected>' in response.content.decode()


def all_pages(client, url: str) -> list[str]:
    """The titles of every page of a listing, in order."""
    titles, number = [], 1
    while True:
        response = client.get(f"{url}&page={number}")
        titles += listed_titles(response)
        if 'rel="next"' not in response.content.decode():
            return titles
        number += 1


def test_pages_together_list_each_briefing_once_in_order(many_briefings, client):
    expected = [
        page.title
        for page in BriefingPage.objects.filter(challenges=many_briefings).order_by(
            "-date", "-pk"
        )
    ]
    assert all_pages(client, "/briefings/?challenge=mandates") == expected
    assert all_pages(client, "/briefings/?challenge=mandates&sort=oldest") == list(
        reversed(expected)
    )


@pytest.mark.parametrize("sort", ["", "&sort=oldest"])
def test_any_slice_of_a_listing_is_the_same_rows_as_the_listing_itself(
    many_briefings, client, sort
):
    """A page's keys are read before its rows (listing.pagination): any slice
    gives the rows the ordered listing has there; 25 briefings over 20 dates, so
    keys tie on the date."""
    filterset = listing_filterset(filters=QueryDict(f"challenge=mandates{sort}"))
    plain = list(filterset.qs.values_list("pk", flat=True))
    rows = CountedRows(filterset.qs, count=len(plain))
    for start in range(len(plain)):
        for size in (1, 2, 5, 20):
            assert [row.pk for row in rows[start : start + size]] == (
                plain[start : start + size]
            )
    url = f"/briefings/?challenge=mandates{sort}"
    found = BriefingPage.objects.in_bulk(plain)
    assert all_pages(client, url) == [found[pk].title for pk in plain]
    # A publish moves every later row.
    newest = make_briefing(date=datetime.date(2030, 1, 1), challenges=[many_briefings])
    oldest = make_briefing(date=datetime.date(1990, 1, 1), challenges=[many_briefings])
    listed = all_pages(client, url)
    assert len(listed) == 27 and len(set(listed)) == 27
    assert listed[-1] == (oldest.title if not sort else newest.title)


def test_search_pages_follow_the_ranking_and_the_count(many_briefings, client):
    response = client.get("/briefings/?q=briefing")
    assert "25 briefings" in text_of(response)
    ranked = [
        entry.card.title
        for entry in listing_filterset(filters=QueryDict("q=briefing")).qs
    ]
    assert all_pages(client, "/briefings/?q=briefing") == ranked
    assert len(set(ranked)) == 25


def test_participant_filter_offers_the_most_frequent_and_any_chosen(db, client):
    people = [make_participant(f"Person {number:02}") for number in range(35)]
    # Person 00 in one briefing, everyone else in two.
    make_briefing(participants=[(people[0], "speaker")])
    make_briefing(participants=[(person, "speaker") for person in people[1:]])
    make_briefing(participants=[(person, "host") for person in people[1:]])
    html = client.get("/briefings/").content.decode()
    offered = re.findall(r'name="participant" value="([^"]+)"', html)
    assert len(offered) == PARTICIPANT_OPTIONS
    assert people[0].slug not in offered  # the least frequent
    assert 'href="/participants/">All participants, A to Z</a>' in html
    chosen = client.get(f"/briefings/?participant={people[0].slug}").content.decode()
    assert re.search(rf'value="{people[0].slug}" checked>', chosen), (
        "the chosen participant is offered, ticked"
    )


def test_unpublishing_updates_the_counts(many_briefings, client):
    assert "25 briefings" in text_of(client.get("/briefings/?challenge=mandates"))
    BriefingPage.objects.filter(challenges=many_briefings).first().unpublish()
    assert "24 briefings" in text_of(client.get("/briefings/?challenge=mandates"))


def test_listing_is_served_when_the_cache_is_down(
    many_briefings, client, monkeypatch, settings
):
    class DownCache:
        def __getattr__(self, name):
            def down(*args, **kwargs):
                raise ConnectionError("cache down")

            return down

    settings.PAGE_CACHE_SECONDS = 600
    monkeypatch.setattr(page_cache, "cache", DownCache())
    response = client.get("/briefings/?challenge=mandates")
    assert response.status_code == 200
    assert "25 briefings" in text_of(response)
