"""/sitemap.xml: every live page in Wagtail's tree, plus theme and participant pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from .models import Challenge, Participant
from .public_terms import public_terms


class ChallengeSitemap(Sitemap):
    """The /challenges/ page and one entry per challenge."""

    def items(self):
        return ["briefings:challenge_list", *public_terms(Challenge).order_by("slug")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()


class ParticipantSitemap(Sitemap):
    """The /participants/ page and one entry per participant."""

    def items(self):
        return [
            "briefings:participant_list",
            *public_terms(Participant).order_by("slug"),
        ]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()


SITEMAPS = {
    "pages": PageSitemap,
    "challenges": ChallengeSitemap,
    "participants": ParticipantSitemap,
}
