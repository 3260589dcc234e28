"""`export.csv` and `export.json` beside every listing: the listing's briefings,
streamed in chunks, readable by a spreadsheet and never a formula in it."""

import csv
import datetime
import io
import json
from urllib.parse import urlsplit

import pytest

from briefings import exports
from tests.support.factories import (
    make_briefing,
    make_challenge,
    make_participant,
    make_source,
)
from tests.support.html import listed_links


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.streaming
    return b"".join(response.streaming_content), response


def csv_rows(client, path) -> list[dict]:
    body, response = download(client, path)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert body.startswith("\ufeff".encode())  # spreadsheets then read UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "participant=jean-pierre-lacroix",
        "challenge=political-solutions&from=2018",
        "q=peacekeeping",
        "sort=oldest&source=united-nations",
    ],
)
def test_the_csv_holds_the_listings_briefings_one_row_each(seeded, client, query):
    rows = csv_rows(client, f"/briefings/export.csv?{query}")
    listed = listed_links(client.get(f"/briefings/?{query}"))
    assert sorted(urlsplit(row["url"]).path for row in rows) == sorted(listed)
    assert rows, query
    assert list(rows[0]) == exports.COLUMNS
    if "sort=oldest" in query:
        assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_a_row_names_the_briefings_terms(seeded, client):
    rows = csv_rows(client, "/briefings/export.csv?participant=jean-pierre-lacroix")
    row = next(r for r in rows if r["date"] == "2017-09-01")
    assert row["title"] == "Challenges of Modern Peacekeeping"
    assert row["source"] == "INEX"
    assert "Political solutions" in row["challenges"].split("; ")
    assert any(
        p.startswith("Jean-Pierre Lacroix (") for p in row["participants"].split("; ")
    )


def test_theme_and_participant_pages_export_their_own_briefings(seeded, client):
    theme = csv_rows(client, "/challenges/protection-of-civilians/export.csv")
    page = client.get("/challenges/protection-of-civilians/")
    assert sorted(urlsplit(r["url"]).path for r in theme) == sorted(listed_links(page))
    body, _ = download(client, "/participants/african-union/export.json?from=2017")
    records = json.loads(body)
    assert len(records) == 2 and all(r["date"] >= "2017-01-01" for r in records)
    assert all(
        "african-union" in [p["slug"] for p in r["participants"]] for r in records
    )
    for path in ("/challenges/no-such/export.csv", "/participants/no-such/export.json"):
        assert client.get(path).status_code == 404
    assert client.get("/no-such-listing/export.csv").status_code == 404


def test_the_json_export_is_the_apis_records(seeded, client):
    body, response = download(
        client, "/briefings/export.json?challenge=political-solutions"
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    records = json.loads(body)
    api = client.get(
        "/api/v1/briefings/?challenge=political-solutions",
        HTTP_ACCEPT="application/json",
    ).json()["results"]
    assert records == api


def test_cells_a_spreadsheet_would_run_are_made_text(own_content, client):
    make_briefing(
        '=HYPERLINK("http://evil.example","click")',
        summary="+1 and more",
        source=make_source("@source"),
        challenges=[make_challenge("-2 theme")],
        participants=[(make_participant("\tTabbed"), "speaker")],
    )
    (row,) = csv_rows(client, "/briefings/export.csv")
    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["summary"] == "'+1 and more"
    assert row["source"] == "'@source"
    assert row["challenges"] == "'-2 theme"
    assert row["participants"] == "'\tTabbed (speaker)"


def test_chunks_list_each_briefing_once_in_order(own_briefings, client, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 2)
    same_day = datetime.date(2020, 5, 5)
    for number in range(5):
        make_briefing(f"Same day {number}", date=same_day)
    make_briefing("Earlier", date=datetime.date(2019, 1, 1))
    newest = csv_rows(client, "/briefings/export.csv")
    oldest = csv_rows(client, "/briefings/export.csv?sort=oldest")
    assert len(newest) == len({r["url"] for r in newest}) == 6
    assert [r["url"] for r in oldest] == [r["url"] for r in reversed(newest)]
    assert newest[-1]["title"] == "Earlier"
    assert [r["url"] for r in newest] == [
        f"http://testserver{path}" for path in listed_links(client.get("/briefings/"))
    ]


def test_listings_link_to_their_exports(seeded, client):
    html = client.get("/briefings/?challenge=political-solutions").content.decode()
    assert 'href="/briefings/export.csv?challenge=political-solutions"' in html
    assert 'href="/briefings/export.json?challenge=political-solutions"' in html
    theme = client.get("/challenges/political-solutions/").content.decode()
    assert 'href="/challenges/political-solutions/export.csv"' in theme
