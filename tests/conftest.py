"""Shared test set-up: the seed content loaded once per test that asks for it."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from institute import generation_memo


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: its database is its own, so listing
    counts kept by an earlier test would describe other briefings (and so would
    the sites and pages kept in memory, institute.generation_memo)."""
    cache.clear()
    generation_memo.forget_all()
    yield
    cache.clear()
    generation_memo.forget_all()


@pytest.fixture
def seeded(db):
    """The site with the project's fixtures loaded, as `make run` leaves it."""
    call_command("load_fixtures", verbosity=0)
    return settings.FIXTURES_CONTENT_DIR
