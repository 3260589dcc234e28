"""What a briefing page offers its readers beside the text: the reading time,
share links that load nothing from elsewhere, the Copy and Print buttons (hidden
until the script shows them), the print layout, participants' positions and
dates only as precise as the original."""

import datetime
import json
import re
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from briefings.citation import citation_html, citation_of, citation_text
from briefings.models import BriefingPage
from briefings.reading_time import body_words, reading_minutes
from tests.support.factories import make_briefing, make_challenge, make_participant
from tests.support.html import text_of
from tests.support.staff import make_staff

SEED = "/briefings/challenges-of-modern-peacekeeping/"


@pytest.fixture
def on_3_december_2026(monkeypatch):
    """The server's today, for the access date citations carry."""
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 12, 3))


def read(response) -> str:
    """The page's text as a reader reads it: no space that a tag left before
    a full stop or a comma."""
    return re.sub(r" ([.,])", r"\1", text_of(response))


def header_meta(html: str) -> str:
    header = html.split('class="briefing__header"')[1].split("</header>")[0]
    meta = header.split('class="meta">')[1].split("</p>")[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", meta)).split())


def test_reading_time_is_shown_from_the_body_at_230_words_a_minute(db, client):
    six_minutes = make_briefing(body_text=" ".join(["word"] * 1380))
    assert "· 6 min read ·" in header_meta(client.get(six_minutes.url).content.decode())
    short = make_briefing(body_text="Ten words would still take a reader one minute.")
    assert "1 min read" in header_meta(client.get(short.url).content.decode())


def test_reading_time_counts_every_block_but_not_choice_labels():
    body = BriefingPage(
        body=[
            {"type": "heading", "value": {"text": "Two words", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Three <b>bold</b> words</p>"},
            {
                "type": "list",
                "value": {"style": "numbered", "items": ["<p>one</p>", "<p>two</p>"]},
            },
            {
                "type": "quote",
                "value": {"text": "Four words quoted here", "attribution": "Someone"},
            },
        ]
    ).body
    # 2 + 3 + 2 + 4 + 1; "Section heading" and "Numbered" are not read.
    assert body_words(body) == 12
    assert [reading_minutes(n) for n in (0, 114, 115, 345, 1380)] == [1, 1, 1, 2, 6]


def test_share_links_are_plain_links_with_the_encoded_address(seeded, client):
    html = client.get(SEED).content.decode()
    canonical = f"http://testserver{SEED}"
    section = html.split('class="share"')[1].split("</section>")[0]
    hrefs = [unescape(href) for href in re.findall(r'<a href="([^"]+)"', section)]
    by_host = {urlsplit(href).netloc or urlsplit(href).scheme: href for href in hrefs}
    assert set(by_host) == {"mailto", "www.linkedin.com", "x.com", "bsky.app"}
    for href in hrefs:
        assert quote(canonical, safe="") in href
    email = parse_qs(urlsplit(by_host["mailto"]).query)
    assert email["subject"] == ["Challenges of Modern Peacekeeping"]
    assert "%20" in by_host["mailto"] and "+" not in by_host["mailto"]
    assert parse_qs(urlsplit(by_host["x.com"]).query) == {
        "text": ["Challenges of Modern Peacekeeping"],
        "url": [canonical],
    }
    assert parse_qs(urlsplit(by_host["bsky.app"]).query)["text"] == [
        f"Challenges of Modern Peacekeeping {canonical}"
    ]


def test_the_page_loads_nothing_from_other_sites(seeded, client):
    html = client.get(SEED).content.decode()
    loaded = re.findall(r"<(?:script|img|iframe)\b[^>]*\bsrc=\"([^\"]*)\"", html)
    loaded += re.findall(
        r"<link\b[^>]*rel=\"(?:stylesheet|icon)\"[^>]*href=\"([^\"]*)\"", html
    )
    assert "/static/briefings/js/briefing-tools.js" in loaded
    assert all(src.startswith("/") and not src.startswith("//") for src in loaded)
    assert "<iframe" not in html and "<img" not in html


def test_copy_and_print_buttons_are_hidden_until_the_script_shows_them(seeded, client):
    html = client.get(SEED).content.decode()
    buttons = dict(
        (label, attributes)
        for attributes, label in re.findall(r"<button ([^>]*)>([^<]+)</button>", html)
    )
    for label in ("Copy citation", "Copy link", "Print"):
        assert re.search(r"\bhidden\b", buttons[label]), label
    assert 'data-copy-from="citation-text"' in buttons["Copy citation"]
    assert f'data-copy-text="http://testserver{SEED}"' in buttons["Copy link"]
    # Where "Citation copied" is announced.
    assert html.count('<span class="tools__status" role="status"></span>') == 2


def test_print_stylesheet_hides_the_tools_and_prints_link_addresses():
    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    print_rules = css.split("@media print {")[1].split("\n}\n")[0]
    hidden = print_rules.split("{ display: none !important; }")[0]
    for selector in (
        ".site-header nav",
        ".site-search",
        ".site-footer",
        ".share",
        ".tools",
        ".cite__downloads",
        "button",
    ):
        assert selector in hidden, selector
    assert '.briefing__body a[href^="http"]::after { content: " (" attr(href) ")"' in (
        print_rules
    )


def test_the_citation_carries_todays_access_date(seeded, client, on_3_december_2026):
    html = client.get(SEED).content.decode()
    assert (
        'Accessed <time class="cite__accessed" datetime="2026-12-03">'
        "3 December 2026</time>. http://testserver/briefings/" in html
    )
    assert (
        "Based on an original published by INEX. Accessed 3 December 2026. "
        f"http://testserver{SEED}"
    ) in read(client.get(SEED))


def test_citation_html_says_what_citation_text_says(seeded):
    page = BriefingPage.objects.get(slug="challenges-of-modern-peacekeeping")
    citation = citation_of(
        page, url="https://x.example/a&b", accessed=datetime.date(2026, 1, 2)
    )
    shown = unescape(re.sub(r"<[^>]+>", "", citation_html(citation)))
    assert shown == citation_text(citation)
    assert "&amp;b" in citation_html(citation)


def test_positions_are_shown_beside_participants_names(db, client):
    lacroix = make_participant(
        "Jean-Pierre Lacroix",
        kind="person",
        position="Under-Secretary-General for Peace Operations",
    )
    union = make_participant("African Union")
    page = make_briefing(participants=[(lacroix, "speaker"), (union, "host")])
    text = read(client.get(page.url))
    assert (
        "Jean-Pierre Lacroix, Under-Secretary-General for Peace Operations Speaker"
        in text
    )
    assert "African Union Host" in text


def test_editors_set_a_participants_position_in_the_admin(db, client):
    lacroix = make_participant("Jean-Pierre Lacroix", kind="person")
    client.force_login(make_staff("Editors"))
    form = client.get(f"/admin/snippets/briefings/participant/edit/{lacroix.pk}/")
    assert form.status_code == 200
    assert 'name="position"' in form.content.decode()


def test_seed_participants_show_their_positions(seeded, client):
    text = read(client.get(SEED))
    assert (
        "Jean-Pierre Lacroix, Under-Secretary-General for Peace Operations, "
        "United Nations Speaker"
    ) in text


def test_a_date_known_to_the_month_shows_as_the_month(
    own_briefings, client, on_3_december_2026
):
    poc = make_challenge()
    april = make_briefing(
        "A report of April",
        date=datetime.date(2008, 4, 1),
        date_precision="month",
        challenges=[poc],
    )
    other = make_briefing(date=datetime.date(2010, 1, 1), challenges=[poc])

    html = client.get(april.url).content.decode()
    assert header_meta(html).startswith("April 2008 ·")
    assert '<time datetime="2008-04">April 2008</time>' in html
    assert '<meta property="article:published_time" content="2008-04">' in html
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["datePublished"] == "2008-04"
    assert "“A report of April”. Briefing, April 2008." in read(client.get(april.url))
    assert "1 April 2008" not in unescape(html)

    related = client.get(other.url).content.decode().split('id="related-heading"')[1]
    assert '<time datetime="2008-04">April 2008</time>' in related

    listing = client.get("/briefings/").content.decode()
    card = listing.split(">A report of April</a>")[1].split("</article>")[0]
    assert '<time datetime="2008-04">April 2008</time>' in card
    assert "rft.date=2008-04&amp;" in card
