"""A briefing's date as precisely as its original gives it."""

import datetime

from django.utils.dates import MONTHS


def display_date(date: datetime.date, precision: str) -> str:
    """ "1 September 2017", "September 2017" or "2017" (precision day, month, year).

    Composed here rather than by Django's `date` format: a listing shows 20
    dates, and the format parser cost more than the rest of a card."""
    if precision == "year":
        return str(date.year)
    month_year = f"{MONTHS[date.month]} {date.year}"
    if precision == "month":
        return month_year
    return f"{date.day} {month_year}"


def machine_date(date: datetime.date, precision: str) -> str:
    """ "2017-09-01", "2017-09" or "2017": the date as precisely as the original
    gives it, for a <time datetime> (HTML's date, month and year strings) and
    other ISO 8601 fields, which would otherwise claim a day nobody knows."""
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()
