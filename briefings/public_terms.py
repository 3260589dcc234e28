"""Which vocabulary terms readers may see: those on at least one published
briefing. A term made for a draft, or left on none, is named on no public page
(theme and participant pages, their lists, the sitemap, the listing's filters)."""

from django.db.models import Exists, OuterRef, QuerySet

from .models import BriefingPage, Challenge, Participant, Source

# How each vocabulary's terms are reached from a briefing.
BRIEFING_LOOKUPS = {
    Challenge: "challenges",
    Participant: "participant_links__participant",
    Source: "source",
}


def public_terms(model) -> QuerySet:
    """The terms of `model` (Challenge, Participant or Source) on a live briefing
    that no privacy restriction hides."""
    published = BriefingPage.objects.live().public()
    used = published.filter(**{BRIEFING_LOOKUPS[model]: OuterRef("pk")})
    return model.objects.filter(Exists(used.values("pk")))
