"""The site's public address, from one setting (`WAGTAILADMIN_BASE_URL`, read
from the environment in production; `make run`'s served address by default).

Every absolute link the site writes (canonical links, `og:url`, citations,
BibTeX, RIS and CSL-JSON, the sitemap, feeds, mails) starts with it, never with
the host a request happened to name nor with the Wagtail Site's `localhost:80`.
"""

from urllib.parse import urlsplit

from django.conf import settings


def root_url() -> str:
    """ "https://institute.example": the address, without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path: str) -> str:
    """The absolute address of a path of the site ("/briefings/")."""
    return root_url() + path


def host_and_port() -> tuple[str, int]:
    """The address's host and port, as the Wagtail Site records them."""
    parts = urlsplit(root_url())
    default = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default
