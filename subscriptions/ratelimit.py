"""Counters in the shared cache that cap how often the follow form can be
used: per client address, and per email address for the confirmation mails
(the only mail an unconfirmed address can get)."""

from django.core.cache import cache

# Follow requests from one client address per hour.
PER_CLIENT = (20, 3600)
# Confirmation mails to one email address per day.
PER_ADDRESS = (3, 24 * 3600)


def allow(key: str, *, limit: int, period: int) -> bool:
    """Count one more use of `key`; whether it is within `limit` per `period`
    seconds (a fixed window starting at its first use)."""
    key = f"subscriptions-rate:{key}"
    cache.add(key, 0, timeout=period)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        used = 1
    return used <= limit
