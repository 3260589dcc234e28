"""Site-wide views: the error pages (Django's 500 page, or a 503 page when the
database is down) and /favicon.ico."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template import loader
from django.templatetags.static import static
from django.views import defaults

# How long a reader is asked to wait when the database is unavailable.
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that cannot be reached is "try again soon" (503)."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return service_unavailable(request)
    return defaults.server_error(request)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page, rendered without the database (no context processors)."""
    body = loader.get_template("503.html").render()
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def favicon(request):
    """/favicon.ico, which feed readers and crawlers ask for: the site's icon.
    Its static address is looked up per request (with hashed names in
    production, the manifest may not be read when the URLs are imported)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
