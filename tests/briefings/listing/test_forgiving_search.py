"""A forgiving search, the same on PostgreSQL and SQLite: English stemming, "Did
you mean" for a search that finds nothing, and the passage each result
matched, with the matched words marked."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from briefings.listing import vocabulary
from briefings.listing.build import listing_filterset
from briefings.listing.passages import SIZE, passage
from briefings.listing.read_model import SearchWord
from briefings.listing.stemming import STOP_WORDS, stem, tokens
from tests.support.factories import make_briefing, make_challenge
from tests.support.html import SEED_ARTICLES, listed_titles, text_of

BALKANS = "western-balkans-peacekeeping-roundtable-sarajevo"
BAN = "ban-ki-moon-collaboration-regional-organizations"
HIGH_LEVEL = "high-level-meeting-action-for-peacekeeping"
MODERN = "challenges-of-modern-peacekeeping"
TRIANGULAR = "security-council-debate-triangular-cooperation"

# What searches of the seed content find, whichever database runs the suite:
# other forms of a word find it ("protecting": "protection", "peacekeeper":
# "peacekeepers"), stop words count for nothing.
SEED_SEARCHES = {
    "protecting": [HIGH_LEVEL, BALKANS],
    "peacekeeper": [BAN, MODERN, HIGH_LEVEL, TRIANGULAR, BALKANS],
    "civilian": [BAN, HIGH_LEVEL, BALKANS],
    "regional organisations": [BAN, MODERN, HIGH_LEVEL, TRIANGULAR],
    "women and peace": [HIGH_LEVEL],
    "mandated": [MODERN, TRIANGULAR, BALKANS],
    "troops": [HIGH_LEVEL, TRIANGULAR],
    "the": [],
}


def slugs(query: str) -> list[str]:
    """The slugs of the briefings a query string lists, sorted."""
    filterset = listing_filterset(filters=QueryDict(query))
    return sorted(entry.card.path.strip("/").split("/")[-1] for entry in filterset.qs)


def passages_of(response) -> list[str]:
    """The passages a listing's cards show, as HTML."""
    return re.findall(
        r'<p class="card__passage">(.*?)</p>', response.content.decode(), re.S
    )


# -- stemming ------------------------------------------------------------------


@pytest.mark.parametrize("query, expected", SEED_SEARCHES.items())
def test_seed_searches_find_the_same_briefings_on_every_database(
    seeded, query, expected
):
    assert slugs(f"q={query}") == sorted(expected), connection.vendor


def test_plural_finds_singular_and_verb_finds_noun(db):
    calendar = make_briefing(body_text="The parties agreed an electoral calendar.")
    witnesses = make_briefing(body_text="The protection of witnesses was debated.")
    assert slugs("q=calendars") == [calendar.slug]
    assert slugs("q=protecting+witness") == [witnesses.slug]
    assert slugs("q=Calendar") == [calendar.slug]


def test_words_are_matched_whole_not_inside_other_words(db):
    make_briefing(body_text="A calendar was agreed.")
    assert slugs("q=calend") == []
    assert slugs("q=lend") == []


def test_a_search_of_stop_words_alone_finds_nothing(seeded, client):
    response = client.get("/briefings/?q=the+of")
    assert listed_titles(response) == []
    assert "0 briefings" in text_of(response)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="compares with PostgreSQL's stemmer"
)
def test_python_stems_the_seed_content_as_postgresql_does(db):
    words = set()
    for article in SEED_ARTICLES:
        words.update(tokens(article.read_text()))
    words = sorted(words - STOP_WORDS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ts_lexize('english_stem', word) "
            "FROM unnest(%s::text[]) AS word",
            [words],
        )
        theirs = dict(cursor.fetchall())
    assert len(words) > 500
    assert {word: stem(word) for word in words} == {
        word: (lexemes or [None])[0] for word, lexemes in theirs.items()
    }


# -- did you mean ----------------------------------------------------------------


def test_misspelt_search_that_finds_nothing_suggests_a_correction(seeded, client):
    response = client.get("/briefings/?q=civillians")
    html = response.content.decode()
    assert listed_titles(response) == []
    assert (
        '<p class="suggestion">Did you mean '
        '<a href="/briefings/?q=civilians#results">civilians</a>?</p>'
    ) in html
    followed = client.get("/briefings/?q=civilians")
    assert len(listed_titles(followed)) == len(SEED_SEARCHES["civilian"])


def test_suggestion_corrects_only_the_misspelt_words(seeded, client):
    html = client.get("/briefings/?q=Protection+of+civillians").content.decode()
    assert (
        'Did you mean <a href="/briefings/?q=protection+of+civilians#results">'
        "protection of civilians</a>?"
    ) in html


def test_suggestion_keeps_the_other_filters(seeded, client):
    html = client.get(
        "/briefings/?q=civillians&challenge=protection-of-civilians&sort=oldest"
    ).content.decode()
    assert (
        '<a href="/briefings/?q=civilians&amp;challenge=protection-of-civilians'
        '&amp;sort=oldest#results">civilians</a>'
    ) in html


def test_no_suggestion_when_the_search_finds_briefings(seeded, client):
    response = client.get("/briefings/?q=civilians")
    assert listed_titles(response)
    assert "Did you mean" not in response.content.decode()


def test_no_suggestion_when_the_correction_finds_nothing_either(seeded, client):
    for query in ("q=civillians&from=2030", "q=qqxzvw", "q=the"):
        html = client.get(f"/briefings/?{query}").content.decode()
        assert "Did you mean" not in html, query


def test_vocabulary_follows_publishing_and_renaming(db):
    briefing = make_briefing(body_text="Delegates from Zanzibarian ports met.")
    assert SearchWord.objects.get(word="zanzibarian").n == 1
    assert vocabulary.closest(["zanzibarien"]) == {"zanzibarien": "zanzibarian"}
    briefing.unpublish()
    assert SearchWord.objects.get(word="zanzibarian").n == 0
    assert vocabulary.closest(["zanzibarien"]) == {}
    challenge = make_challenge("Quixotic mandates")
    assert SearchWord.objects.get(word="quixotic").n == 1
    challenge.name = "Xylophonic mandates"
    challenge.save()
    assert SearchWord.objects.get(word="quixotic").n == 0
    assert SearchWord.objects.get(word="xylophonic").n == 1
    # test_read_model_exactness compares the kept counts with a rebuild's.


# -- the passage that matched ----------------------------------------------------


def test_search_result_shows_the_passage_around_the_match_marked(db, client):
    before = " ".join(f"before{number}" for number in range(40))
    after = " ".join(f"after{number}" for number in range(40))
    make_briefing(
        summary="A summary that does not say it.",
        body_text=f"{before} The electoral calendars were agreed. {after}",
    )
    (shown,) = passages_of(client.get("/briefings/?q=calendar"))
    assert "<mark>calendars</mark> were agreed." in shown
    assert shown.startswith("… ") and shown.endswith(" …")
    assert len(re.sub(r"<[^>]+>", "", shown).split()) == SIZE + 2  # and the "…"s
    assert "A summary that does not say it." not in shown


def test_passage_comes_from_the_summary_when_it_matches(db, client):
    make_briefing(
        summary="The parties agreed a calendar.",
        body_text="The calendar was then published.",
    )
    (shown,) = passages_of(client.get("/briefings/?q=calendars+agreed"))
    assert shown == "The parties <mark>agreed</mark> a <mark>calendar</mark>."


def test_passage_text_is_escaped_before_it_is_marked(db, client):
    make_briefing(
        summary="Nothing here.",
        body_text="Officials quoted &lt;script&gt;alert(1)&lt;/script&gt; "
        "&amp; a calendar.",
    )
    response = client.get("/briefings/?q=calendar")
    (shown,) = passages_of(response)
    assert shown == (
        "Officials quoted &lt;script&gt;alert(1)&lt;/script&gt; &amp; a "
        "<mark>calendar</mark>."
    )
    assert "<script>alert" not in response.content.decode()


def test_no_passage_without_a_search(seeded, client):
    html = client.get("/briefings/").content.decode()
    assert "card__passage" not in html
    assert "<mark>" not in html


def test_search_matching_only_the_title_shows_the_summary(db, client):
    make_briefing("Calendar talks", summary="Talks were held.", body_text="None.")
    response = client.get("/briefings/?q=calendar")
    assert passages_of(response) == []
    assert "<p>Talks were held.</p>" in response.content.decode()


def test_passage_marks_every_form_of_the_words_and_no_stop_word():
    found = passage(["The calendar of calendars, calendared."], ["calendaring", "of"])
    assert found.html() == (
        "The <mark>calendar</mark> of <mark>calendars</mark>, <mark>calendared</mark>."
    )
    assert passage(["Nothing to see."], ["calendar"]) is None


# -- whatever a reader types -------------------------------------------------------

NO_WORD = "There is no word in this search; it was left out."


def test_a_misspelt_search_past_its_last_page_still_offers_the_correction(
    seeded, client
):
    response = client.get("/briefings/?q=civillians&page=999999")
    assert response.status_code == 200
    assert listed_titles(response) == []
    html = response.content.decode()
    assert 'Did you mean <a href="/briefings/?q=civilians#results">' in html


def test_a_search_past_its_last_page_shows_its_last_page(seeded, client):
    first = client.get("/briefings/?q=civilians")
    far = client.get("/briefings/?q=civilians&page=999999")
    assert far.status_code == 200
    assert listed_titles(far) == listed_titles(first)
    assert "999999" not in far.content.decode()


# Characters with a meaning to PostgreSQL's tsquery or to SQL only separate
# words: "civilian | troops" finds briefings with both, "!civilian" is no "not".
@pytest.mark.parametrize("mark", [*"&|!:*()'\\\"%_;<>-", ":*", "<->", "';--"])
def test_query_syntax_characters_only_separate_words(seeded, client, mark):
    both = sorted(set(SEED_SEARCHES["civilian"]) & set(SEED_SEARCHES["troops"]))
    for typed in (f"civilian{mark}troops", f"{mark}civilian {mark} troops{mark}"):
        query = urlencode({"q": typed})
        assert client.get(f"/briefings/?{query}").status_code == 200, typed
        assert slugs(query) == both, typed


@pytest.mark.parametrize("typed", ["!!!", "&|!:*()'", "___", "…", "\u200b"])
def test_a_search_without_a_word_says_so_and_lists_every_briefing(
    seeded, client, typed
):
    everything = listed_titles(client.get("/briefings/"))
    response = client.get(f"/briefings/?{urlencode({'q': typed})}")
    assert response.status_code == 200
    assert NO_WORD in response.content.decode()
    assert listed_titles(response) == everything
    assert "Did you mean" not in response.content.decode()
    # The API, which takes the same filters, refuses it with the same message.
    api = client.get("/api/v1/briefings/", {"q": typed}, HTTP_ACCEPT="application/json")
    assert api.status_code == 400
    assert NO_WORD in api.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ("q=civil%00ians", "Null characters are not allowed."),
        ("q=%00", "Null characters are not allowed."),
        ("q=" + "civillians+" * 910, "at most 200 characters"),
    ],
)
def test_a_search_refused_offers_no_correction(seeded, client, query, message):
    response = client.get(f"/briefings/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Did you mean" not in html
    assert listed_titles(response) == listed_titles(client.get("/briefings/"))


def test_accented_words_are_found_and_offered(db, client):
    make_briefing(body_text="The delegates met in Genève and Bogotá.")
    for typed in ("Genève", "GENÈVE", "bogotá"):
        assert len(listed_titles(client.get(f"/briefings/?q={typed}"))) == 1, typed
    html = client.get("/briefings/?q=geneve").content.decode()
    assert 'Did you mean <a href="/briefings/?q=gen%C3%A8ve#results">genève</a>' in html


# -- what it costs -----------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# A search by relevance: Wagtail's site, home page, the briefings index and the
# privacy restrictions on the way (4); the count and every facet (1); the
# headline matches' keys, how many there are, the other matches' keys (3); the
# page's rows, with the text its passages are cut from (1); the terms its cards
# and facets name (1). One that finds nothing reads no rows or terms, but the
# vocabulary (1), and whether the correction finds a briefing (1) if it has one.
SEARCH_QUERIES = 10
NOTHING_FOUND_QUERIES = 4 + 1 + 1
CORRECTED_QUERIES = NOTHING_FOUND_QUERIES + 1


def test_passages_cost_no_query_and_a_suggestion_two(seeded, client):
    client.get("/")  # Wagtail's sites and the site's addresses, kept
    assert count_queries(client, "/briefings/?q=civilians") == SEARCH_QUERIES
    assert count_queries(client, "/briefings/?q=qqxzvw") == NOTHING_FOUND_QUERIES
    assert count_queries(client, "/briefings/?q=civillians") == CORRECTED_QUERIES
    # However many words a search has, its vocabulary is read once.
    many = "+".join(f"qqxzv{letter}" for letter in "abcdefghijklmnopqrst")
    assert count_queries(client, f"/briefings/?q={many}") == NOTHING_FOUND_QUERIES
