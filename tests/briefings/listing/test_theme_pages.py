"""Theme (challenge) and participant pages: filterable briefings and related terms."""

import datetime
import re

import pytest

from tests.support.factories import (
    make_briefing,
    make_challenge,
    make_participant,
    make_source,
)
from tests.support.html import listed_titles, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_own_content")]


@pytest.fixture
def theme(db):
    poc = make_challenge("Protection of civilians", slug="poc")
    mandates = make_challenge("Mandates", slug="mandates")
    lacroix = make_participant("Jean-Pierre Lacroix", slug="lacroix", kind="person")
    union = make_participant("African Union", slug="au")
    mali = make_participant("Mali", slug="mali", kind="state")
    un = make_source("United Nations", slug="un")
    make_briefing(
        "First",
        date=datetime.date(2015, 1, 1),
        challenges=[poc],
        participants=[(lacroix, "speaker"), (union, "mentioned")],
    )
    make_briefing(
        "Second",
        date=datetime.date(2018, 1, 1),
        challenges=[poc, mandates],
        participants=[(lacroix, "speaker"), (mali, "host")],
        source=un,
    )
    make_briefing(
        "Third",
        date=datetime.date(2019, 1, 1),
        challenges=[mandates],
        participants=[(lacroix, "moderator")],
    )
    return {"poc": poc, "mandates": mandates, "lacroix": lacroix, "mali": mali}


def test_theme_page_lists_its_briefings_newest_first(theme, client):
    response = client.get("/challenges/poc/")
    assert listed_titles(response) == ["Second", "First"]


def test_theme_page_takes_the_listing_parameters(theme, client):
    assert listed_titles(client.get("/challenges/poc/?from=2016")) == ["Second"]
    assert listed_titles(client.get("/challenges/poc/?source=un")) == ["Second"]
    assert listed_titles(client.get("/challenges/poc/?sort=oldest")) == [
        "First",
        "Second",
    ]


def test_theme_page_shows_participants_most_involved(theme, client):
    html = client.get("/challenges/poc/").content.decode()
    section = html.split('id="involved-heading"')[1].split("</section>")[0]
    names = re.findall(r'<a href="/participants/[^/]+/">([^<]+) <span', section)
    assert names == ["Jean-Pierre Lacroix", "African Union", "Mali"]
    assert 'Jean-Pierre Lacroix <span class="count">(2)</span>' in section


def test_participant_page_shows_roles_briefings_and_challenges(theme, client):
    response = client.get("/participants/lacroix/")
    text = text_of(response)
    assert "Roles in briefings Speaker, Moderator" in text
    assert listed_titles(response) == ["Third", "Second", "First"]
    html = response.content.decode()
    section = html.split('id="speaks-heading"')[1].split("</section>")[0]
    names = re.findall(r'<a href="/challenges/[^/]+/">([^<]+) <span', section)
    # Two briefings each: equal counts fall back to the challenges' order.
    assert names == ["Mandates", "Protection of civilians"]
    assert 'Mandates <span class="count">(2)</span>' in section


def test_participant_page_takes_the_listing_parameters(theme, client):
    response = client.get("/participants/lacroix/?challenge=mandates&to=2018")
    assert listed_titles(response) == ["Second"]


def test_participants_are_listed_a_to_z_under_their_initial(theme, client):
    person = make_participant("Čosović-Medić", slug="cosovic", kind="person")
    make_briefing(participants=[(person, "speaker")])
    html = client.get("/participants/").content.decode()
    names = re.findall(r'<li><a href="/participants/[^/]+/">([^<]+)</a>', html)
    assert names == sorted(names, key=lambda name: name.replace("Č", "C"))
    letters = re.findall(r'<h2 id="letter-[a-z]+" class="letter">(\w)</h2>', html)
    assert letters == ["A", "C", "J", "M"]


def test_participant_list_filters_by_kind(theme, client):
    response = client.get("/participants/?kind=person")
    assert "1 participant" in text_of(response)
    assert "Jean-Pierre Lacroix" in text_of(response)
    assert "African Union" not in text_of(response)


def test_unknown_kind_is_reported_and_everyone_listed(theme, client):
    for kind in ["robot", "per%00son", "x" * 10_000]:
        response = client.get(f"/participants/?kind={kind}")
        assert response.status_code == 200
        assert "Select a valid choice." in response.content.decode()
        assert "3 participants" in text_of(response)


# Queries of a theme page: its challenge (1), the listing's count and facets (1),
# its page of keys and rows (2), the terms its cards and facets name (1), the
# participants most involved (1). A participant page also reads the participant's
# own record and roles (2) and the source filtered by (1). A feed, a route of
# the briefings index: Wagtail's site, home page, the index, a look for a
# briefing slugged "feed" (children come before routes) and the privacy
# restrictions on the way (5), the term filtered by, its keys and rows, their
# terms (4). The same before and after publishes, but for the first page after
# one, which reads the addresses every page links to (then kept).
THEME_QUERIES = 6
PARTICIPANT_QUERIES = 9
FEED_QUERIES = 9


def test_theme_participant_and_feed_query_counts_stay_fixed(
    theme, client, django_assert_num_queries
):
    pages = {
        "/challenges/poc/?from=2010": THEME_QUERIES,
        "/participants/lacroix/?source=un": PARTICIPANT_QUERIES,
        "/briefings/feed/?challenge=poc": FEED_QUERIES,
        "/briefings/feed/atom/?participant=lacroix": FEED_QUERIES,
    }
    client.get("/")  # Wagtail's sites, kept until a Site changes
    for _round in range(3):
        client.get("/")  # the first page after a change reads the site's links
        for url, expected in pages.items():
            with django_assert_num_queries(expected):
                assert client.get(url).status_code == 200
        for _ in range(6):
            make_briefing(
                challenges=[theme["poc"], make_challenge()],
                participants=[(theme["lacroix"], "host"), (make_participant(), "host")],
            )
