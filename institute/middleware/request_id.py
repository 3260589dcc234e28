"""The request id: taken from nginx's X-Request-ID (or made), logged and returned."""

import logging
import re
import time
import uuid

from django.http import HttpRequest, HttpResponse

from institute.log_format import current_request_id

logger = logging.getLogger("institute.request")

# nginx sends 32 hex digits; anything else of a sane shape is kept too, so a
# load balancer's own ids also work. Anything longer or odder is replaced.
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
HEADER = "X-Request-ID"


class RequestIdMiddleware:
    """Tags the request, every log line made while serving it, and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            current_request_id.reset(token)
