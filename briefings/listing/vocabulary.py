"""The words of the archive (`SearchWord`), and the one most like a word a reader
typed: what "Did you mean" corrects a search from (`suggestions`).

Likeness is pg_trgm's: the share of three-letter pieces two words have in
common. On PostgreSQL the database finds it through a GIN trigram index on the
vocabulary (never reading the briefings' documents; the planner prefers
reading a vocabulary of a few tens of thousands of words whole, a few
milliseconds, and the index beyond); elsewhere (SQLite, in development) the
same measure is worked out here over the vocabulary, so both suggest the same
word.
"""

from django.db import connection

from .read_model import SearchWord
from .stemming import STOP_WORDS, tokens

# Words shorter than this have too few trigrams to be corrected sensibly, and
# longer ones are not words.
SHORTEST, LONGEST = 3, 40
# A search's words looked up at most (a search is up to 200 characters): each
# is one look in the index.
MOST_WORDS = 10
# pg_trgm's default `pg_trgm.similarity_threshold`: what its `%` operator takes
# for alike.
THRESHOLD = 0.3


def words_in(text: str) -> set[str]:
    """The vocabulary's words of `text`: lower-cased words of letters, stop words
    and numbers left out."""
    return {
        word
        for word in set(tokens(text)) - STOP_WORDS
        if SHORTEST <= len(word) <= LONGEST and word.isalpha()
    }


def closest(words: list[str]) -> dict[str, str]:
    """For each of `words` that the vocabulary could hold, the vocabulary's word
    most like it (the word itself when the archive has it; the more frequent of
    equally alike words), if any is alike enough; one query."""
    asked = sorted(words_in(" ".join(words[:MOST_WORDS])))
    if not asked:
        return {}
    if connection.vendor == "postgresql":
        return _closest_by_index(asked)
    return _closest_by_scan(asked)


def _closest_by_index(asked: list[str]) -> dict[str, str]:
    table = SearchWord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT asked.word, best.word
            FROM unnest(%s::text[]) AS asked(word)
            CROSS JOIN LATERAL (
                SELECT known.word FROM {table} AS known
                WHERE known.word %% asked.word AND known.n > 0
                ORDER BY similarity(known.word, asked.word) DESC, known.n DESC,
                    known.word
                LIMIT 1
            ) AS best""",
            [asked],
        )
        return dict(cursor.fetchall())


def _closest_by_scan(asked: list[str]) -> dict[str, str]:
    pieces = {word: trigrams(word) for word in asked}
    best: dict[str, tuple] = {}
    for candidate, n in SearchWord.objects.filter(n__gt=0).values_list("word", "n"):
        theirs = trigrams(candidate)
        for word, ours in pieces.items():
            score = similarity(ours, theirs)
            key = (-score, -n, candidate)
            if score >= THRESHOLD and (word not in best or key < best[word]):
                best[word] = key
    return {word: key[2] for word, key in best.items()}


def trigrams(word: str) -> frozenset[str]:
    """pg_trgm's trigrams of one word: of the word padded with two spaces before
    and one after."""
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """pg_trgm's `similarity`: trigrams shared over trigrams of either."""
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if shared else 0.0
