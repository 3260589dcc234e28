"""A reader on a phone (390×844, Chromium): the first result is on the first
screen, the filters wait behind "Filters (n)", and applying them lands on the
results, with no empty parameters in the address."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from tests.support.browser import browser  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_reader_on_a_phone_sees_results_first(browser, live_server):  # noqa: F811
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/briefings/?challenge=political-solutions")
        first = page.locator(".cards > li").first
        box = first.bounding_box()
        assert box is not None and box["y"] < PHONE["height"], (
            f"the first result starts {box and box['y']}px down, below one screen"
        )
        jump = page.get_by_role("link", name="Filters (1)")
        expect(jump).to_be_visible()
        jump.click()
        expect(page.locator("form.filters")).to_be_in_viewport()

        # Apply a search from the filters: the page opens on the results.
        page.locator("form.filters input[name=q]").fill("peacekeeping")
        page.locator("form.filters [type=submit]").first.click()
        page.wait_for_url("**#results")
        query = dict(parse_qsl(urlsplit(page.url).query, keep_blank_values=True))
        assert query.get("q") == "peacekeeping"
        assert all(value for value in query.values()), f"empty parameters: {page.url}"
        expect(page.locator(".cards > li").first).to_be_in_viewport()
    finally:
        context.close()
