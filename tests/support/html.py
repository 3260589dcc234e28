"""Reading what a page shows: its visible text, a listing's titles and counts."""

import re
from html import unescape

from django.conf import settings

# The seed content's article files (fixtures/briefings/).
SEED_ARTICLES = sorted((settings.FIXTURES_CONTENT_DIR / "briefings").glob("*.md"))


def text_of(response) -> str:
    """The page's visible text, tags stripped and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def listed_titles(response) -> list[str]:
    """The titles of a listing's cards, in order."""
    html = response.content.decode()
    titles = re.findall(r'class="card__title"><a href="[^"]*">([^<]*)</a>', html)
    return [unescape(title) for title in titles]


def facet_count(response, name: str, slug: str) -> int | None:
    """The count shown beside a filter option, or None when it is not offered."""
    html = response.content.decode()
    match = re.search(
        rf'id="filter-{name}-{re.escape(slug)}"[^>]*> <label[^>]*>[^<]*'
        r'<span class="count">\((\d+)',
        html,
    )
    return int(match.group(1)) if match else None


def listed_links(response) -> list[str]:
    """The addresses of a listing's cards, in order."""
    html = response.content.decode()
    return [
        unescape(href)
        for href in re.findall(r'class="card__title"><a href="([^"]*)"', html)
    ]
