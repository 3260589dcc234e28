"""How to cite a briefing: a formatted reference and a BibTeX entry.

Shown in "Cite this briefing" on the briefing page and served as a .bib download.
"""

import re
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from .models import BriefingPage

BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")
BIBTEX_REPLACEMENTS = {
    "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def publisher() -> str:
    """The institute's name, as the author of its briefings."""
    return settings.WAGTAIL_SITE_NAME


def citation_text(page: "BriefingPage", *, url: str) -> str:
    """A reference in author–date style: who, when, what, where."""
    parts = [f"{publisher()} ({page.date.year}). “{page.title}”. Briefing"]
    if page.date_precision != "year":
        parts[0] += f", {page.display_date}"
    if page.source:
        parts.append(f"Based on an original published by {page.source.name}")
    parts.append(url)
    return ". ".join(parts)


def bibtex_key(page: "BriefingPage") -> str:
    """A citation key that stays the same for a briefing: slug and year."""
    return (
        f"{re.sub(r'[^a-z0-9]+', '-', page.slug.lower()).strip('-')}-{page.date.year}"
    )


def bibtex_escape(text: str) -> str:
    """`text` with BibTeX's special characters escaped."""
    return BIBTEX_SPECIAL.sub(
        lambda match: BIBTEX_REPLACEMENTS.get(match.group(1), "\\" + match.group(1)),
        text,
    )


def bibtex_entry(page: "BriefingPage", *, url: str) -> str:
    """The briefing as a BibTeX @misc entry."""
    fields = [
        ("author", "{" + bibtex_escape(publisher()) + "}"),
        ("title", "{" + bibtex_escape(page.title) + "}"),
        ("year", str(page.date.year)),
    ]
    if page.date_precision != "year":
        fields.append(("month", MONTHS[page.date.month - 1]))
    fields.append(("howpublished", "Briefing"))
    if page.source:
        fields.append(
            (
                "note",
                f"Based on an original published by {bibtex_escape(page.source.name)}",
            )
        )
    fields.append(("url", url))
    lines = []
    for name, value in fields:
        bare = name in ("year", "month")
        lines.append(f"  {name} = {value if bare else '{' + value + '}'},")
    return "@misc{" + bibtex_key(page) + ",\n" + "\n".join(lines) + "\n}\n"
