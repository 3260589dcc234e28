"""Pagination for listings that never fails on a bad `page` parameter."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet

PAGE_SIZE = 20


class CountedRows:
    """A queryset whose length is already known (the listing's count), as a
    sequence Django's paginator slices: it asks for no COUNT of its own.

    A page's keys are read first (from the listing's index alone, however deep
    the page: page 500 skips 10,000 entries of it), then its rows by key."""

    def __init__(self, queryset: QuerySet, *, count: int):
        self.queryset = queryset
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, rows: slice) -> list:
        keys = list(self.queryset.values_list("pk", flat=True)[rows])
        found = self.queryset.order_by().in_bulk(keys)
        return [found[key] for key in keys if key in found]


def paginate(request, items, *, per_page: int = PAGE_SIZE) -> PaginatorPage:
    """The requested page of `items` (a sequence, e.g. `CountedRows`, or a
    queryset). A missing or malformed `page` gives the first page, one past the
    end the last page, instead of an error."""
    paginator = Paginator(items, per_page)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    # Django's get_page sends page=0 or page=-1 to the last page; the first is
    # what a reader who typed it meant.
    return paginator.get_page(max(number, 1))
