"""How to cite a briefing: one citation record (`Citation`), and what is made of
it: a formatted reference, BibTeX, RIS, CSL-JSON and the Highwire `citation_*`
meta tags that Zotero and Google Scholar read. A briefing is cited as a report
of the institute; its authors are the participants in the role of author.

A citation of a web page carries the day the reader saw it (`Citation.accessed`):
the reference, BibTeX's `urldate`, RIS's `Y2` and CSL-JSON's `accessed`. It is
the day the server wrote the citation; pages and downloads are cached
(`institute.caching`), so that may be a day behind the reader's, which the
briefing page's script puts right (`briefing-tools.js`).

Shown in "Cite this briefing" on the briefing page and served as downloads.
"""

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .listing.dates import display_date

if TYPE_CHECKING:
    from .models import BriefingPage

BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")
BIBTEX_REPLACEMENTS = {
    "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
GENRE = "Briefing"


def publisher() -> str:
    """The institute's name, as the author of its briefings."""
    return settings.WAGTAIL_SITE_NAME


@dataclass(frozen=True)
class Citation:
    """What every citation format says of one briefing."""

    key: str
    title: str
    authors: list[str]
    institution: str
    date: datetime.date
    # "day", "month" or "year": how much of `date` the original gives.
    precision: str
    display_date: str
    url: str
    source: str
    summary: str
    keywords: list[str]
    # The day the reader saw the briefing, for a citation of it as a web page;
    # None in what describes the briefing alone (the Highwire tags).
    accessed: datetime.date | None = None

    @property
    def date_parts(self) -> list[int]:
        """Year, month, day, as far as the original gives them."""
        parts = [self.date.year, self.date.month, self.date.day]
        return parts[: {"year": 1, "month": 2}.get(self.precision, 3)]

    @property
    def slashed_date(self) -> str:
        """ "2017/09/01" (or "2017/09", "2017"), as RIS and Highwire write it."""
        return "/".join(
            f"{part:02d}" if i else str(part) for i, part in enumerate(self.date_parts)
        )


def citation_of(
    page: "BriefingPage",
    *,
    url: str,
    challenges=None,
    participant_links=None,
    accessed: datetime.date | None = None,
) -> Citation:
    """The citation record of `page`, with its challenges and participant links
    if the caller has them already (else they are read), seen on `accessed`."""
    if challenges is None:
        challenges = list(page.challenges.order_by("sort_order", "name"))
    if participant_links is None:
        participant_links = list(
            page.participant_links.select_related("participant").order_by("sort_order")
        )
    return Citation(
        key=bibtex_key(page),
        title=page.title,
        authors=[
            link.participant.name for link in participant_links if link.role == "author"
        ],
        institution=publisher(),
        date=page.date,
        precision=page.date_precision,
        display_date=page.display_date,
        url=url,
        source=page.source.name if page.source else "",
        summary=page.summary,
        keywords=[challenge.name for challenge in challenges],
        accessed=accessed,
    )


def reference_parts(citation: Citation) -> list[str]:
    """The reference's sentences before its access date and address: who,
    when, what, by whom."""
    who = "; ".join(citation.authors) or citation.institution
    parts = [f"{who} ({citation.date.year}). “{citation.title}”. {GENRE}"]
    if citation.precision != "year":
        parts[0] += f", {citation.display_date}"
    if citation.authors:
        parts.append(citation.institution)
    if citation.source:
        parts.append(f"Based on an original published by {citation.source}")
    return parts


def accessed_text(day: datetime.date) -> str:
    """ "3 December 2026", as the reference writes the access date."""
    return display_date(day, "day")


def citation_text(citation: Citation) -> str:
    """A reference in author–date style: who, when, what, when it was seen
    ("Accessed 3 December 2026", before the address as Chicago puts it, so
    that no full stop sticks to the URL), where."""
    parts = reference_parts(citation)
    if citation.accessed is not None:
        parts.append(f"Accessed {accessed_text(citation.accessed)}")
    parts.append(citation.url)
    return ". ".join(parts)


def citation_html(citation: Citation) -> SafeString:
    """`citation_text` as the briefing page shows it: the access date in a
    <time class="cite__accessed"> that the page's script sets to the reader's
    own day."""
    if citation.accessed is None:
        return format_html("{}", citation_text(citation))
    return format_html(
        '{}. Accessed <time class="cite__accessed" datetime="{}">{}</time>. {}',
        ". ".join(reference_parts(citation)),
        citation.accessed.isoformat(),
        accessed_text(citation.accessed),
        citation.url,
    )


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


def bibtex_entry(citation: Citation) -> str:
    """The briefing as a BibTeX @techreport entry."""
    if citation.authors:
        author = " and ".join("{" + bibtex_escape(a) + "}" for a in citation.authors)
    else:
        author = "{" + bibtex_escape(citation.institution) + "}"
    fields = [
        ("author", author),
        ("title", "{" + bibtex_escape(citation.title) + "}"),
        ("institution", bibtex_escape(citation.institution)),
        ("type", GENRE),
        ("year", str(citation.date.year)),
    ]
    if citation.precision != "year":
        fields.append(("month", MONTHS[citation.date.month - 1]))
    if citation.source:
        fields.append(
            (
                "note",
                f"Based on an original published by {bibtex_escape(citation.source)}",
            )
        )
    fields.append(("url", citation.url))
    if citation.accessed is not None:
        # biblatex's field (BibTeX's own styles pass over what they do not know).
        fields.append(("urldate", citation.accessed.isoformat()))
    lines = []
    for name, value in fields:
        bare = name in ("year", "month")
        lines.append(f"  {name} = {value if bare else '{' + value + '}'},")
    return "@techreport{" + citation.key + ",\n" + "\n".join(lines) + "\n}\n"


def ris_record(citation: Citation) -> str:
    """The briefing as an RIS record (a report: TY RPRT)."""

    def tag(name: str, value) -> str:
        # A value ends at its line's end: its own line breaks become spaces.
        return f"{name}  - {' '.join(str(value).split())}\r\n"

    lines = [tag("TY", "RPRT"), tag("TI", citation.title)]
    lines += [tag("AU", author) for author in citation.authors]
    if not citation.authors:
        lines.append(tag("A2", citation.institution))
    lines += [
        tag("PY", citation.date.year),
        tag("DA", citation.slashed_date),
        tag("PB", citation.institution),
        tag("M3", GENRE),
        tag("UR", citation.url),
        tag("AB", citation.summary),
    ]
    if citation.accessed is not None:
        lines.append(tag("Y2", citation.accessed.strftime("%Y/%m/%d")))
    lines += [tag("KW", keyword) for keyword in citation.keywords]
    if citation.source:
        lines.append(tag("N1", f"Based on an original published by {citation.source}"))
    lines.append(tag("ID", citation.key))
    return "".join(lines) + "ER  - \r\n"


def csl_json(citation: Citation) -> list[dict]:
    """The briefing as CSL-JSON (a list of one item), as citeproc reads it."""
    item = {
        "id": citation.key,
        "type": "report",
        "genre": GENRE,
        "title": citation.title,
        "publisher": citation.institution,
        "issued": {"date-parts": [citation.date_parts]},
        "URL": citation.url,
        "abstract": citation.summary,
        "keyword": ", ".join(citation.keywords),
    }
    if citation.authors:
        item["author"] = [{"literal": author} for author in citation.authors]
    else:
        item["author"] = [{"literal": citation.institution}]
    if citation.source:
        item["note"] = f"Based on an original published by {citation.source}"
    if citation.accessed is not None:
        accessed = citation.accessed
        item["accessed"] = {
            "date-parts": [[accessed.year, accessed.month, accessed.day]]
        }
    return [item]


def highwire_tags(citation: Citation) -> list[tuple[str, str]]:
    """The `citation_*` meta tags (name, content), in the order readers expect."""
    tags = [("citation_title", citation.title)]
    tags += [("citation_author", author) for author in citation.authors]
    tags += [
        ("citation_publication_date", citation.slashed_date),
        ("citation_technical_report_institution", citation.institution),
        ("citation_publisher", citation.institution),
        ("citation_public_url", citation.url),
        ("citation_abstract_html_url", citation.url),
        ("citation_language", "en"),
    ]
    tags += [("citation_keywords", keyword) for keyword in citation.keywords]
    return tags


def coins_title(*, title: str, date: str, url: str) -> str:
    """The `title` of a COinS span (OpenURL ContextObject) for a report, so that
    a reference manager can save it from a listing; `date` is "2017-09-01",
    "2017-09" or "2017" (OpenURL takes each), as precise as the original."""
    return urlencode(
        [
            ("ctx_ver", "Z39.88-2004"),
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"),
            ("rft.genre", "report"),
            ("rft.btitle", title),
            ("rft.date", date),
            ("rft.pub", publisher()),
            ("rft.aucorp", publisher()),
            ("rft_id", url),
        ]
    )
