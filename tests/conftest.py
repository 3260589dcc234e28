"""Shared test set-up: the seed content loaded once per test that asks for it."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: its database is its own, so a page
    cached by an earlier test would show other briefings."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seeded(db):
    """The site with the project's fixtures loaded, as `make run` leaves it."""
    call_command("load_fixtures", verbosity=0)
    return settings.FIXTURES_CONTENT_DIR
