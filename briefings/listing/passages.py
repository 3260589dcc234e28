"""The passage a search result shows: some thirty words of the briefing's summary,
else of its body, around the first word the search matched, with every matched
word marked.

Matching is by stem, as the search's (`stemming`): a search for "calendars"
marks "calendar". Built in Python from the card's own text for the page of
results shown only (`cards.cards`), so it costs no query; the text is escaped
before the marks go in (`Passage.html`).
"""

from dataclasses import dataclass
from html import escape

from .stemming import STOP_WORDS, WORD, stem, stems

# How many words a passage has, and how many of them come before the first
# match (some context, while the match stays near the start of the line).
SIZE = 30
BEFORE = 8


@dataclass(frozen=True)
class Passage:
    """Part of a text: its pieces in order, each with whether it is a matched
    word, and whether text was cut before or after it."""

    pieces: tuple[tuple[str, bool], ...]
    cut_before: bool
    cut_after: bool

    def html(self) -> str:
        """The passage as HTML: every piece escaped, matched words in <mark>,
        an ellipsis where text was cut."""
        body = "".join(
            f"<mark>{escape(text)}</mark>" if marked else escape(text)
            for text, marked in self.pieces
        )
        before = "… " if self.cut_before else ""
        after = " …" if self.cut_after else ""
        return f"{before}{body}{after}"


def passage(texts, words: list[str], *, size: int = SIZE) -> Passage | None:
    """The passage of the first of `texts` (a summary, then a body) holding a
    word of the search `words`; None when none does (the search matched the
    title or a term's name)."""
    wanted = frozenset(stems(" ".join(words)))
    if not wanted:
        return None
    for text in texts:
        found = passage_of(text, wanted, size=size)
        if found is not None:
            return found
    return None


def passage_of(text: str, wanted: frozenset[str], *, size: int) -> Passage | None:
    """`size` words of `text` around the first whose stem is `wanted`."""
    # A Snowball stem begins with its word's first letter: most words need not
    # be stemmed to be ruled out.
    initials = {stem_[0] for stem_ in wanted}

    def matched(word: str) -> bool:
        lowered = word.lower()
        return (
            lowered[0] in initials
            and lowered not in STOP_WORDS
            and stem(lowered) in wanted
        )

    found = list(WORD.finditer(text))
    first = next((i for i, match in enumerate(found) if matched(match[0])), None)
    if first is None:
        return None
    start = max(0, min(first - BEFORE, len(found) - size))
    end = min(len(found), start + size)
    pieces = []
    position = 0 if start == 0 else found[start].start()
    for match in found[start:end]:
        if match.start() > position:
            pieces.append((text[position : match.start()], False))
        pieces.append((match[0], matched(match[0])))
        position = match.end()
    tail = len(text) if end == len(found) else position
    if tail > position:
        pieces.append((text[position:tail], False))
    return Passage(
        pieces=tuple(pieces), cut_before=start > 0, cut_after=end < len(found)
    )
