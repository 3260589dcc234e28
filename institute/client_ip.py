"""The real client's address behind nginx; used by django-axes to throttle logins."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """X-Real-IP when the request came from a trusted proxy, else the peer address.

    nginx overwrites X-Real-IP with the address it saw, so the header is believed
    only from the proxies in TRUSTED_PROXY_IPS: anyone else could forge it and
    dodge the login throttle.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
    if forwarded and peer in settings.TRUSTED_PROXY_IPS:
        return forwarded
    return peer
