"""The admin tests' set-up: the site's briefing index, clients logged in as an
editor or a moderator (a module needing more, such as its terms, defines its
own), and for the browser tests the shared Chromium, staff who log in with a
password, and screenshots."""

import pytest

from briefings.importing.writer import ensure_site_structure
from tests.support.admin_browser import shots, staff  # noqa: F401 (fixtures)
from tests.support.browser import browser  # noqa: F401 (the fixture)
from tests.support.staff import make_staff
from tests.support.uploads import make_upload_terms


@pytest.fixture
def index(db):
    """The briefing index new briefings are added under."""
    return ensure_site_structure()


@pytest.fixture
def editor_client(client, db):
    """The test client, logged in as a member of the Editors group."""
    client.force_login(make_staff("Editors"))
    return client


@pytest.fixture
def moderator_client(client, db):
    """The test client, logged in as a member of the Moderators group."""
    client.force_login(make_staff("Moderators"))
    return client


@pytest.fixture
def chromium(browser):  # noqa: F811
    """The shared headless Chromium (tests/support/browser.py)."""
    return browser


@pytest.fixture
def terms(db):
    """The terms the admin import's test articles name (`tests.support.uploads`)."""
    make_upload_terms()
