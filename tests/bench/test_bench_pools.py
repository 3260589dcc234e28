"""The rotating benchmark's URL pools: distinct addresses of each kind, drawn from
a generated archive, every one of which a reader could ask for."""

import math
import re
from collections import defaultdict
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command

from bench.generator import GENERATED_PREFIX
from bench.pools import KINDS, build_pools, common_words, write_pools
from bench.pools import read_pool as read_pool_file
from briefings.models import BriefingPage, Challenge, Participant, Source
from tests.support.database import module_data

pytestmark = pytest.mark.django_db
COUNT = 200
SIZE = 30  # URLs per kind: small, so that every one can be requested


def make_archive():
    """A generated archive, made once for the module."""
    call_command("generate_briefings", count=COUNT, seed=5, verbosity=0)
    return BriefingPage.objects.live()


archive = module_data(make_archive)


@pytest.fixture
def pools(archive):
    return build_pools(size=SIZE, seed=2)


def test_each_kind_has_a_pool_of_distinct_urls(pools):
    assert set(pools) == set(KINDS)
    for kind, paths in pools.items():
        assert len(paths) == SIZE, kind
        assert len(set(paths)) == len(paths), kind


def test_every_pooled_url_answers_200(pools, client):
    for kind, paths in pools.items():
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (kind, path)


def test_briefing_pool_holds_published_briefings_and_no_more_than_there_are(
    archive, client
):
    paths = build_pools(size=10 * COUNT, seed=2)["briefing"]
    assert sorted(paths) == sorted(page.url for page in archive)


def test_listings_carry_two_filters_of_terms_briefings_carry(pools, archive):
    carried = {
        "challenge": set(
            Challenge.objects.filter(briefings__in=archive).values_list(
                "slug", flat=True
            )
        ),
        "participant": set(
            Participant.objects.filter(briefing_links__page__in=archive).values_list(
                "slug", flat=True
            )
        ),
        "source": set(
            Source.objects.filter(briefings__in=archive).values_list("slug", flat=True)
        ),
    }
    years = {page.date.year for page in archive}
    shapes = set()
    for path in pools["listing"]:
        address = urlsplit(path)
        assert address.path == "/briefings/"
        query = parse_qsl(address.query)
        terms = [(name, value) for name, value in query if name != "from"]
        assert len(terms) == 2 and terms[0][0] == "challenge", path
        assert terms[0] != terms[1], path
        for name, slug in terms:
            assert slug in carried[name], path
        shapes.add(terms[1][0])
        for name, value in query:
            if name == "from":
                assert int(value) in years, path
    assert len(shapes) >= 2  # not only one kind of pair


def test_searches_are_of_one_to_three_common_words_the_archive_uses(pools, archive):
    text = " ".join(
        f"{page.title} {page.summary} {page.body.render_as_block()}"
        for page in archive.filter(slug__startswith=GENERATED_PREFIX)
    ).lower()
    words = common_words()
    assert words
    for word in words:
        assert len(word) >= 4 and re.fullmatch(r"[a-z]+", word)
        assert word in text, word
    lengths = set()
    for path in pools["search"]:
        query = dict(parse_qsl(urlsplit(path).query))
        searched = query["q"].split()
        assert 1 <= len(searched) <= 3 and set(searched) <= set(words), path
        lengths.add(len(searched))
    assert len(lengths) > 1


def test_theme_pages_go_up_to_their_last_page_and_no_further(archive):
    # A pool larger than every existing theme and participant page: all of them.
    paths = build_pools(size=100_000, seed=2)["term"]
    pages = defaultdict(set)
    participants = set()
    for path in paths:
        address = urlsplit(path)
        if address.path.startswith("/challenges/"):
            number = int(dict(parse_qsl(address.query)).get("page", 1))
            pages[address.path.split("/")[2]].add(number)
        else:
            assert address.path.startswith("/participants/"), path
            participants.add(address.path.split("/")[2])
    assert pages and participants
    for challenge in Challenge.objects.all():
        count = archive.filter(challenges=challenge).count()
        last = min(30, math.ceil(count / 20))
        assert pages.get(challenge.slug, set()) == set(range(1, last + 1)), (
            challenge.slug
        )
    assert max(max(numbers) for numbers in pages.values()) > 1
    with_briefings = set(
        Participant.objects.filter(briefing_links__page__in=archive).values_list(
            "slug", flat=True
        )
    )
    assert participants == with_briefings


def test_pools_are_written_one_path_a_line(pools, tmp_path):
    written = write_pools(pools, tmp_path / "pools")
    for kind, paths in pools.items():
        assert written[kind]["urls"] == len(paths)
        assert read_pool_file(written[kind]["file"]) == paths
