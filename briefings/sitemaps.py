"""/sitemap.xml: every live page in Wagtail's tree, plus theme and participant pages
(of the terms published briefings carry)."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from institute.site_address import root_url

from .listing.filters import public_terms
from .listing.read_model import CHALLENGE, PARTICIPANT


class TermSitemap(Sitemap):
    """A vocabulary's list page and one entry per term."""

    kind = ""
    list_view = ""

    def items(self):
        return [self.list_view, *public_terms(self.kind).order_by("slug")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    # The site's address, not the host the request named.
    def get_protocol(self, protocol=None):
        return urlsplit(root_url()).scheme

    def get_domain(self, site=None):
        return urlsplit(root_url()).netloc


class ChallengeSitemap(TermSitemap):
    kind = CHALLENGE
    list_view = "briefings:challenge_list"


class ParticipantSitemap(TermSitemap):
    kind = PARTICIPANT
    list_view = "briefings:participant_list"


SITEMAPS = {
    "pages": PageSitemap,
    "challenges": ChallengeSitemap,
    "participants": ParticipantSitemap,
}
