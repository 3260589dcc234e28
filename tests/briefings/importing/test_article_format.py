"""The fixtures' article format: what parses, and the message for what does not."""

import datetime

import pytest

from briefings.importing.article_format import ArticleFormatError, parse_article

VALID = """---
title: Peacekeeping at a crossroads
slug: peacekeeping-at-a-crossroads
date: "2017-09-01"
source: inex
summary: The Under-Secretary-General set out three challenges.
challenges: [political-solutions]
participants:
  - {participant: jean-pierre-lacroix, role: speaker}
---
The main challenges are:

1. Political solutions;
2. Security;

3. Resources.

## Public image

A paragraph with **bold**, *italic* and a [link](https://example.org).

> Peacekeeping works.
> — The Secretary-General
"""


def test_valid_article_becomes_blocks_in_order():
    article = parse_article(VALID, path="a.md")
    assert article.title == "Peacekeeping at a crossroads"
    assert article.date == datetime.date(2017, 9, 1)
    assert article.participants == [("jean-pierre-lacroix", "speaker")]
    types = [block["type"] for block in article.body]
    assert types == ["paragraph", "list", "heading", "paragraph", "quote"]
    numbered = article.body[1]["value"]
    assert numbered["style"] == "numbered"
    # Items separated by a blank line stay in one list.
    assert len(numbered["items"]) == 3
    assert "<b>bold</b>" in article.body[3]["value"]
    assert '<a href="https://example.org">link</a>' in article.body[3]["value"]
    assert article.body[4]["value"] == {
        "text": "Peacekeeping works.",
        "attribution": "The Secretary-General",
    }


def test_raw_html_in_the_body_is_escaped():
    text = VALID.replace("Peacekeeping works.", "<script>alert(1)</script>")
    text = text.replace("A paragraph", "<img src=x onerror=alert(1)> A paragraph")
    article = parse_article(text, path="a.md")
    assert "<img" not in article.body[3]["value"]
    assert "&lt;img" in article.body[3]["value"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("title: Peacekeeping at a crossroads\n", ""),
            "missing required key(s): title",
        ),
        (('date: "2017-09-01"', 'date: "2017-02-30"'), "'date' must be a date"),
        (('date: "2017-09-01"', "date: last autumn"), "'date' must be a date"),
        (("source: inex", "source: inex\nauthor: someone"), "unknown key(s): author"),
        (("role: speaker", "role: keynote"), "unknown role 'keynote'"),
        (("slug: peacekeeping-at-a-crossroads", "slug: Not A Slug"), "'slug' must be"),
        (("---\ntitle", "title"), "no front matter"),
        (("summary: The", "summary: [The"), "not valid YAML"),
    ],
)
def test_malformed_article_names_file_and_problem(change, message):
    old, new = change
    with pytest.raises(ArticleFormatError) as caught:
        parse_article(VALID.replace(old, new, 1), path="fixtures/briefings/bad.md")
    assert str(caught.value).startswith("bad.md: ")
    assert message in str(caught.value)


def test_participant_listed_twice_is_rejected():
    text = VALID.replace(
        "  - {participant: jean-pierre-lacroix, role: speaker}\n",
        "  - {participant: jean-pierre-lacroix, role: speaker}\n"
        "  - {participant: jean-pierre-lacroix, role: author}\n",
    )
    with pytest.raises(ArticleFormatError, match="listed twice"):
        parse_article(text, path="a.md")


def test_nul_byte_is_rejected():
    with pytest.raises(ArticleFormatError, match="NUL"):
        parse_article(VALID + "\x00", path="a.md")
