"""The page Varnish gives a reader when no app server answers and it holds
nothing for the address: readable on a phone, and accessible."""

from pathlib import Path

import pytest

from tests.support.browser import browser, run_axe  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser
PAGE = Path(__file__).resolve().parents[2] / "deploy/varnish/unavailable.html"


def test_the_unavailable_page_is_accessible_and_fits_a_phone(browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 375, "height": 740})
    try:
        page.goto(PAGE.as_uri())
        assert page.inner_text("h1") == "Briefly unavailable"
        assert page.get_attribute("a", "href") == "/"
        assert run_axe(page) == []
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0
    finally:
        page.close()
