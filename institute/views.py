"""Site-wide error views: Django's 500 page, or a 503 page when the database is down."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
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
