"""English words as PostgreSQL's `english` text search configuration sees them:
lower-cased, stop words dropped, the rest reduced to their Snowball stem
("calendars" and "calendar" to "calendar", "protecting" and "protection" to
"protect").

PostgreSQL stems in the database (`to_tsvector`, `plainto_tsquery`); this is
the same done in Python, for SQLite's search documents and queries
(`search_document`, `search.insert`) and, on every database, for marking a
search's words in the passages a listing shows (`passages`). PostgreSQL's
`english_stem` dictionary is the Snowball English stemmer, which the
`snowballstemmer` package implements too: its 2.x releases have the version
PostgreSQL 15 ships (Snowball 3 stems "adding", "organization" and a few more
otherwise), pinned in requirements.txt, and `tests/briefings/listing/
test_forgiving_search.py` compares them on PostgreSQL.
"""

import re
import threading
from functools import lru_cache

# The pure-Python class itself: `snowballstemmer.stemmer()` hands out
# PyStemmer's instead when that is installed, whose algorithms may be newer.
from snowballstemmer.english_stemmer import EnglishStemmer

# PostgreSQL's english.stop (share/tsearch_data), which is Snowball's English
# stop list: words too common to search by, left out of documents and queries.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he
    him his himself she her hers herself it its itself they them their theirs
    themselves what which who whom this that these those am is are was were be
    been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into
    through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both
    each few more most other some such no nor not only own same so than too
    very s t can will just don should now
    """.split()
)

# A word: letters and digits. Underscores and punctuation separate words, as
# PostgreSQL's parser has them (its "Jean-Pierre" holds "jean" and "pierre").
WORD = re.compile(r"[^\W_]+")

# A stemmer keeps the word it works on: one per thread.
_local = threading.local()


def tokens(text: str) -> list[str]:
    """The words of `text`, lower-cased, stop words included."""
    return WORD.findall(text.lower())


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The stem of a lower-cased word (kept: an archive has a few tens of
    thousands of distinct words, and pure-Python stemming is the slow part)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = EnglishStemmer()
    return stemmer.stemWord(word)


def stems(text: str) -> list[str]:
    """The stems of `text`'s words, in order, stop words left out: what
    PostgreSQL's `english` configuration makes of it."""
    return [stem(word) for word in tokens(text) if word not in STOP_WORDS]


def stemmed_document(text: str) -> str:
    """`text` as SQLite's search documents store it: its distinct stems, sorted,
    each between spaces (" calendar protect "), so that a word is matched whole
    by `LIKE '% stem %'`, as a tsvector is by its lexemes."""
    # Each distinct word stemmed once (a body says "peace" many times).
    words = set(tokens(text)) - STOP_WORDS
    distinct = sorted({stem(word) for word in words})
    return f" {' '.join(distinct)} " if distinct else ""
