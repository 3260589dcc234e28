"""The briefing page's share links: plain addresses of each network's own
"compose" page, with the briefing's address and title in the query string.

Plain links rather than the networks' buttons: those load scripts and images
from the networks (which the site's Content-Security-Policy refuses) and tell
them who reads what before anyone has chosen to share.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class ShareLink:
    """One way to share a briefing: the link's text and where it goes."""

    label: str
    # What a screen reader hears instead of the short label.
    description: str
    href: str


def share_links(*, url: str, title: str) -> list[ShareLink]:
    """Email, LinkedIn, X and Bluesky links sharing the briefing at `url`."""
    # mailto: wants %20 for spaces, not "+" (RFC 6068), hence quote_via.
    email = urlencode({"subject": title, "body": f"{title}\n\n{url}"}, quote_via=quote)
    return [
        ShareLink("Email", "Share by email", f"mailto:?{email}"),
        ShareLink(
            "LinkedIn",
            "Share on LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?"
            + urlencode({"url": url}),
        ),
        ShareLink(
            "X",
            "Share on X",
            "https://x.com/intent/tweet?" + urlencode({"text": title, "url": url}),
        ),
        # Bluesky's compose intent takes the whole post as its text.
        ShareLink(
            "Bluesky",
            "Share on Bluesky",
            "https://bsky.app/intent/compose?" + urlencode({"text": f"{title} {url}"}),
        ),
    ]
