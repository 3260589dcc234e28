"""What search engines and link previews read: sitemap, robots.txt, page metadata."""

import json
import re
import xml.etree.ElementTree as ElementTree

from briefings.models import BriefingPage, Challenge, Participant

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_briefings_themes_and_participants(seeded, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    locations = {url.findtext(f"{SITEMAP}loc") for url in root}
    expected = {"http://testserver/", "http://testserver/briefings/"}
    expected |= {f"http://testserver{p.url}" for p in BriefingPage.objects.all()}
    expected |= {
        f"http://testserver{term.get_absolute_url()}"
        for term in [*Challenge.objects.all(), *Participant.objects.all()]
    }
    expected |= {"http://testserver/challenges/", "http://testserver/participants/"}
    assert locations == expected


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def json_ld(html: str) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S
    )
    return json.loads(match.group(1))


def test_briefing_page_has_title_description_and_opengraph(seeded, client):
    page = BriefingPage.objects.get(slug="challenges-of-modern-peacekeeping")
    html = client.get(page.url).content.decode()
    assert "<title>Challenges of Modern Peacekeeping · Institute" in html
    assert '<meta name="description" content="At a conference organised' in html
    assert '<meta property="og:title" content="Challenges of Modern Peacekeeping">' in (
        html
    )
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="http://testserver{page.url}">' in html
    assert f'<link rel="canonical" href="http://testserver{page.url}">' in html


def test_briefing_json_ld_is_about_its_challenges_and_mentions_participants(
    seeded, client
):
    page = BriefingPage.objects.get(slug="challenges-of-modern-peacekeeping")
    data = json_ld(client.get(page.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == page.title
    assert data["datePublished"] == "2017-09-01"
    assert [thing["name"] for thing in data["about"]] == [
        c.name for c in page.challenges.order_by("sort_order", "name")
    ]
    mentioned = {m["name"]: m["@type"] for m in data["mentions"]}
    assert mentioned["Jean-Pierre Lacroix"] == "Person"
    assert mentioned["Atlantic Commission"] == "Organization"
    assert mentioned["Mali"] == "Country"
    assert len(mentioned) == page.participant_links.count()


def test_json_ld_cannot_close_its_script_element(db):
    from briefings.metadata import briefing_json_ld
    from tests.support.factories import make_briefing

    page = make_briefing("</script><script>alert(1)</script>")
    text = briefing_json_ld(page, url="http://x/", challenges=[], participant_links=[])
    assert "</script>" not in text
    assert json.loads(text)["headline"] == page.title
