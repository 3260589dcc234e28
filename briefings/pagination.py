"""Pagination for listings that never fails on a bad `page` parameter."""

from functools import cached_property

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator

PAGE_SIZE = 20


class CountedPaginator(Paginator):
    """A paginator of a queryset, told its count (e.g. from the listing's facet
    counts) instead of asking the database for it.

    Give it the listing's primary keys (`values_list("pk", flat=True)`): a page
    is then read from the ordering index alone, so a deep page passes over
    thousands of index entries rather than thousands of whole rows, and the
    rows are fetched by pk for the page only (`briefings.cards`).
    """

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count

    def page(self, number) -> PaginatorPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return self._get_page(list(self.object_list[bottom:top]), number, self)


def paginate(
    request, queryset, *, per_page: int = PAGE_SIZE, count: int | None = None
) -> PaginatorPage:
    """The requested page of `queryset`. A missing or malformed `page` gives the
    first page, one past the end the last page, instead of an error. `count`, when
    known, saves the database a count."""
    if count is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = CountedPaginator(queryset, per_page, count=count)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    # Django's get_page sends page=0 or page=-1 to the last page; the first is
    # what a reader who typed it meant.
    return paginator.get_page(max(number, 1))
