"""The two fragments a listing repeats most, written here rather than by the
template engine: a listing shows up to 160 filter options and 20 cards, and
rendering them through templates (a few microseconds a variable) or
`format_html` (a lazy-aware escape per value) cost more than the rest of the
page's Python. The markup is what the templates would write; every value is
escaped with the standard library's `html.escape`."""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from institute.site_address import absolute

from ..citation import coins_title
from .cards import Card

# A facet shows this many options, then folds the rest under "N more".
UNFOLDED_OPTIONS = 10


def card_html(card: Card) -> SafeString:
    """One briefing's card, as a listing and the home page show it."""
    tags = ""
    if card.challenges:
        links = "".join(
            f'<li><a href="{escape(link.url)}">{escape(link.name)}</a></li>'
            for link in card.challenges
        )
        tags = f'<ul class="tags" aria-label="Challenges">{links}</ul>'
    source = f" · {escape(card.source)}" if card.source else ""
    # A search's passage is escaped piece by piece, then marked (`Passage.html`).
    if card.passage is not None:
        summary = f'<p class="card__passage">{card.passage.html()}</p>'
    else:
        summary = f"<p>{escape(card.summary)}</p>"
    # As precise as the original: "2008-04" for a briefing of April 2008.
    when = card.machine_date
    # COinS: a reference manager saves the listed briefings from the page.
    coins = coins_title(title=card.title, date=when, url=absolute(card.url))
    return mark_safe(  # noqa: S308 (every value escaped above or in Passage.html)
        '<article class="card">\n'
        f'  <h3 class="card__title"><a href="{escape(card.url)}">'
        f"{escape(card.title)}</a></h3>\n"
        f'  <p class="meta"><time datetime="{when}">'
        f"{escape(card.display_date)}</time>{source}</p>\n"
        f"  {summary}\n  {tags}\n"
        f'  <span class="Z3988" title="{escape(coins)}"></span>\n</article>'
    )


def facet_html(
    *, name: str, legend: str, options: list, errors=None, more_url="", more_label=""
) -> SafeString:
    """One repeatable filter as checkboxes with counts, folded after ten."""
    name, legend = escape(name), escape(legend)
    error_id = f"filter-{name}-error"
    described = f' aria-describedby="{error_id}"' if errors else ""
    parts = [f'<fieldset class="facet"{described}>\n  <legend>{legend}</legend>\n']
    if errors:
        message = escape(" ".join(str(error) for error in errors))
        parts.append(f'  <p class="field-error" id="{error_id}">{message}</p>\n')
    if options:
        parts.append('  <ul class="facet__options">')
        for number, option in enumerate(options, start=1):
            if number == UNFOLDED_OPTIONS + 1:
                parts.append(
                    '</ul>\n  <details class="facet__more">\n    <summary>'
                    f"{len(options) - UNFOLDED_OPTIONS} more {legend.lower()}"
                    '</summary>\n    <ul class="facet__options">'
                )
            slug = escape(option.term.slug)
            checked = " checked" if option.selected else ""
            plural = "" if option.count == 1 else "s"
            parts.append(
                f'<li><input type="checkbox" id="filter-{name}-{slug}" name="{name}" '
                f'value="{slug}"{checked}> <label for="filter-{name}-{slug}">'
                f'{escape(option.term.name)} <span class="count">({option.count}'
                f'<span class="visually-hidden"> briefing{plural}</span>)</span>'
                "</label></li>"
            )
        parts.append("</ul>")
        if len(options) > UNFOLDED_OPTIONS:
            parts.append("\n  </details>")
    else:
        parts.append('  <p class="hint">None for these filters.</p>')
    if more_url:
        parts.append(
            f'\n  <p class="facet__all"><a href="{escape(more_url)}">'
            f"{escape(more_label)}</a></p>"
        )
    parts.append("\n</fieldset>")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)
