"""RSS 2.0 and Atom feeds of the listing, with the listing's parameters."""

import xml.etree.ElementTree as ElementTree
from email.utils import parsedate_to_datetime

from briefings.models import BriefingPage
from tests.support.html import listed_titles

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(response) -> list[ElementTree.Element]:
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ["title", "link", "description"]:
        assert channel.findtext(required), required
    items = channel.findall("item")
    for item in items:
        for required in ["title", "link", "description", "guid", "pubDate"]:
            assert item.findtext(required), required
        parsedate_to_datetime(item.findtext("pubDate"))
    return items


def atom_entries(response) -> list[ElementTree.Element]:
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ["id", "title", "updated"]:
        assert root.findtext(f"{ATOM}{required}"), required
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ["id", "title", "updated"]:
            assert entry.findtext(f"{ATOM}{required}"), required
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
    return entries


def test_rss_feed_carries_the_same_items_as_the_listing(seeded, client):
    for query in ["", "participant=jean-pierre-lacroix", "challenge=mandates&to=2018"]:
        listing = listed_titles(client.get(f"/briefings/?{query}"))
        items = rss_items(client.get(f"/briefings/feed/?{query}"))
        assert [item.findtext("title") for item in items] == listing, query
        assert listing


def test_atom_feed_carries_the_same_items_as_the_listing(seeded, client):
    query = "source=united-nations&from=2010"
    listing = listed_titles(client.get(f"/briefings/?{query}"))
    entries = atom_entries(client.get(f"/briefings/feed/atom/?{query}"))
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == listing
    assert listing


def test_feed_items_link_to_briefings_with_their_challenges(seeded, client):
    page = BriefingPage.objects.get(slug="challenges-of-modern-peacekeeping")
    items = rss_items(client.get("/briefings/feed/?q=Zandberg"))
    assert [item.findtext("link") for item in items] == [f"http://testserver{page.url}"]
    assert {c.text for c in items[0].findall("category")} == {
        c.name for c in page.challenges.all()
    }


def test_feed_title_and_link_name_the_filters(seeded, client):
    root = ElementTree.fromstring(
        client.get("/briefings/feed/?challenge=mandates").content
    )
    channel = root.find("channel")
    assert channel.findtext("title").endswith(": Clear and achievable mandates")
    assert channel.findtext("link") == "http://testserver/briefings/?challenge=mandates"


def test_listing_theme_and_participant_pages_link_their_feeds(seeded, client):
    pages = {
        "/briefings/?source=seesac": "?source=seesac",
        "/challenges/mandates/": "?challenge=mandates",
        "/participants/jean-pierre-lacroix/": "?participant=jean-pierre-lacroix",
    }
    for path, query in pages.items():
        html = client.get(path).content.decode()
        assert (
            'type="application/rss+xml" title="' in html
            and f'href="/briefings/feed/{query}"' in html
        ), path
        assert f'href="/briefings/feed/atom/{query}"' in html, path
        feed = client.get(f"/briefings/feed/{query}")
        assert rss_items(feed), path
