"""Machine-readable descriptions of a briefing: schema.org JSON-LD for its page."""

import json
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from .models import BriefingPage

# The characters json_script escapes, so the JSON cannot close its <script>.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def briefing_json_ld(
    page: "BriefingPage", *, url: str, challenges, participant_links
) -> SafeString:
    """A schema.org NewsArticle: what it is `about` (its challenges) and who it
    `mentions` (its participants), ready to go in a <script type=ld+json>."""
    kinds = {"person": "Person", "organisation": "Organization", "state": "Country"}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.summary,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": page.machine_date,
        "publisher": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME},
        "author": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME},
        "about": [
            {
                "@type": "Thing",
                "name": challenge.name,
                "description": challenge.description,
            }
            for challenge in challenges
        ],
        "mentions": [
            {
                "@type": kinds.get(link.participant.kind, "Thing"),
                "name": link.participant.name,
            }
            for link in participant_links
        ],
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.source:
        data["isBasedOn"] = {
            "@type": "CreativeWork",
            "publisher": {"@type": "Organization", "name": page.source.name},
            **({"url": page.source_url} if page.source_url else {}),
        }
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))  # noqa: S308 (escaped above)
