"""Fixtures of the admin's browser tests: the shared Chromium, staff who log in,
screenshots."""

import pytest

from tests.support.admin_browser import shots, staff  # noqa: F401 (fixtures)
from tests.support.browser import browser  # noqa: F401 (the fixture)


@pytest.fixture
def chromium(browser):  # noqa: F811
    """The shared headless Chromium (tests/support/browser.py)."""
    return browser
