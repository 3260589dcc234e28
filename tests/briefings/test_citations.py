"""A briefing's citations, read back by the readers reference managers use:
bibtexparser for BibTeX, rispy for RIS, the CSL data schema for CSL-JSON, and
the Highwire `citation_*` tags Zotero's and Google Scholar's readers take."""

import datetime
import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs

import bibtexparser
import jsonschema
import pytest
import rispy

from tests.support.factories import make_briefing, make_participant

SEED = "/briefings/challenges-of-modern-peacekeeping/"
CSL_SCHEMA = json.loads(
    (Path(__file__).parents[1] / "support" / "schemas" / "csl-data.json").read_text()
)


def download(client, path, content_type):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response.content.decode()


def meta_tags(html: str) -> list[tuple[str, str]]:
    return [
        (name, unescape(content))
        for name, content in re.findall(
            r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', html
        )
    ]


def test_the_page_carries_highwire_tags_of_a_report(seeded, client):
    tags = meta_tags(client.get(SEED).content.decode())
    found = dict(tags)
    assert found["citation_title"] == "Challenges of Modern Peacekeeping"
    assert found["citation_publication_date"] == "2017/09/01"
    assert (
        found["citation_technical_report_institution"]
        == "Institute for Peace Operations"
    )
    assert found["citation_public_url"] == f"http://testserver{SEED}"
    assert "citation_author" not in found  # no participant is its author
    assert "Political solutions" in [v for k, v in tags if k == "citation_keywords"]


def test_bibtex_ris_and_csl_say_the_same(seeded, client):
    bib = bibtexparser.parse_string(
        download(client, f"{SEED}bibtex/", "application/x-bibtex")
    )
    assert not bib.failed_blocks
    (entry,) = bib.entries
    assert entry.entry_type == "techreport"
    assert entry["title"] == "{Challenges of Modern Peacekeeping}"
    assert entry["institution"] == "Institute for Peace Operations"
    assert (entry["year"], entry["month"]) == ("2017", "sep")

    (ris,) = rispy.loads(
        download(client, f"{SEED}ris/", "application/x-research-info-systems")
    )
    assert ris["type_of_reference"] == "RPRT"
    assert ris["title"] == "Challenges of Modern Peacekeeping"
    assert ris["date"] == "2017/09/01" and ris["year"] == "2017"
    assert ris["publisher"] == "Institute for Peace Operations"
    assert ris["urls"] == [f"http://testserver{SEED}"]
    assert "Political solutions" in ris["keywords"]

    csl = json.loads(
        download(client, f"{SEED}csl/", "application/vnd.citationstyles.csl+json")
    )
    jsonschema.validate(csl, CSL_SCHEMA)
    (item,) = csl
    assert item["type"] == "report"
    assert item["title"] == ris["title"]
    assert item["issued"] == {"date-parts": [[2017, 9, 1]]}
    assert item["publisher"] == "Institute for Peace Operations"
    assert item["id"] == entry.key


def test_authors_and_partial_dates_reach_every_format(own_briefings, client):
    author = make_participant("Wanjiru Kamau", kind="person", slug="wanjiru-kamau")
    page = make_briefing(
        "On mandates: {braces} & 100% of \\ them",
        date=datetime.date(2008, 4, 1),
        date_precision="month",
        participants=[(author, "author"), (make_participant("Panel"), "speaker")],
    )
    html = client.get(page.url).content.decode()
    tags = meta_tags(html)
    assert [v for k, v in tags if k == "citation_author"] == ["Wanjiru Kamau"]
    assert dict(tags)["citation_publication_date"] == "2008/04"
    (entry,) = bibtexparser.parse_string(
        download(client, f"{page.url}bibtex/", "application/x-bibtex")
    ).entries
    assert entry["author"] == "{Wanjiru Kamau}"
    assert (
        entry["title"] == r"{On mandates: \{braces\} \& 100\% of \textbackslash{} them}"
    )
    (ris,) = rispy.loads(
        download(client, f"{page.url}ris/", "application/x-research-info-systems")
    )
    assert ris["authors"] == ["Wanjiru Kamau"] and ris["date"] == "2008/04"
    (item,) = json.loads(
        download(client, f"{page.url}csl/", "application/vnd.citationstyles.csl+json")
    )
    assert item["issued"] == {"date-parts": [[2008, 4]]}
    assert item["author"] == [{"literal": "Wanjiru Kamau"}]
    assert "Wanjiru Kamau" in re.sub(r"<[^>]+>", " ", html.split("cite__text")[1])


def test_a_title_with_line_breaks_stays_one_ris_line(own_briefings, client):
    page = make_briefing("Two\nlines", summary="A summary\r\nTY  - JOUR")
    (ris,) = rispy.loads(
        download(client, f"{page.url}ris/", "application/x-research-info-systems")
    )
    assert ris["type_of_reference"] == "RPRT"
    assert ris["title"] == "Two lines"


def test_listing_cards_carry_coins_for_reference_managers(seeded, client):
    html = client.get("/briefings/?participant=jean-pierre-lacroix").content.decode()
    spans = re.findall(r'<span class="Z3988" title="([^"]*)"></span>', html)
    assert len(spans) == 3
    first = parse_qs(unescape(spans[0]))
    assert first["ctx_ver"] == ["Z39.88-2004"] and first["rft.genre"] == ["report"]
    assert first["rft.btitle"][0] in unescape(html) and first["rft_id"][0].startswith(
        "http"
    )


@pytest.mark.parametrize("route", ["bibtex/", "ris/", "csl/"])
def test_citations_of_a_draft_are_not_served(own_briefings, client, route):
    draft = make_briefing("Draft", live=False)
    assert (
        client.get(
            f"{draft.url or '/briefings/' + draft.slug + '/'}{route}"
        ).status_code
        == 404
    )


def test_every_format_carries_the_access_date(seeded, client, monkeypatch):
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda: datetime.date(2026, 12, 3)
    )
    bib = bibtexparser.parse_string(
        download(client, f"{SEED}bibtex/", "application/x-bibtex")
    )
    assert not bib.failed_blocks
    assert bib.entries[0]["urldate"] == "2026-12-03"
    (ris,) = rispy.loads(
        download(client, f"{SEED}ris/", "application/x-research-info-systems")
    )
    assert ris["access_date"] == "2026/12/03"
    csl = json.loads(
        download(client, f"{SEED}csl/", "application/vnd.citationstyles.csl+json")
    )
    jsonschema.validate(csl, CSL_SCHEMA)
    assert csl[0]["accessed"] == {"date-parts": [[2026, 12, 3]]}
    # The Highwire tags describe the briefing, not a reader's visit.
    assert "2026" not in str(meta_tags(client.get(SEED).content.decode()))
