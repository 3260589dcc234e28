"""A search's "Did you mean": one that finds nothing, offered again with its
misspelt words corrected from the archive's words (`vocabulary`), when the
corrected search finds something with the same filters. Used by
`build_listing`."""

from dataclasses import dataclass
from urllib.parse import urlencode

from . import search, vocabulary
from .filters import BriefingFilterSet
from .stemming import stem


@dataclass(frozen=True)
class Suggestion:
    """A corrected search: its words as offered, and the listing's query string
    with them in place of the reader's (the other filters kept)."""

    text: str
    query: str


def did_you_mean(
    filterset: BriefingFilterSet, *, valid: list[tuple[str, str]]
) -> Suggestion | None:
    """The search of `filterset` (which found nothing) with each word the archive
    lacks replaced by the archive's word most like it; None when no word
    changes or the corrected search finds nothing either. Two queries at most:
    the vocabulary's, then whether the correction finds a briefing."""
    words = filterset.words
    found = vocabulary.closest(words)
    corrected = [correction(word, found.get(word)) for word in words]
    if corrected == words:
        return None
    unsearched = filterset.queryset_without("q")
    if not search.matching(unsearched, corrected).exists():
        return None
    text = " ".join(corrected)
    pairs = [(name, text if name == "q" else value) for name, value in valid]
    return Suggestion(text=text, query=urlencode(pairs))


def correction(word: str, closest: str | None) -> str:
    """The word to offer for `word`: the archive's closest word, unless there is
    none or it is the same word to the search (the same stem: "calendars" for
    "calendar" searches the same)."""
    if closest is None or stem(closest) == stem(word):
        return word
    return closest
