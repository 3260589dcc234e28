"""The two fragments a listing repeats most, written here rather than by the
template engine: a listing shows up to 160 filter options and 20 cards, and
rendering them through templates, a few microseconds a variable, cost more than
everything else the page does (`bench/RESULTS.md`). The markup is the same as the
templates would write; `format_html` escapes every value."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .cards import Card

# A facet shows this many options, then folds the rest under "N more".
UNFOLDED_OPTIONS = 10


def card_html(card: Card) -> SafeString:
    """One briefing's card (`includes/briefing_card.html` for the home page)."""
    tags = ""
    if card.challenges:
        tags = format_html(
            '<ul class="tags" aria-label="Challenges">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                ((link.url, link.name) for link in card.challenges),
            ),
        )
    source = format_html(" · {}", card.source) if card.source else ""
    return format_html(
        '<article class="card">\n  <h3 class="card__title"><a href="{}">{}</a></h3>\n'
        '  <p class="meta"><time datetime="{}">{}</time>{}</p>\n  <p>{}</p>\n  {}\n'
        "</article>",
        card.url,
        card.title,
        card.date.isoformat(),
        card.display_date,
        source,
        card.summary,
        tags,
    )


def facet_html(
    *, name: str, legend: str, options: list, errors=None, more_url="", more_label=""
) -> SafeString:
    """One repeatable filter as checkboxes with counts, folded after ten
    (`includes/facet.html` describes the same markup)."""
    error_id = f"filter-{name}-error"
    parts = [
        format_html(
            '<fieldset class="facet"{}>\n  <legend>{}</legend>\n',
            format_html(' aria-describedby="{}"', error_id) if errors else "",
            legend,
        )
    ]
    if errors:
        parts.append(
            format_html(
                '  <p class="field-error" id="{}">{}</p>\n', error_id, " ".join(errors)
            )
        )
    if options:
        parts.append('  <ul class="facet__options">')
        for number, option in enumerate(options, start=1):
            if number == UNFOLDED_OPTIONS + 1:
                parts.append(
                    format_html(
                        '</ul>\n  <details class="facet__more">\n    <summary>{} more '
                        '{}</summary>\n    <ul class="facet__options">',
                        len(options) - UNFOLDED_OPTIONS,
                        legend.lower(),
                    )
                )
            slug = option.term.slug
            parts.append(
                format_html(
                    '<li><input type="checkbox" id="filter-{}-{}" name="{}" '
                    'value="{}"{}> '
                    '<label for="filter-{}-{}">{} <span class="count">({}<span '
                    'class="visually-hidden"> briefing{}</span>)</span></label></li>',
                    name,
                    slug,
                    name,
                    slug,
                    mark_safe(" checked") if option.selected else "",
                    name,
                    slug,
                    option.term.name,
                    option.count,
                    "" if option.count == 1 else "s",
                )
            )
        parts.append("</ul>")
        if len(options) > UNFOLDED_OPTIONS:
            parts.append("\n  </details>")
    else:
        parts.append('  <p class="hint">None for these filters.</p>')
    if more_url:
        parts.append(
            format_html(
                '\n  <p class="facet__all"><a href="{}">{}</a></p>',
                more_url,
                more_label,
            )
        )
    parts.append("\n</fieldset>")
    return mark_safe("".join(parts))  # noqa: S308 (every part escaped above)
