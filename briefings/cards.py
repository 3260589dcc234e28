"""The card a listing shows for each briefing: title, date, source, summary and
challenges (`includes/briefing_card.html`).

A card changes only when the content does, and the same briefing's card appears
in many listings (every filter, theme and participant page it is on). So each app
server renders a card once per content generation (`institute.generation_memo`)
and a listing fetches only the page's ids, then the rows of the cards it has not
rendered yet. Rendering 20 cards through the template engine cost about a third
of a listing's time. Django's `{% cache %}` tag would ask the shared cache once
per card, and has no invalidation by generation.
"""

from django.http import HttpRequest
from django.template.loader import get_template
from django.utils.safestring import SafeString

from institute.generation_memo import remembered_each

from . import queries
from .models import BriefingPage

TEMPLATE = "briefings/includes/briefing_card.html"
# About 1 KB each: an app server keeps at most a few megabytes of cards.
KEPT_CARDS = 5000


def card(briefing: BriefingPage, request: HttpRequest | None) -> SafeString:
    """One briefing's card; its link is relative to the site `request` is for."""
    return get_template(TEMPLATE).render({"briefing": briefing, "request": request})


def cards(ids: list[int], request: HttpRequest) -> list[SafeString]:
    """The cards of the live briefings with these pks, in this order, reading the
    database only for those not rendered since the content last changed."""

    def render(missing):
        briefings = queries.briefings_in_order([pk for _host, pk in missing])
        return {(host, briefing.pk): card(briefing, request) for briefing in briefings}

    # A link is relative on its own site and absolute on another: the host the
    # request came in for decides which.
    host = request.get_host()
    keys = [(host, pk) for pk in ids]
    found = remembered_each("card", keys, render, limit=KEPT_CARDS)
    return [found[key] for key in keys if key in found]
