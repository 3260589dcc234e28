"""Page passwords (Wagtail's page privacy) throttled per client address, as
django-axes throttles the admin login; mounted over Wagtail's view in urls.py.

In the project package rather than in briefings: a password can guard any page of
the tree, and the throttle belongs beside `client_ip` and the login's settings.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail import views as wagtail_views

from .client_ip import client_ip

logger = logging.getLogger(__name__)

# As long as a locked-out admin login waits (AXES_COOLOFF_TIME).
LOCKOUT_SECONDS = 60 * 60


def authenticate_with_password(
    request: HttpRequest, page_view_restriction_id: int, page_id: int
) -> HttpResponse:
    """Wagtail's password form view, answering 429 without checking the password
    once AXES_FAILURE_LIMIT wrong ones for the restriction came from the address
    within LOCKOUT_SECONDS."""
    if request.method != "POST":  # Shows the form: nothing is tried.
        return wagtail_views.authenticate_with_password(
            request, page_view_restriction_id, page_id
        )
    key = f"page-password-failures:{page_view_restriction_id}:{client_ip(request)}"
    if cache.get(key, 0) >= settings.AXES_FAILURE_LIMIT:
        response = render(request, "page_password_locked.html", status=429)
        # The hour began at the first failure, so this is the longest wait.
        response["Retry-After"] = str(LOCKOUT_SECONDS)
        return response
    response = wagtail_views.authenticate_with_password(
        request, page_view_restriction_id, page_id
    )
    # Wagtail redirects to the page once the password is right, and shows the
    # form again (with its error) when it is wrong.
    if 300 <= response.status_code < 400:
        cache.delete(key)  # As the admin login forgets (AXES_RESET_ON_SUCCESS).
    else:
        _count_failure(key)
    return response


def _count_failure(key: str) -> None:
    """One more wrong password; the count expires LOCKOUT_SECONDS after the first."""
    # add, then incr: each is atomic in Redis, so guesses sent in parallel to
    # several app servers are all counted.
    try:
        if not cache.add(key, 1, timeout=LOCKOUT_SECONDS):
            cache.incr(key)
    except ValueError:  # It expired between the two calls: this one starts anew.
        cache.add(key, 1, timeout=LOCKOUT_SECONDS)
    except Exception:  # Redis is down: the form still answers, unthrottled.
        logger.warning("Could not count a wrong page password", exc_info=True)
