"""The rotating benchmark's address pools: thousands of distinct URLs per page kind,
drawn from the archive, for wrk to pick from at random (`bench/rotating.lua`).

`bench/run.py` runs `python -m bench.pools --out DIR` against the benchmark
database; it writes one file per kind (`DIR/<kind>.txt`, a path a line) and prints
what it wrote as JSON. A benchmark that asks for the same few addresses again and
again measures whatever keeps them (the page cache, the database's buffers, any
memo); these pools spread the requests over the archive as readers do.

Nothing here holds the archive in memory: briefings are drawn by the database
(`ORDER BY random() LIMIT`), and terms, years and their counts come from the read
model's rolled-up counts (`TermCount`), a few thousand rows at any size.
"""

import argparse
import json
import math
import os
import random
import re
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlencode

import django

# The rotating page kinds, in the order the report shows them.
KINDS = {
    "briefing": "briefing pages",
    "listing": "listings, 2 filters",
    "search": "searches",
    "term": "theme and participant pages",
    "api": "API listings, 2 filters",
}
POOL_SIZE = 5_000  # URLs per kind
MIN_POOL = 3_000  # fewer distinct URLs than this and the kind is not rotating enough
PAGE_SIZE = 20  # briefings a listing page shows
MAX_THEME_PAGE = 30
# Participants filters are drawn from: the most frequent ones, as readers pick them.
FILTER_PARTICIPANTS = 2_000
FROM_SHARE = 0.5  # of listings that also carry `from=<year>`
# How many words a search has, and how often.
SEARCH_LENGTHS, SEARCH_LENGTH_WEIGHTS = [1, 2, 3], [3, 5, 2]
# PostgreSQL's English stop words of four letters or more: a search drops them,
# so a search of only those would search for nothing.
STOP_WORDS = frozenset(
    "myself ours ourselves your yours yourself yourselves himself hers herself "
    "itself they them their theirs themselves what which whom this that these "
    "those were been being have having does doing because until while with about "
    "against between into through during before after above below from down over "
    "under again further then once here there when where both each more most other "
    "some such only same than very will just should".split()
)
# The vocabulary lists every generated briefing's sentences are built from (the
# places and names vary by briefing; these words recur in all of them).
COMMON_LISTS = ("SUBJECTS", "VERBS", "OBJECTS", "CLOSINGS", "EVENTS", "HEADINGS")


def build_pools(*, size: int = POOL_SIZE, seed: int = 1) -> dict[str, list[str]]:
    """Up to `size` distinct paths of each kind in KINDS, shuffled."""
    rng = random.Random(seed)
    listings = listing_paths(size, rng=rng)
    return {
        "briefing": briefing_paths(size),
        "listing": listings,
        "search": search_paths(size, rng=rng),
        "term": term_page_paths(size, rng=rng),
        # The same query strings through the API, in another order.
        "api": api_paths(listings, rng=rng),
    }


def api_paths(listings: list[str], *, rng: random.Random) -> list[str]:
    """The listings' query strings asked of /api/v1/briefings/."""
    paths = [
        path.replace("/briefings/?", "/api/v1/briefings/?", 1) for path in listings
    ]
    rng.shuffle(paths)
    return paths


def briefing_paths(size: int) -> list[str]:
    """Random published briefings' addresses, chosen by the database."""
    from briefings.listing.read_model import ListedCard

    return list(ListedCard.objects.order_by("?").values_list("path", flat=True)[:size])


def listing_paths(size: int, *, rng: random.Random) -> list[str]:
    """/briefings/ with two filters: two challenges, a challenge and a participant,
    or a challenge and a source, half of them also `from=<year>`. Terms are drawn
    weighted by how many briefings carry them, as readers pick the frequent ones."""
    from briefings.listing.read_model import CHALLENGE, PARTICIPANT, SOURCE

    challenges = term_counts(CHALLENGE)
    others = {
        "challenge": challenges,
        "participant": term_counts(PARTICIPANT, limit=FILTER_PARTICIPANTS),
        "source": term_counts(SOURCE),
    }
    years = archive_years()
    if not challenges:
        return []

    weighted = {
        name: ([slug for slug, _ in terms], list(accumulate(n for _, n in terms)))
        for name, terms in others.items()
        if terms
    }

    def pick(name: str) -> str:
        slugs, cumulative = weighted[name]
        return rng.choices(slugs, cum_weights=cumulative)[0]

    paths: dict[str, None] = {}
    for _ in range(size * 20):
        if len(paths) == size:
            break
        second = rng.choice(list(weighted))
        first_slug, other_slug = pick("challenge"), pick(second)
        if second == "challenge" and first_slug == other_slug:
            continue
        query = [("challenge", first_slug), (second, other_slug)]
        if years and rng.random() < FROM_SHARE:
            query.append(("from", str(rng.choice(years))))
        paths.setdefault(f"/briefings/?{urlencode(query)}")
    return list(paths)


def common_words() -> list[str]:
    """The words of the sentences every generated briefing is written in, lower
    case, four letters or more, without stop words."""
    from bench import vocabulary

    words = {
        word
        for name in COMMON_LISTS
        for phrase in getattr(vocabulary, name)
        for word in re.findall(r"[a-z]+", phrase.lower())
        if len(word) >= 4 and word not in STOP_WORDS
    }
    return sorted(words)


def search_paths(size: int, *, rng: random.Random) -> list[str]:
    """/briefings/?q= one to three common words; no two with the same words."""
    words = common_words()
    seen: set[frozenset] = set()
    paths = []
    for _ in range(size * 20):
        if len(paths) == size:
            break
        length = rng.choices(SEARCH_LENGTHS, weights=SEARCH_LENGTH_WEIGHTS)[0]
        chosen = rng.sample(words, length)
        if frozenset(chosen) in seen:
            continue
        seen.add(frozenset(chosen))
        paths.append(f"/briefings/?{urlencode({'q': ' '.join(chosen)})}")
    return paths


def term_page_paths(size: int, *, rng: random.Random) -> list[str]:
    """Theme pages at pages 1 to 30, only those their briefings fill (20 a page),
    and pages of participants with at least one briefing: half each, as far as
    the archive has them."""
    from django.urls import reverse

    from briefings.listing.read_model import CHALLENGE, PARTICIPANT

    themes = []
    for slug, count in term_counts(CHALLENGE):
        address = reverse("briefings:challenge_detail", kwargs={"slug": slug})
        last = min(MAX_THEME_PAGE, math.ceil(count / PAGE_SIZE))
        themes.append(address)
        themes += [f"{address}?page={number}" for number in range(2, last + 1)]
    participants = [
        reverse("briefings:participant_detail", kwargs={"slug": slug})
        for slug, _ in term_counts(PARTICIPANT)
    ]
    theme_share = max(size // 2, size - len(participants))
    chosen = rng.sample(themes, min(len(themes), theme_share))
    chosen += rng.sample(participants, min(len(participants), size - len(chosen)))
    rng.shuffle(chosen)
    return chosen


def term_counts(kind: str, *, limit: int | None = None) -> list[tuple[str, int]]:
    """(slug, briefings carrying it) of the terms of `kind` on at least one
    published briefing, most frequent first."""
    from briefings.listing.read_model import ALL_YEARS, ListedTerm, TermCount

    counts = TermCount.objects.filter(kind=kind, period=ALL_YEARS, n__gt=0)
    counts = counts.order_by("-n", "term_id").values_list("term_id", "n")
    if limit is not None:
        counts = counts[:limit]
    # Every term of the kind (a vocabulary: thousands at most, whatever the
    # archive's size) rather than a query with thousands of ids.
    slugs = dict(ListedTerm.objects.filter(kind=kind).values_list("term_id", "slug"))
    return [(slugs[pk], n) for pk, n in counts if pk in slugs]


def archive_years() -> list[int]:
    """The years that have published briefings."""
    from briefings.listing.read_model import ALL, TermCount

    return sorted(
        TermCount.objects.filter(
            kind=ALL, period__gte=1000, period__lte=9999, n__gt=0
        ).values_list("period", flat=True)
    )


def write_pools(pools: dict[str, list[str]], directory: Path) -> dict[str, dict]:
    """Each pool in `directory/<kind>.txt`, a path a line; what was written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for kind, paths in pools.items():
        file = directory / f"{kind}.txt"
        file.write_text("".join(f"{path}\n" for path in paths))
        written[kind] = {"file": str(file), "urls": len(paths)}
    return written


def read_pool(file: str | Path) -> list[str]:
    """The paths of a pool file."""
    return [line for line in Path(file).read_text().splitlines() if line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", type=int, default=POOL_SIZE)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "institute.settings.production")
    django.setup()
    pools = build_pools(size=args.size, seed=args.seed)
    print(json.dumps(write_pools(pools, args.out)))


if __name__ == "__main__":
    main()
