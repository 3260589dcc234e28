"""A listing's address without the empty fields a submitted filter form leaves
(`?q=&from=&to=`): the reader lands on the same listing under the address they
would have typed, and shares, bookmarks and caches see one address per listing."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect


def redirect_without_empty(request: HttpRequest) -> HttpResponseRedirect | None:
    """A redirect to the request's address without its empty parameters, or
    None when it has none (or is not a GET, or is an editor's preview, whose
    address is the admin's)."""
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return None
    pairs = [(key, value) for key, values in request.GET.lists() for value in values]
    kept = [(key, value) for key, value in pairs if value.strip()]
    if len(kept) == len(pairs):
        return None
    query = urlencode(kept)
    return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))
