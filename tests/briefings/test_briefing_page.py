"""A briefing page's citation, BibTeX download and related briefings."""

import datetime
from html import escape

from wagtail.models import PageViewRestriction

from briefings.citation import bibtex_escape
from briefings.listing.related import related_briefings
from briefings.models import BriefingPage
from tests.support.factories import make_briefing, make_challenge, make_participant
from tests.support.html import text_of


def test_cite_this_briefing_shows_a_formatted_citation(seeded, client, monkeypatch):
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda: datetime.date(2026, 12, 3)
    )
    page = BriefingPage.objects.get(slug="challenges-of-modern-peacekeeping")
    # The access date is in a <time> of its own: no space before its full stop.
    text = text_of(client.get(page.url)).replace(" .", ".")
    assert (
        "Cite this briefing Institute for Peace Operations (2017). "
        "“Challenges of Modern Peacekeeping”. Briefing, 1 September 2017. "
        "Based on an original published by INEX. Accessed 3 December 2026. "
        f"http://testserver{page.url}"
    ) in text


def test_bibtex_download(seeded, client):
    page = BriefingPage.objects.get(slug="challenges-of-modern-peacekeeping")
    html = client.get(page.url).content.decode()
    assert f'href="{page.url}bibtex/"' in html
    response = client.get(f"{page.url}bibtex/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="challenges-of-modern-peacekeeping.bib"'
    )
    entry = response.content.decode()
    assert entry.startswith("@techreport{challenges-of-modern-peacekeeping-2017,\n")
    assert "  title = {{Challenges of Modern Peacekeeping}},\n" in entry
    assert "  year = 2017,\n  month = sep,\n" in entry
    assert f"  url = {{http://testserver{page.url}}},\n" in entry
    assert entry.count("{") == entry.count("}")


def test_bibtex_special_characters_are_escaped():
    assert bibtex_escape("Troops & Police: 100% {UN}") == (
        r"Troops \& Police: 100\% \{UN\}"
    )


def related_to(page, **options) -> list[str]:
    """The titles of the briefings related to `page`, best first."""
    return [
        card.title
        for card in related_briefings(
            page_id=page.pk,
            challenge_ids=[c.pk for c in page.challenges.all()],
            participant_ids=[
                link.participant_id for link in page.participant_links.all()
            ],
            **options,
        )
    ]


def titles(*pages) -> list[str]:
    return [page.title for page in pages]


def test_related_briefings_share_most_tags_then_are_newest(
    db, django_assert_num_queries
):
    poc, mandates, budgets = (make_challenge() for _ in range(3))
    lacroix = make_participant()
    page = make_briefing(
        challenges=[poc, mandates], participants=[(lacroix, "speaker")]
    )
    three = make_briefing(
        date=datetime.date(2010, 1, 1),
        challenges=[poc, mandates],
        participants=[(lacroix, "host")],
    )
    one_old = make_briefing(date=datetime.date(2011, 1, 1), challenges=[poc])
    one_new = make_briefing(
        date=datetime.date(2020, 1, 1), participants=[(lacroix, "speaker")]
    )
    two = make_briefing(date=datetime.date(2005, 1, 1), challenges=[poc, mandates])
    make_briefing(challenges=[budgets])  # shares nothing
    make_briefing(challenges=[poc, mandates], live=False)  # not published

    ids = {
        "page_id": page.pk,
        "challenge_ids": [poc.pk, mandates.pk],
        "participant_ids": [lacroix.pk],
    }
    # The most recent briefings of each term, then their rows.
    with django_assert_num_queries(2):
        related = related_briefings(**ids)
    assert [card.title for card in related] == titles(three, two, one_new)
    del one_old


def test_related_briefings_leave_out_private_briefings(db):
    poc = make_challenge()
    page = make_briefing(challenges=[poc])
    private = make_briefing(date=datetime.date(2020, 1, 1), challenges=[poc])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    public = make_briefing(date=datetime.date(2010, 1, 1), challenges=[poc])
    assert related_to(page) == titles(public)
    # Restricting the whole section hides them all.
    PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert related_to(page) == []


def test_related_briefings_rank_past_unpublished_ones_sharing_more(db):
    poc, mandates = make_challenge(), make_challenge()
    page = make_briefing(challenges=[poc, mandates])
    for _ in range(3):
        make_briefing(challenges=[poc, mandates], live=False)
    older = make_briefing(date=datetime.date(2010, 1, 1), challenges=[poc])
    newer = make_briefing(date=datetime.date(2015, 1, 1), challenges=[mandates])
    both = make_briefing(date=datetime.date(2000, 1, 1), challenges=[poc, mandates])
    assert related_to(page, limit=2) == titles(both, newer)
    assert related_to(page) == titles(both, newer, older)


def test_briefing_page_shows_related_briefings(seeded, client):
    page = BriefingPage.objects.get(slug="challenges-of-modern-peacekeeping")
    related = related_briefings(
        page_id=page.pk,
        challenge_ids=[c.pk for c in page.challenges.all()],
        participant_ids=[link.participant_id for link in page.participant_links.all()],
    )
    assert 0 < len(related) <= 3
    html = client.get(page.url).content.decode()
    section = html.split('id="related-heading"')[1]
    for card in related:
        assert f'<a href="{card.url}">{escape(card.title)}</a>' in section


# Wagtail's site and the home page (2), the briefing with its source, found by
# its slug without reading the index on the way, and the privacy restrictions
# (2), its challenges and participants (2), its related briefings (2): the same
# for every briefing, whatever the size of the archive. The first page after a
# content change also reads the addresses every page links to (then kept).
BRIEFING_PAGE_QUERIES = 8
AFTER_A_CHANGE = 1


def test_briefing_page_query_count(seeded, client, django_assert_num_queries):
    page = BriefingPage.objects.get(slug="challenges-of-modern-peacekeeping")
    client.get("/")  # Wagtail's sites, kept until a Site changes
    page.save_revision().publish()
    with django_assert_num_queries(BRIEFING_PAGE_QUERIES + AFTER_A_CHANGE):
        first = client.get(page.url)
    with django_assert_num_queries(BRIEFING_PAGE_QUERIES):
        second = client.get(page.url)
    assert first.content == second.content


def test_a_briefing_is_found_at_its_own_address_only(db, client):
    briefing = make_briefing(slug="a-meeting")
    assert briefing.url == "/briefings/a-meeting/"
    assert client.get("/briefings/a-meeting/").status_code == 200
    assert client.get("/briefings/a-meeting/bibtex/").status_code == 200
    # Its slug under another first part, or one level down, is no briefing.
    assert client.get("/elsewhere/a-meeting/").status_code == 404
    assert client.get("/briefings/briefings/a-meeting/").status_code == 404
    assert client.get("/briefings/no-such-briefing/").status_code == 404
    # The index's own routes are still found.
    assert client.get("/briefings/feed/").status_code == 200
    briefing.unpublish()
    assert client.get("/briefings/a-meeting/").status_code == 404
