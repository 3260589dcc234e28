"""The public read API: the listing's briefings through the listing's own
parameters, one briefing with its body, the vocabularies with their counts; JSON
errors; open to other origins; rate-limited per client address."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from rest_framework.settings import api_settings
from wagtail.models import PageViewRestriction

from briefings.api.paging import MAX_PAGE_SIZE
from tests.support.factories import make_briefing, make_challenge, make_participant
from tests.support.html import listed_links

API = "/api/v1/briefings/"


def api_get(client, path, data=None, **headers):
    response = client.get(path, data, HTTP_ACCEPT="application/json", **headers)
    assert response["Content-Type"].startswith("application/json"), path
    return response


def paths(response) -> list[str]:
    return [urlsplit(item["url"]).path for item in response.json()["results"]]


def test_a_participants_briefings_come_with_their_terms(seeded, client):
    response = api_get(client, API, {"participant": "jean-pierre-lacroix"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["count_is_exact"]
    assert [item["date"] for item in body["results"]] == sorted(
        (item["date"] for item in body["results"]), reverse=True
    )
    for item in body["results"]:
        assert "jean-pierre-lacroix" in [p["slug"] for p in item["participants"]]
        assert item["title"] and item["summary"] and item["source"]["name"]
        assert all(
            c["url"].startswith("http://testserver/challenges/")
            for c in item["challenges"]
        )
    lacroix = next(
        p
        for p in body["results"][0]["participants"]
        if p["slug"] == "jean-pierre-lacroix"
    )
    assert lacroix["role"] and lacroix["kind"] == "person"


# Query strings of every kind: one filter, repeated and combined filters, dates
# as years and days, searches in both orders.
QUERIES = [
    "",
    "challenge=political-solutions",
    "challenge=political-solutions&challenge=protection-of-civilians",
    "participant=african-union&source=united-nations",
    "from=2018",
    "from=2017-09-02&to=2019",
    "to=2018-12-31&sort=oldest",
    "q=peacekeeping",
    "q=peacekeeping&sort=newest",
    "q=regional+organisations&challenge=political-solutions",
    "participant=jean-pierre-lacroix&from=2016&sort=oldest",
    "q=nothing-matches-this",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_lists_what_the_listing_lists(seeded, client, query):
    page = client.get(f"/briefings/?{query}")
    listed = api_get(client, f"{API}?{query}")
    assert listed.status_code == 200
    assert paths(listed) == listed_links(page)
    assert listed.json()["count"] == len(listed_links(page))


def test_pages_and_page_size(seeded, client):
    first = api_get(client, API, {"page_size": 2}).json()
    second = api_get(client, first["next"]).json()
    last = api_get(client, second["next"]).json()
    assert first["count"] == 5 and first["previous"] is None
    assert [len(p["results"]) for p in (first, second, last)] == [2, 2, 1]
    assert last["next"] is None and last["page"] == 3
    everything = api_get(client, API, {"page_size": MAX_PAGE_SIZE}).json()
    assert [i["url"] for p in (first, second, last) for i in p["results"]] == [
        i["url"] for i in everything["results"]
    ]


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"from": "2018-02-30"}, 400, "2018-02-30 is not a date in the calendar."),
        ({"from": "2019", "to": "2018"}, 400, "The end date is before the start date"),
        ({"challenge": "no-such-theme"}, 400, "There is no challenge “no-such-theme”."),
        ({"q": "peace\x00keeping"}, 400, "Null characters are not allowed."),
        ({"sort": "random"}, 400, "Select a valid choice."),
        ({"page": "999999"}, 404, "There is no page 999999: the last is 1."),
        ({"page": "0"}, 400, "page: Enter a number between 1."),
        ({"page": "two"}, 400, "page: Enter a whole number."),
        (
            {"page_size": "1000"},
            400,
            f"page_size: Enter a number between 1 and {MAX_PAGE_SIZE}.",
        ),
    ],
)
def test_bad_parameters_are_json_errors_that_say_what_is_wrong(
    seeded, client, query, status, message
):
    response = api_get(client, API, query)
    assert response.status_code == status
    assert message in response.json()["message"]


def test_unknown_briefing_is_a_json_404(seeded, client):
    response = api_get(client, f"{API}no-such-briefing/")
    assert response.status_code == 404
    assert response.json() == {
        "message": "There is no published briefing “no-such-briefing”."
    }


def test_a_briefing_has_its_body_as_html_and_as_text(seeded, client):
    response = api_get(client, f"{API}challenges-of-modern-peacekeeping/")
    assert response.status_code == 200
    item = response.json()
    assert item["title"] == "Challenges of Modern Peacekeeping"
    assert item["date"] == "2017-09-01"
    assert "<p>" in item["body_html"] and "<" not in item["body_text"]
    assert "Lacroix" in item["body_text"] and len(item["body_text"]) > 1_000


def test_drafts_private_and_unpublished_briefings_never_appear(db, client):
    theme = make_challenge("Hidden theme", slug="hidden-theme")
    person = make_participant("Hidden Person", slug="hidden-person")
    terms = {"challenges": [theme], "participants": [(person, "speaker")]}
    make_briefing("Shown", slug="shown", date=datetime.date(2020, 1, 1))
    make_briefing("Draft", slug="draft", live=False, **terms)
    private = make_briefing("Private", slug="private", **terms)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    gone = make_briefing("Gone", slug="gone", **terms)
    gone.unpublish()
    listed = api_get(client, API, {"page_size": MAX_PAGE_SIZE}).json()
    titles = [item["title"] for item in listed["results"]]
    assert "Shown" in titles
    assert not {"Draft", "Private", "Gone"} & set(titles)
    for slug in ("draft", "private", "gone"):
        assert api_get(client, f"{API}{slug}/").status_code == 404
    assert api_get(client, f"{API}shown/").status_code == 200
    # Their terms are named nowhere in the API either.
    for path in ("/api/v1/challenges/", "/api/v1/participants/"):
        body = api_get(client, path, {"page_size": MAX_PAGE_SIZE}).content.decode()
        assert "hidden-" not in body
    assert api_get(client, API, {"challenge": "hidden-theme"}).status_code == 400


def test_vocabularies_come_with_their_briefing_counts(seeded, client):
    challenges = api_get(client, "/api/v1/challenges/").json()["results"]
    by_slug = {c["slug"]: c for c in challenges}
    assert by_slug["political-solutions"]["briefings"] == 3
    assert by_slug["political-solutions"]["url"].endswith(
        "/challenges/political-solutions/"
    )
    listed = api_get(client, API, {"challenge": "protection-of-civilians"}).json()
    assert by_slug["protection-of-civilians"]["briefings"] == listed["count"]
    sources = api_get(client, "/api/v1/sources/").json()["results"]
    assert {s["slug"]: s["briefings"] for s in sources}["united-nations"] == 3
    participants = api_get(client, "/api/v1/participants/", {"page_size": 100}).json()
    au = next(p for p in participants["results"] if p["slug"] == "african-union")
    assert au["briefings"] == 3 and au["kind"] == "organisation"
    assert [p["name"] for p in participants["results"]] == sorted(
        p["name"] for p in participants["results"]
    )


def test_other_origins_may_read_it(seeded, client):
    response = api_get(client, API, HTTP_ORIGIN="https://researcher.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        API,
        HTTP_ORIGIN="https://researcher.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_writes_are_refused(seeded, client):
    assert client.post(API, {}).status_code == 405
    assert client.delete(f"{API}challenges-of-modern-peacekeeping/").status_code == 405


def test_each_client_address_has_its_own_rate_limit(seeded, client, monkeypatch):
    from briefings.api.throttling import ClientAddressThrottle

    monkeypatch.setattr(ClientAddressThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    for _ in range(3):
        assert api_get(client, API, REMOTE_ADDR="192.0.2.1").status_code == 200
    refused = api_get(client, API, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    assert "Request was throttled" in refused.json()["message"]
    assert int(refused["Retry-After"]) > 0
    assert api_get(client, API, REMOTE_ADDR="192.0.2.2").status_code == 200
    # Behind nginx, the address nginx saw counts, not the proxy's.
    assert api_get(client, API, HTTP_X_REAL_IP="192.0.2.3").status_code == 200
    assert api_settings.DEFAULT_THROTTLE_CLASSES == [ClientAddressThrottle]


# The challenge filtered by (1), the listing's count (1), its rows (2: keys,
# then rows), the terms its items name (1) and the participants' roles (1); the
# same for any page size.
LIST_QUERIES = 6


@pytest.mark.parametrize("size", [1, 5])
def test_a_page_of_briefings_takes_a_fixed_number_of_queries(
    seeded, client, django_assert_num_queries, size
):
    with django_assert_num_queries(LIST_QUERIES):
        response = api_get(
            client, API, {"page_size": size, "challenge": "political-solutions"}
        )
    assert len(response.json()["results"]) == min(size, 3)


def test_the_schema_and_its_docs_are_served_from_the_site(seeded, client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/briefings/",
        "/api/v1/briefings/{slug}/",
        "/api/v1/challenges/",
        "/api/v1/participants/",
        "/api/v1/sources/",
    }
    names = {
        p["name"] for p in schema["paths"]["/api/v1/briefings/"]["get"]["parameters"]
    }
    assert names == {
        "q",
        "challenge",
        "participant",
        "source",
        "from",
        "to",
        "sort",
        "page",
        "page_size",
    }
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert sources and all(
        src.startswith("/") and not src.startswith("//") for src in sources
    )
    assert "<script>" not in html  # the strict policy allows no inline script
    assert "script-src 'self'" in docs["Content-Security-Policy"]
