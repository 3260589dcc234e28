"""How long a briefing takes to read ("6 min read" in the briefing page's header),
counted from the words of its body."""

from .models.blocks import plain_text

# An adult's silent reading speed for non-fiction in English (Brysbaert 2019
# puts it at 238; a little lower for the institute's dense prose).
WORDS_PER_MINUTE = 230


def body_words(body) -> int:
    """The number of words a reader reads in `body` (a StreamValue): the same
    plain text as search and the API, choices' values left out."""
    return len(plain_text(list(body.raw_data)).split())


def reading_minutes(words: int) -> int:
    """Minutes to read `words`, rounded to the nearest, and at least one."""
    return max(1, (words + WORDS_PER_MINUTE // 2) // WORDS_PER_MINUTE)
