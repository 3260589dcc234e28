"""Every read the public pages make: listings, the home page's lists, related items.

Views and page `get_context` methods call these and do not build queries themselves.
"""

from django.db.models import Count, Q, QuerySet

from .models import BriefingPage, Challenge, Participant


def published_briefings() -> QuerySet[BriefingPage]:
    """Briefings a reader may see: live and not behind a privacy restriction."""
    return BriefingPage.objects.live().public()


def briefing_list() -> QuerySet[BriefingPage]:
    """The /briefings/ listing, newest first, with what each row shows prefetched."""
    return published_briefings().for_listing().order_by("-date", "-pk")


def latest_briefings(*, limit: int) -> list[BriefingPage]:
    """The most recent briefings, for the home page."""
    return list(briefing_list()[:limit])


def challenge_list() -> QuerySet[Challenge]:
    """All challenges in editorial order, each with its count of live briefings."""
    live_ids = published_briefings().values("pk")
    return Challenge.objects.annotate(
        briefing_count=Count("briefings", filter=Q(briefings__in=live_ids))
    ).order_by("sort_order", "name")


def participant_list() -> QuerySet[Participant]:
    """All participants A to Z, each with its count of live briefings."""
    live_ids = published_briefings().values("pk")
    return Participant.objects.annotate(
        briefing_count=Count(
            "briefing_links", filter=Q(briefing_links__page__in=live_ids)
        )
    ).order_by("name")
