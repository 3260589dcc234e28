"""Pagination for listings that never fails on a bad `page` parameter."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator

PAGE_SIZE = 20


def paginate(request, items, *, per_page: int = PAGE_SIZE) -> PaginatorPage:
    """The requested page of `items` (a sequence, e.g. `deep_pages.ListingIds`,
    or a queryset). A missing or malformed `page` gives the first page, one past
    the end the last page, instead of an error."""
    paginator = Paginator(items, per_page)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    # Django's get_page sends page=0 or page=-1 to the last page; the first is
    # what a reader who typed it meant.
    return paginator.get_page(max(number, 1))
