"""Pagination for listings that never fails on a bad `page` parameter."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator

PAGE_SIZE = 20


def paginate(request, queryset, *, per_page: int = PAGE_SIZE) -> PaginatorPage:
    """The requested page of `queryset`; a missing, malformed or out-of-range
    `page` falls back to the nearest valid page instead of an error."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
