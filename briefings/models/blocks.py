"""The blocks a briefing's body is made of: paragraphs, headings, lists and quotes."""

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
