"""The public pages render and show what a reader needs."""

import re
from html import unescape

import pytest

from briefings.importing.article_format import read_article
from briefings.models import BriefingPage, Challenge, Participant
from tests.support.html import SEED_ARTICLES as ARTICLES
from tests.support.html import text_of


def test_home_page_shows_latest_briefings_and_challenges(seeded, client):
    response = client.get("/")
    assert response.status_code == 200
    text = text_of(response)
    for page in BriefingPage.objects.all():
        assert page.title in text
    for challenge in Challenge.objects.all():
        assert challenge.name in text


def test_listing_shows_all_briefings_newest_first(seeded, client):
    response = client.get("/briefings/")
    assert response.status_code == 200
    text = text_of(response)
    assert "5 briefings" in text
    titles = list(
        BriefingPage.objects.order_by("-date").values_list("title", flat=True)
    )
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_briefing_page_shows_full_text_and_linked_tags(seeded, client, path):
    article = read_article(path)
    page = BriefingPage.objects.get(slug=article.slug)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert article.title in text
    assert article.summary in text
    # Every sentence of the body is on the page.
    body_html = "".join(str(block.render()) for block in page.body)
    body_text = " ".join(unescape(re.sub(r"<[^>]+>", " ", body_html)).split())
    for sentence in re.split(r"(?<=[.;:])\s+", body_text):
        assert sentence in text
    for challenge in page.challenges.all():
        assert f'href="/challenges/{challenge.slug}/"' in html
    for link in page.participant_links.all():
        assert f'href="/participants/{link.participant.slug}/"' in html
        assert link.get_role_display() in text
    if article.source_url:
        assert f'href="{article.source_url}"' in html


def test_challenge_and_participant_pages_list_their_briefings(seeded, client):
    challenge = Challenge.objects.filter(briefings__isnull=False).first()
    response = client.get(challenge.get_absolute_url())
    assert response.status_code == 200
    for page in challenge.briefings.all():
        assert page.title in text_of(response)

    participant = Participant.objects.filter(briefing_links__isnull=False).first()
    response = client.get(participant.get_absolute_url())
    assert response.status_code == 200
    for link in participant.briefing_links.all():
        assert link.page.title in text_of(response)

    assert client.get("/challenges/").status_code == 200
    assert client.get("/participants/").status_code == 200


def test_unknown_slugs_give_a_friendly_404(seeded, client):
    for url in [
        "/challenges/no-such-theme/",
        "/participants/nobody/",
        "/briefings/nope/",
        # A NUL byte, an odd character, a slug too long to be one.
        "/briefings/a%00b/",
        "/x%00/briefing/",
        "/briefings/%00/bibtex/",
        "/briefings/%E2%80%AE/",
        "/briefings/" + "a" * 300 + "/",
    ]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in text_of(response)
