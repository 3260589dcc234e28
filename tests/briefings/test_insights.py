"""/insights/: the charts' numbers are the listing's, honour its filters, link to
the briefings they count, and come as tables and CSV beside each chart."""

import csv
import io
import re
from collections import Counter
from html import unescape
from itertools import combinations

import pytest

from briefings.models import BriefingPage
from tests.support.factories import make_briefing, make_challenge


def table(html: str, heading_id: str) -> list[list[str]]:
    """The rows (header first) of the table in the section headed `heading_id`."""
    section = html.split(f'id="{heading_id}"')[1].split("</section>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section, flags=re.S)
    return [
        [unescape(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in rows
    ]


def listing_count(client, query: str) -> int:
    response = client.get(f"/api/v1/briefings/?{query}", HTTP_ACCEPT="application/json")
    return response.json()["count"]


def test_per_year_numbers_are_the_listings(seeded, client):
    html = client.get("/insights/").content.decode()
    rows = table(html, "per-year-heading")
    assert rows[0][:2] == ["Year", "Briefings"]
    years = {int(row[0]): int(row[1]) for row in rows[1:]}
    assert sum(years.values()) == BriefingPage.objects.live().count() == 5
    for year, n in years.items():
        assert listing_count(client, f"from={year}&to={year}") == n, year


def test_challenge_and_pair_numbers_match_the_briefings_tags(seeded, client):
    html = client.get("/insights/").content.decode()
    totals = {row[0]: int(row[1]) for row in table(html, "challenges-heading")[1:]}
    tags = {
        page.pk: {c.name for c in page.challenges.all()}
        for page in BriefingPage.objects.live()
    }
    expected = Counter(name for names in tags.values() for name in names)
    assert totals == {name: expected[name] for name in totals}
    assert list(totals.values()) == sorted(totals.values(), reverse=True)
    together = table(html, "together-heading")
    names = together[0][1:]
    pairs = Counter(
        pair for names_ in tags.values() for pair in combinations(sorted(names_), 2)
    )
    for row in together[1:]:
        for other, cell in zip(names, row[1:], strict=True):
            want = (
                expected[row[0]]
                if other == row[0]
                else pairs[tuple(sorted((row[0], other)))]
            )
            assert int(cell) == want, (row[0], other)


def test_the_filters_apply_and_each_bar_links_to_what_it_counts(seeded, client):
    html = client.get("/insights/?participant=african-union").content.decode()
    assert "3 briefings, filtered by participant “African Union”" in " ".join(
        unescape(re.sub(r"<[^>]+>", " ", html)).split()
    )
    bars = re.findall(
        r'<a href="([^"]+)"><text[^>]*class="chart__label">[^<]*</text>'
        r"<rect[^>]*><title>([^<]*): (\d+)</title>",
        html,
    )
    assert bars
    for href, _name, n in bars:
        query = unescape(href).split("?", 1)[1]
        assert "participant=african-union" in query
        assert listing_count(client, query) == int(n)


def test_a_theme_and_a_participant_have_their_own_insights(seeded, client):
    theme = client.get("/challenges/protection-of-civilians/insights/")
    assert theme.status_code == 200
    rows = table(theme.content.decode(), "challenges-heading")
    assert dict((r[0], int(r[1])) for r in rows[1:])["Protection of civilians"] == 2
    person = client.get("/participants/jean-pierre-lacroix/insights/").content.decode()
    assert "3 briefings" in person
    theme_page = client.get("/challenges/protection-of-civilians/").content.decode()
    assert 'href="/challenges/protection-of-civilians/insights/"' in theme_page
    for path in ("/challenges/no-such/insights/", "/participants/no-such/insights/"):
        assert client.get(path).status_code == 404


def test_each_charts_numbers_download_as_csv(seeded, client):
    html = client.get("/insights/?source=united-nations").content.decode()
    for chart, heading in [
        ("per-year", "per-year-heading"),
        ("challenges", "challenges-heading"),
        ("together", "together-heading"),
    ]:
        assert f'href="/insights/{chart}.csv?source=united-nations"' in html
        response = client.get(f"/insights/{chart}.csv?source=united-nations")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows == table(html, heading)
    assert client.get("/insights/no-such-chart.csv").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2030", "nothing to chart"),
        ("from=2018-02-30", "is not a date in the calendar"),
        ("challenge=no-such", "There is no challenge"),
    ],
)
def test_empty_and_bad_filters_say_so(seeded, client, query, message):
    response = client.get(f"/insights/?{query}")
    assert response.status_code == 200
    assert message in unescape(response.content.decode())


def test_names_are_escaped_in_the_charts(own_briefings, client):
    make_briefing(challenges=[make_challenge('<script>alert(1)</script> & "x"')])
    html = client.get("/insights/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in html


# Per year (1), per year and challenge (1), the top challenges' names (1), their
# pairs (1), the site's links (1, then kept).
INSIGHT_QUERIES = 5


def test_the_page_takes_a_fixed_number_of_queries(
    seeded, client, django_assert_num_queries
):
    client.get("/")
    with django_assert_num_queries(INSIGHT_QUERIES - 1):
        assert client.get("/insights/").status_code == 200
