"""The addresses every page links to, for the templates (`site_links`): read from
the page tree once per content change, not written into the templates."""

from django.utils.functional import SimpleLazyObject

from institute.caching.data import kept
from institute.site_address import root_url

from .models import BriefingIndexPage

# Where the links point before the site has a briefings index (a fresh database).
FALLBACK = "/briefings/"


def links() -> dict[str, str]:
    """The briefings index's address, and its feeds'."""
    index = BriefingIndexPage.objects.live().first()
    url = (index.url if index is not None else None) or FALLBACK
    return {"briefings": url, "feed": f"{url}feed/", "atom": f"{url}feed/atom/"}


def site_links(request) -> dict:
    """Context processor: `site_links.briefings`, `.feed` and `.atom`, read only
    by the templates that use them; `site_root`, the site's address
    (`institute.site_address`, a setting: nothing to keep)."""
    return {
        "site_links": SimpleLazyObject(lambda: kept("site-links", links)),
        "site_root": root_url(),
    }
