"""The API's `page` and `page_size` parameters: numbered pages of at most
MAX_PAGE_SIZE briefings. Hand-rolled rather than REST framework's
PageNumberPagination, which counts with its own COUNT(*): the listing's count
comes from the read model's rolled-up counts (`listing.facets`)."""

from django.core.paginator import Paginator
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, ValidationError

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

PARAMETERS = [
    OpenApiParameter("page", int, description="The page, from 1.", required=False),
    OpenApiParameter(
        "page_size",
        int,
        description=f"Items a page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
        required=False,
    ),
]


def _number(request, name: str, *, default: int, most: int | None = None) -> int:
    given = request.query_params.get(name)
    if given is None:
        return default
    try:
        value = int(given)
    except ValueError:
        raise ValidationError({name: ["Enter a whole number."]}) from None
    if value < 1 or (most is not None and value > most):
        limit = f" and {most}" if most is not None else ""
        raise ValidationError({name: [f"Enter a number between 1{limit}."]})
    return value


def page_of(request, rows):
    """The requested page of `rows` (a sequence with a known length): 400 for a
    bad number, 404 past the last page."""
    number = _number(request, "page", default=1)
    size = _number(request, "page_size", default=PAGE_SIZE, most=MAX_PAGE_SIZE)
    paginator = Paginator(rows, size)
    if number > paginator.num_pages:
        raise NotFound(f"There is no page {number}: the last is {paginator.num_pages}.")
    return paginator.page(number)


def neighbour_url(request, page, offset: int) -> str | None:
    """The address of the page `offset` away, with the same parameters."""
    number = page.number + offset
    if number < 1 or number > page.paginator.num_pages:
        return None
    query = request.query_params.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
