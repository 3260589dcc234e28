"""How long a briefing takes to read ("6 min read" in the briefing page's header),
counted from the words of its body."""

from wagtail import blocks

# An adult's silent reading speed for non-fiction in English (Brysbaert 2019
# puts it at 238; a little lower for the institute's dense prose).
WORDS_PER_MINUTE = 230


def body_words(body) -> int:
    """The number of words a reader reads in `body` (a StreamValue)."""
    return sum(len(text.split()) for text in _texts(body.stream_block, body))


def reading_minutes(words: int) -> int:
    """Minutes to read `words`, rounded to the nearest, and at least one."""
    return max(1, (words + WORDS_PER_MINUTE // 2) // WORDS_PER_MINUTE)


def _texts(block, value):
    """The text of every block under `block`, by its own searchable content.

    Walked here rather than through the stream's `get_searchable_content`, which
    would count a choice's label ("Section heading", "Numbered") as words.
    """
    if isinstance(block, blocks.ChoiceBlock):
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from _texts(child.block, child.value)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _texts(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _texts(block.child_block, item)
    elif value is not None:
        yield from block.get_searchable_content(value)
