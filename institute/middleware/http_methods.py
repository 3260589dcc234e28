"""The HTTP methods the site answers: 405 for those it does not use, HEAD bodiless."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
# Wagtail's admin scripts send PATCH (hints an editor dismissed) and DELETE
# (ending a preview); its views refuse the methods they do not handle themselves.
EXEMPT_PREFIXES = ("/admin/",)


class HttpMethodsMiddleware:
    """Answers methods other than ALLOWED_METHODS with 405 (not a CSRF failure, nor
    a GET view's page for TRACE), and drops the body of HEAD responses, which
    gunicorn sends where runserver and the test client leave it out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ALLOWED_METHODS and not request.path.startswith(
            EXEMPT_PREFIXES
        ):
            return HttpResponseNotAllowed(
                ALLOWED_METHODS,
                f"{request.method} is not allowed here.\n",
                content_type="text/plain; charset=utf-8",
            )
        response = self.get_response(request)
        if request.method == "HEAD":
            _drop_body(response)
        return response


def _drop_body(response: HttpResponse) -> None:
    """Keeps the headers GET would send, Content-Length included."""
    if response.streaming:
        # Nothing of the stream is read. Its iterator stays among the resources
        # the response closes when the server closes the response.
        response.streaming_content = []
    else:
        response.setdefault("Content-Length", str(len(response.content)))
        response.content = b""
