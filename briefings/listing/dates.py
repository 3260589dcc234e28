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
