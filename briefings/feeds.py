"""RSS 2.0 and Atom feeds of the briefing listing, honouring its query parameters;
served by the briefings index as its `feed/` and `feed/atom/` routes.

/briefings/feed/?challenge=mandates carries the same items as the first page of
/briefings/?challenge=mandates; invalid parameters are left out, as on the listing.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from institute.site_address import absolute

from .listing import cards
from .listing.build import active_chips, listing_filterset, results, valid_parameters
from .listing.pagination import PAGE_SIZE


class BriefingFeed(Feed):
    """/briefings/feed/: the latest briefings matching the query string, as RSS 2.0."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        filterset = listing_filterset(filters=request.GET)
        valid = valid_parameters(filterset)
        return {
            "filterset": filterset,
            "query": urlencode(valid),
            "chips": active_chips(filterset, valid),
            "listing_url": request.path.rsplit("feed/", 1)[0],
            "feed_path": request.get_full_path(),
        }

    def title(self, obj):
        narrowed = ", ".join(chip.value for chip in obj["chips"])
        title = f"Briefings · {settings.WAGTAIL_SITE_NAME}"
        return f"{title}: {narrowed}" if narrowed else title

    # Absolute links, from the site's address: Django's syndication would
    # prefix a relative one with the host the request named.
    def link(self, obj):
        path = obj["listing_url"] + (f"?{obj['query']}" if obj["query"] else "")
        return absolute(path)

    def feed_url(self, obj):
        return absolute(obj["feed_path"])

    def description(self, obj):
        return (
            "Briefings on United Nations peace operations published by the "
            f"{settings.WAGTAIL_SITE_NAME}."
        )

    subtitle = description

    def items(self, obj):
        entries = results(obj["filterset"], count=PAGE_SIZE)[0:PAGE_SIZE]
        return cards.cards(entries, cards.terms_of(entries))

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute(item.url)

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.date, datetime.time(), datetime.UTC)

    def item_updateddate(self, item):
        return item.published_at or self.item_pubdate(item)

    def item_author_name(self, item):
        return item.source or settings.WAGTAIL_SITE_NAME

    def item_categories(self, item):
        return [challenge.name for challenge in item.challenges]


class BriefingAtomFeed(BriefingFeed):
    """/briefings/feed/atom/: the same feed as Atom 1.0."""

    feed_type = Atom1Feed
