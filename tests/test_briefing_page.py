"""A briefing page's citation, BibTeX download and related briefings."""

import datetime

from wagtail.models import PageViewRestriction

from briefings.citation import bibtex_escape
from briefings.models import BriefingPage
from briefings.queries import related_briefings
from institute.middleware.page_cache import purge_page_cache
from tests.factories import make_briefing, make_challenge, make_participant
from tests.test_pages import text_of


def test_cite_this_briefing_shows_a_formatted_citation(seeded, client):
    page = BriefingPage.objects.get(slug="challenges-of-modern-peacekeeping")
    text = text_of(client.get(page.url))
    assert (
        "Cite this briefing Institute for Peace Operations (2017). "
        "“Challenges of Modern Peacekeeping”. Briefing, 1 September 2017. "
        "Based on an original published by INEX. "
        f"http://localhost{page.url}"
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
    assert entry.startswith("@misc{challenges-of-modern-peacekeeping-2017,\n")
    assert "  title = {{Challenges of Modern Peacekeeping}},\n" in entry
    assert "  year = 2017,\n  month = sep,\n" in entry
    assert f"  url = {{http://localhost{page.url}}},\n" in entry
    assert entry.count("{") == entry.count("}")


def test_bibtex_special_characters_are_escaped():
    assert bibtex_escape("Troops & Police: 100% {UN}") == (
        r"Troops \& Police: 100\% \{UN\}"
    )


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

    # The view restrictions are read by the same query.
    with django_assert_num_queries(1):
        related = related_briefings(briefing=page)
    assert related == [three, two, one_new]
    del one_old


def test_related_briefings_leave_out_private_briefings(db):
    poc = make_challenge()
    page = make_briefing(challenges=[poc])
    private = make_briefing(date=datetime.date(2020, 1, 1), challenges=[poc])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    public = make_briefing(date=datetime.date(2010, 1, 1), challenges=[poc])
    assert related_briefings(briefing=page) == [public]
    # Restricting the whole section hides them all.
    PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert related_briefings(briefing=page) == []


def test_related_briefings_rank_past_unpublished_ones_sharing_more(db):
    poc, mandates = make_challenge(), make_challenge()
    page = make_briefing(challenges=[poc, mandates])
    for _ in range(3):
        make_briefing(challenges=[poc, mandates], live=False)
    older = make_briefing(date=datetime.date(2010, 1, 1), challenges=[poc])
    newer = make_briefing(date=datetime.date(2015, 1, 1), challenges=[mandates])
    both = make_briefing(date=datetime.date(2000, 1, 1), challenges=[poc, mandates])
    assert related_briefings(briefing=page, limit=2) == [both, newer]
    assert related_briefings(briefing=page) == [both, newer, older]


def test_briefing_page_shows_related_briefings(seeded, client):
    page = BriefingPage.objects.get(slug="challenges-of-modern-peacekeeping")
    related = related_briefings(briefing=page)
    assert 0 < len(related) <= 3
    html = client.get(page.url).content.decode()
    section = html.split('id="related-heading"')[1]
    for briefing in related:
        assert f'<a href="{briefing.url}">' in section


# Until the content changes, each app server keeps what a briefing page reads
# (institute.generation_memo): no query. After a change, the first request reads
# the briefing with its source, its challenges, its participants and its related
# briefings (4), and Wagtail's site, the home page and its children and the
# privacy restrictions (4).
BRIEFING_PAGE_QUERIES = 0
AFTER_A_CHANGE = 8


def test_briefing_page_query_count(seeded, client, django_assert_num_queries):
    page = BriefingPage.objects.get(slug="challenges-of-modern-peacekeeping")
    client.get(page.url)  # Warm Wagtail's site cache.
    purge_page_cache()  # as a publish does
    with django_assert_num_queries(BRIEFING_PAGE_QUERIES + AFTER_A_CHANGE):
        first = client.get(page.url)
    with django_assert_num_queries(BRIEFING_PAGE_QUERIES):
        second = client.get(page.url)
    assert first.content == second.content
