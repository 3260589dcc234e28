"""The one rule for the HTML a briefing's body may hold, whatever path it came by.

Typed in the editor, imported from Markdown or loaded from the fixtures, a rich
text value passes `clean_rich_text` when it is saved and again when it is read
(`models.blocks.SafeRichTextBlock`), so an old revision stored before a rule
tightened renders clean too. The rule is Wagtail's rich text editor's: paragraphs,
bold, italic, line breaks and links; links to http, https and mailto addresses,
relative addresses and internal pages only. The importer asks `problems` first, so
that an article file breaking the rule is refused with a message rather than
quietly changed.

nh3 (the maintained binding of the Rust sanitizer ammonia) does the cleaning: a
hand-written HTML filter is where scripts get through.
"""

import re
from html.parser import HTMLParser

import nh3

TAGS = {"p", "b", "i", "a", "br"}
# `linktype` and `id` are how Wagtail stores a link to one of its own pages.
ATTRIBUTES = {"a": {"href", "linktype", "id"}}
URL_SCHEMES = {"http", "https", "mailto"}

# What browsers ignore inside a scheme ("jav\tascript:"), as Wagtail's own
# `wagtail.whitelist.check_url` strips it before looking at the scheme.
_IGNORED_IN_SCHEME = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+")
_SCHEME = re.compile(r"^([a-z0-9][-+.a-z0-9]*):")


# How the importer's Markdown writes the elements outside the allowlist.
MARKDOWN_NAMES = {
    "code": "code (`text`)",
    "hr": "a horizontal rule (***)",
    "ul": "a list inside a paragraph",
    "ol": "a list inside a paragraph",
    "li": "a list inside a paragraph",
    "pre": "a code block",
    "h1": "a heading inside a paragraph",
}


def clean_rich_text(html: str) -> str:
    """`html` with everything outside the allowlist removed."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def allowed_address(href: str) -> bool:
    """Whether a link may point there: an allowed scheme, or none (relative)."""
    match = _SCHEME.match(_IGNORED_IN_SCHEME.sub("", href.lower()))
    return match is None or match.group(1) in URL_SCHEMES


def problems(html: str) -> list[str]:
    """What `clean_rich_text` would remove from `html`, said for an editor."""
    finder = _ProblemFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


class _ProblemFinder(HTMLParser):
    """Collects the images, disallowed links and tags of a rich text value."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img":
            address = attributes.get("src") or ""
            self.problems.append(f"images are not allowed ({_quoted(address)})")
        elif tag not in TAGS:
            what = MARKDOWN_NAMES.get(tag, f"<{tag}>")
            self.problems.append(f"{what} is not allowed")
        elif tag == "a" and not allowed_address(attributes.get("href") or ""):
            self.problems.append(
                f"the link to {_quoted(attributes['href'])} is not allowed: links "
                "must be http, https, mailto or relative addresses"
            )


def _quoted(text: str, limit: int = 60) -> str:
    """`text` quoted for a message, cut short: an error must not echo a file."""
    return repr(text if len(text) <= limit else text[:limit] + "…")
