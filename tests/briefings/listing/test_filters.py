"""BriefingFilterSet: what each query parameter selects, on small built data."""

import datetime

import pytest
from django.http import QueryDict

from briefings.listing.build import listing_filterset
from briefings.listing.search import words_of as search_words
from tests.support.factories import (
    make_briefing,
    make_challenge,
    make_participant,
    make_source,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_own_briefings")]


def listed_slugs(filterset) -> list[str]:
    """The slugs of the briefings a filterset lists, in order (from their paths)."""
    return [entry.card.path.strip("/").split("/")[-1] for entry in filterset.qs]


def slugs(query: str) -> list[str]:
    return listed_slugs(listing_filterset(filters=QueryDict(query)))


@pytest.fixture
def terms():
    return {
        "poc": make_challenge("Protection of civilians", slug="poc"),
        "mandates": make_challenge("Mandates", slug="mandates"),
        "lacroix": make_participant(
            "Jean-Pierre Lacroix", slug="lacroix", kind="person"
        ),
        "au": make_participant("African Union", slug="au"),
        "un": make_source("United Nations", slug="un"),
        "inex": make_source("INEX", slug="inex"),
    }


@pytest.fixture
def briefings(terms):
    speaker = [(terms["lacroix"], "speaker")]
    return {
        "a": make_briefing(
            slug="a",
            date=datetime.date(2015, 6, 3),
            challenges=[terms["poc"]],
            participants=speaker,
            source=terms["un"],
        ),
        "b": make_briefing(
            slug="b",
            date=datetime.date(2016, 1, 1),
            challenges=[terms["mandates"]],
            participants=[(terms["au"], "host")],
            source=terms["inex"],
        ),
        "c": make_briefing(
            slug="c",
            date=datetime.date(2018, 12, 31),
            challenges=[terms["poc"], terms["mandates"]],
            participants=speaker + [(terms["au"], "mentioned")],
            source=terms["un"],
        ),
        "d": make_briefing(slug="d", date=datetime.date(2019, 7, 10)),
    }


def test_no_parameters_lists_everything_newest_first(briefings):
    assert slugs("") == ["d", "c", "b", "a"]


def test_repeated_challenge_means_any_of_them_and_lists_each_briefing_once(
    briefings,
):
    assert slugs("challenge=poc") == ["c", "a"]
    assert slugs("challenge=poc&challenge=mandates") == ["c", "b", "a"]


def test_different_parameters_combine_with_and(briefings):
    assert slugs("challenge=mandates&participant=lacroix") == ["c"]
    assert slugs("participant=au&source=inex") == ["b"]


def test_participant_lists_exactly_their_briefings(briefings):
    assert slugs("participant=lacroix") == ["c", "a"]


def test_source_is_repeatable(briefings):
    assert slugs("source=inex") == ["b"]
    assert slugs("source=inex&source=un") == ["c", "b", "a"]


def test_date_bounds_are_inclusive(briefings):
    assert slugs("from=2016-01-01&to=2018-12-31") == ["c", "b"]


def test_a_year_alone_means_its_first_or_last_day(briefings):
    assert slugs("from=2016") == ["d", "c", "b"]
    assert slugs("to=2018") == ["c", "b", "a"]
    assert slugs("from=2018&to=2018") == ["c"]


def test_sort_oldest(briefings):
    assert slugs("sort=oldest") == ["a", "b", "c", "d"]


def test_unknown_slug_is_an_error_and_other_filters_still_apply(briefings):
    filterset = listing_filterset(filters=QueryDict("challenge=nope&source=inex"))
    assert listed_slugs(filterset) == ["b"]
    assert "There is no challenge “nope”." in filterset.errors["challenge"]


def test_impossible_date_is_an_error(briefings):
    filterset = listing_filterset(filters=QueryDict("from=2018-02-30&to=2016"))
    assert listed_slugs(filterset) == ["b", "a"]
    assert filterset.errors["from"] == ["2018-02-30 is not a date in the calendar."]


def test_from_after_to_leaves_out_the_end_date(briefings):
    filterset = listing_filterset(filters=QueryDict("from=2018&to=2016"))
    assert listed_slugs(filterset) == ["d", "c"]
    assert "before the start date" in filterset.errors["to"][0]


def test_search_finds_challenge_and_participant_names(terms):
    make_briefing(slug="plain", body_text="Nothing in particular.")
    tagged = make_briefing(
        slug="tagged",
        body_text="Nothing in particular.",
        challenges=[make_challenge("Zephyrine logistics")],
        participants=[(make_participant("Quillon Marchetti"), "speaker")],
    )
    assert slugs("q=zephyrine") == [tagged.slug]
    assert slugs("q=Marchetti") == [tagged.slug]


def test_search_orders_by_relevance_unless_asked_otherwise(terms):
    old = make_briefing(
        "Peacekeeping budgets",
        slug="old",
        date=datetime.date(2010, 1, 1),
        summary="Budgets of peacekeeping missions.",
        body_text="Budgets, budgets and more about budgets.",
    )
    new = make_briefing(
        "A meeting",
        slug="new",
        date=datetime.date(2020, 1, 1),
        body_text="The budgets were mentioned once.",
    )
    assert slugs("q=budgets") == [old.slug, new.slug]
    assert slugs("q=budgets&sort=newest") == [new.slug, old.slug]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Jean-Pierre Lacroix", ["jean", "pierre", "lacroix"]),
        ("a & | ! (((", ["a"]),
        ("'\\\"-", []),
        ("NOT AND OR", ["not", "and", "or"]),
    ],
)
def test_search_text_is_reduced_to_plain_words(text, words):
    assert search_words(text) == words
