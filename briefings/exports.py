"""A listing's briefings as a download (`export.csv`, `export.json` beside every
listing, theme and participant page), with the listing's filters.

Streamed: the rows are read in chunks by their (date, id) key, so that 100,000
of them never sit in memory, and each chunk's terms in one query. Each briefing
is the API's record (`api.records`), so the three say the same. Hand-rolled
streaming because neither Django's nor REST framework's renderers stream a
queryset; the CSV itself is Python's `csv`.
"""

import csv
import io
import json
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import StreamingHttpResponse

from .api.records import briefing_records
from .listing.build import Scope, listing_filterset
from .listing.filters import BriefingFilterSet

CHUNK = 1_000
COLUMNS = ["title", "date", "source", "url", "challenges", "participants", "summary"]
# What a spreadsheet would take for a formula (OWASP's list): such a cell gets
# a leading apostrophe, which the spreadsheet shows as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def records(request, filterset: BriefingFilterSet) -> Iterator[dict]:
    """Every briefing the filterset lists, newest first (oldest first with
    `sort=oldest`; a search exports in date order too), as API records."""
    filterset.errors  # noqa: B018 (validates; invalid filters are left out)
    oldest = filterset.sort_order == "oldest"
    queryset = filterset.queryset_without("sort")
    direction = ("date", "page_id") if oldest else ("-date", "-page_id")
    after = None
    while True:
        chunk = queryset
        if after is not None:
            date, pk = after
            chunk = chunk.filter(
                Q(date__gt=date) | Q(date=date, page_id__gt=pk)
                if oldest
                else Q(date__lt=date) | Q(date=date, page_id__lt=pk)
            )
        entries = list(chunk.order_by(*direction)[:CHUNK])
        if not entries:
            return
        yield from briefing_records(entries, request)
        after = (entries[-1].date, entries[-1].page_id)


def safe_cell(value: str) -> str:
    """The value as a spreadsheet cell that is never read as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_row(record: dict) -> list[str]:
    participants = "; ".join(
        f"{p['name']} ({p['role']})" if p["role"] else p["name"]
        for p in record["participants"]
    )
    row = {
        "title": record["title"],
        "date": record["date"].isoformat(),
        "source": record["source"]["name"] if record["source"] else "",
        "url": record["url"],
        "challenges": "; ".join(c["name"] for c in record["challenges"]),
        "participants": participants,
        "summary": record["summary"],
    }
    return [safe_cell(row[column]) for column in COLUMNS]


def csv_lines(items: Iterator[dict]) -> Iterator[str]:
    # A byte-order mark first: spreadsheets then read the file as UTF-8.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    for record in items:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(csv_row(record))
        yield buffer.getvalue()


def json_lines(items: Iterator[dict]) -> Iterator[str]:
    yield "["
    for number, record in enumerate(items):
        prefix = "\n" if number == 0 else ",\n"
        yield prefix + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield "\n]\n"


FORMATS = {
    "csv": ("text/csv; charset=utf-8", csv_lines),
    "json": ("application/json; charset=utf-8", json_lines),
}


def export(request, fmt: str, *, scope: Scope | None = None, name: str = "briefings"):
    """The listing's briefings (of `scope`'s term, else all) as a streamed
    download in `fmt` ("csv" or "json")."""
    content_type, lines = FORMATS[fmt]
    filterset = listing_filterset(filters=request.GET, scope=scope)
    response = StreamingHttpResponse(
        (line.encode() for line in lines(records(request, filterset))),
        content_type=content_type,
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
