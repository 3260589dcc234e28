"""The briefing cards of the listings, rendered once per content generation
(briefings.cards): readers never see a card older than the content."""

import re
from html import escape

from wagtail.models import Page, Site

from briefings.models import BriefingPage, Challenge, Source
from institute import generation_memo
from tests.test_listing import listed_titles


def card_of(html: str, title: str) -> str:
    """The card whose title is `title`."""
    start = html.index(f">{title}</a>")
    return html[
        html.rindex('<article class="card">', 0, start) : html.index(
            "</article>", start
        )
    ]


def test_a_retitled_briefing_shows_its_new_title_at_once(seeded, client):
    briefing = BriefingPage.objects.live().order_by("-date").first()
    assert briefing.title in listed_titles(client.get("/briefings/"))
    assert client.get("/").content.decode().count(escape(briefing.title)) == 1
    briefing.title = "A title changed after the card was shown"
    briefing.save_revision().publish()
    assert "A title changed after the card was shown" in listed_titles(
        client.get("/briefings/")
    )
    assert (
        "A title changed after the card was shown" in client.get("/").content.decode()
    )


def test_a_renamed_challenge_or_source_shows_on_every_card_at_once(seeded, client):
    briefing = BriefingPage.objects.live().filter(challenges__isnull=False).first()
    url = f"/briefings/?q={briefing.title.split()[0]}"
    client.get(url)
    challenge = briefing.challenges.first()
    challenge.name = "Renamed challenge"
    challenge.save()
    source = Source.objects.get(pk=briefing.source_id)
    source.name = "Renamed source"
    source.save()
    card = card_of(client.get("/briefings/").content.decode(), escape(briefing.title))
    assert ">Renamed challenge</a>" in card
    assert "Renamed source" in card
    assert Challenge.objects.filter(name="Renamed challenge").exists()


def test_a_card_links_relative_on_its_site_and_absolute_on_another(seeded, client):
    """A theme page lists the same cards under any host name; each host gets
    links right for it, though the first request kept the card."""
    briefing = BriefingPage.objects.live().filter(challenges__isnull=False).first()
    theme = f"/challenges/{briefing.challenges.first().slug}/?q={briefing.title}"
    elsewhere = Page.get_first_root_node().add_child(
        instance=Page(title="Elsewhere", slug="elsewhere")
    )
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=elsewhere)
    own = card_of(client.get(theme).content.decode(), escape(briefing.title))
    assert f'href="/briefings/{briefing.slug}/"' in own
    other = card_of(
        client.get(theme, HTTP_HOST="127.0.0.1").content.decode(),
        escape(briefing.title),
    )
    assert re.search(rf'href="https?://[^/"]+/briefings/{briefing.slug}/"', other)


def test_an_app_server_keeps_only_the_most_recently_shown_cards(db):
    token = generation_memo.request_generation.set(1)
    try:
        computed = []

        def compute(keys):
            computed.extend(keys)
            return {key: f"card {key}" for key in keys}

        assert generation_memo.remembered_each("card", [1, 2, 3], compute, limit=3)
        generation_memo.remembered_each("card", [1], compute, limit=3)  # used last
        generation_memo.remembered_each("card", [4], compute, limit=3)  # drops 2
        found = generation_memo.remembered_each("card", [1, 2, 4], compute, limit=3)
        assert found == {1: "card 1", 2: "card 2", 4: "card 4"}
        assert computed == [1, 2, 3, 4, 2]
    finally:
        generation_memo.request_generation.reset(token)
    # Outside a reader's request nothing is kept.
    calls = []
    generation_memo.remembered_each("card", [1], calls.append, limit=3)
    generation_memo.remembered_each("card", [1], calls.append, limit=3)
    assert calls == [[1], [1]]
