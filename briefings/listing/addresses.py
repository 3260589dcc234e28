"""The public addresses of theme and participant pages, worked out once per slug:
a listing links to dozens of terms, and `reverse` costs more than the rest of a
link's rendering."""

from functools import lru_cache

from django.urls import reverse

TERM_VIEWS = {"c": "briefings:challenge_detail", "p": "briefings:participant_detail"}


@lru_cache(maxsize=20_000)
def term_url(kind: str, slug: str) -> str:
    """The page of the term of `kind` with this slug (challenges, participants)."""
    return reverse(TERM_VIEWS[kind], kwargs={"slug": slug})
