"""A listing's primary keys, read page by page from bookmarks rather than from
the first row ("keyset pagination" with page numbers).

An OFFSET of N makes the database walk N rows of the listing, and on the
listing each of them checks that its page is live: page 500 (10,000 rows) took
about 14 ms where page 1 takes well under one. Here the (date, pk) key of every
500th row is found in one pass over the listing and kept until the content
changes (`content_cache.kept`); a deeper page starts from the nearest bookmark
before it and skips at most 499 rows. Django's paginator and django-filter only
know OFFSET, hence this module.
"""

import hashlib

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber

from .content_cache import kept
from .models import BriefingPage

STRIDE = 500
# The orders that bookmarks serve; the listing's key is (date, pk) in both.
ORDERS = {
    "newest": [F("date").desc(), F("pk").desc()],
    "oldest": [F("date").asc(), F("pk").asc()],
}


class ListingIds:
    """The pks of a filtered listing (`queryset`, in `order`), `count` of them, as
    a sequence Django's paginator slices; `key` names the listing (scope and
    filters) under which its bookmarks are kept."""

    def __init__(self, queryset: QuerySet[BriefingPage], *, order, count, key):
        self.queryset = queryset
        self.order = order
        self.count = count
        self.key = hashlib.sha256(repr((key, order)).encode()).hexdigest()

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, rows: slice) -> list[int]:
        ids = self.queryset.values_list("pk", flat=True)
        # Without the content cache the bookmarks would be found again on every
        # request: a pass over the whole listing, dearer than the OFFSET.
        if (
            rows.start < STRIDE
            or self.order not in ORDERS
            or settings.LISTING_CACHE_SECONDS <= 0
        ):
            return list(ids[rows])
        marks, _ = kept(f"bookmarks:{self.key}", self.bookmarks)
        if not marks:  # counted under a publish the rows no longer match
            return list(ids[rows])
        index = min(rows.start // STRIDE, len(marks) - 1)
        date, pk = marks[index]
        if self.order == "newest":
            seek = Q(date__lte=date) & (Q(date__lt=date) | Q(pk__lte=pk))
        else:
            seek = Q(date__gte=date) & (Q(date__gt=date) | Q(pk__gte=pk))
        skip = rows.start - index * STRIDE
        return list(ids.filter(seek)[skip : skip + rows.stop - rows.start])

    def bookmarks(self) -> list[tuple]:
        """The (date, pk) of rows 0, STRIDE, 2 × STRIDE… of the listing."""
        numbered = self.queryset.annotate(
            row=Window(RowNumber(), order_by=ORDERS[self.order])
        )
        marks = numbered.filter(row__in=range(1, self.count + 1, STRIDE))
        return list(marks.order_by("row").values_list("date", "pk"))
