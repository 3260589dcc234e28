"""Shared test set-up: the seed content, loaded once per test session, and an
empty cache for every test.

The seed content (`fixtures/`) is in every test's database, as `make run` leaves
a site: each test runs in a transaction that is rolled back, so what a test
changes is gone for the next. Tests that build their own data with
`tests/support/factories.py` do so beside it.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from tests.support.database import SeededCopy, module_data
from tests.support.factories import only_own_briefings, only_own_content


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The test database (one per worker), with the seed content loaded once."""
    request.config.stash[BLOCKER] = django_db_blocker
    with django_db_blocker.unblock():
        call_command("load_fixtures", verbosity=0)
        request.config.stash[SEEDED] = SeededCopy()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a page cached by an earlier test
    would show what that test changed."""
    cache.clear()
    yield
    cache.clear()


# The session's database blocker and seeded database, for the teardown hook below.
BLOCKER = pytest.StashKey()
SEEDED = pytest.StashKey()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A test that really commits (a live server's, `transaction=True`) ends with
    the database emptied; once its fixtures are torn down (the flush among
    them), what the migrations made and the seed content are put back for the
    tests after it."""
    result = yield
    marker = item.get_closest_marker("django_db")
    committed = (marker is not None and marker.kwargs.get("transaction")) or (
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )
    # After the session's last test the test database is gone already.
    if committed and nextitem is not None and BLOCKER in item.config.stash:
        with item.config.stash[BLOCKER].unblock():
            item.config.stash[SEEDED].put_back()
    return result


@pytest.fixture
def seeded(db, request):
    """The site with the project's fixtures loaded, as `make run` leaves it."""
    taken_out = {"module_own_briefings", "module_own_content"}
    assert not taken_out & set(request.fixturenames), "this module took the seed out"
    return settings.FIXTURES_CONTENT_DIR


@pytest.fixture
def own_briefings(request, db):
    """The seed's briefings taken out: for a module whose tests list or count
    every briefing there is (its terms stay); not for its tests that ask for
    the seed content (`seeded`)."""
    if "seeded" not in request.fixturenames:
        only_own_briefings()


@pytest.fixture
def own_content(request, db):
    """The seed's briefings and terms taken out: for a module whose tests list
    every term there is; not for its tests that ask for the seed (`seeded`)."""
    if "seeded" not in request.fixturenames:
        only_own_content()


# The same, once for a whole module (marked `django_db`) whose tests never ask
# for the seed: taken out in the module's transaction (`module_data`), put back
# after its last test.
module_own_briefings = module_data(only_own_briefings)
module_own_content = module_data(only_own_content)


def pytest_collection_modifyitems(items):
    """The slow files (a production stack, an archive of thousands) first: the
    workers take files in this order (`--dist loadfile`), so the longest start
    at once and the others share what is left, rather than one starting last."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
