"""The blocks a briefing's body is made of: paragraphs, headings, lists and quotes."""

import html
import re
from collections.abc import Iterator

from wagtail import blocks
from wagtail.rich_text import RichText

from ..allowlist import clean_rich_text

INLINE_FEATURES = ["bold", "italic", "link"]


class SafeRichTextBlock(blocks.RichTextBlock):
    """Rich text held to `briefings.allowlist` when it is stored and when it is read
    back, whichever path wrote it (the editor, an import, the fixtures)."""

    def to_python(self, value):
        return RichText(clean_rich_text(value or ""))

    def get_prep_value(self, value):
        return clean_rich_text(value.source or "")

    def normalize(self, value):
        if isinstance(value, RichText):
            return RichText(clean_rich_text(value.source or ""))
        return self.to_python(value)


class HeadingBlock(blocks.StructBlock):
    """A section heading inside a briefing's body."""

    text = blocks.CharBlock(max_length=255)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Subheading")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "briefings/blocks/heading.html"


class ListBlock(blocks.StructBlock):
    """A numbered or bulleted list."""

    style = blocks.ChoiceBlock(
        choices=[("numbered", "Numbered"), ("bulleted", "Bulleted")],
        default="numbered",
    )
    items = blocks.ListBlock(SafeRichTextBlock(features=INLINE_FEATURES))

    class Meta:
        icon = "list-ol"
        template = "briefings/blocks/list.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation set apart from the text, with an optional attribution."""

    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "briefings/blocks/quote.html"


class BriefingBodyBlock(blocks.StreamBlock):
    """The body of a briefing page."""

    paragraph = SafeRichTextBlock(features=INLINE_FEATURES, icon="pilcrow")
    heading = HeadingBlock()
    list = ListBlock()
    quote = QuoteBlock()


_TAGS = re.compile(r"<[^>]+>")


def plain_text(blocks) -> str:
    """The words of a body's stored blocks (rich text stripped of its tags): the
    search text (`upkeep`), the API's `body_text`, the page form's check that a
    body is written. Nothing is rendered, so nothing is queried."""
    words = []
    for value in _strings(blocks):
        words.append(html.unescape(_TAGS.sub(" ", value)))
    return " ".join(" ".join(words).split())


def _strings(value) -> Iterator[str]:
    """Every text value in a block's stored data, block types and ids left out."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        if "type" in value and "value" in value:
            yield from _strings(value["value"])
        else:
            for key, item in value.items():
                if key not in ("id", "type", "level", "style"):
                    yield from _strings(item)
