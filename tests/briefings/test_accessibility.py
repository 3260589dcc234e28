"""The public pages in real headless Chromium: axe-core finds no WCAG 2.2 A/AA
violations, a phone-sized screen needs no sideways scrolling, and print hides the
navigation and filters."""

import pytest

from tests.support.browser import browser, run_axe  # noqa: F401 (the fixture)

# The live server reads the database from another thread, so the test commits
# (on the seed content, committed once per session); the flush afterwards
# empties the database, and the suite's conftest loads the seed again.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "home": "/",
    "listing with filters": (
        "/briefings/?challenge=political-solutions&participant=jean-pierre-lacroix"
        "&from=2016&q=peacekeeping"
    ),
    "listing with invalid input": "/briefings/?from=2018-02-30&challenge=nope&page=0",
    "empty listing": "/briefings/?from=2030",
    "search with passages": "/briefings/?q=calendars+peacekeeping",
    "search with did you mean": "/briefings/?q=peacekeepng",
    "listing, page out of range": "/briefings/?page=999999",
    "participants A to Z": "/participants/",
    "not found": "/briefings/no-such-briefing/",
    "briefing": "/briefings/challenges-of-modern-peacekeeping/",
    "theme": "/challenges/political-solutions/",
    "theme list": "/challenges/",
    "participant": "/participants/jean-pierre-lacroix/",
    "participant list": "/participants/?kind=person",
    "insights": "/insights/",
    "insights with filters": "/insights/?participant=african-union&from=2015",
    "theme insights": "/challenges/political-solutions/insights/",
}


@pytest.fixture
def site_url(browser, live_server):  # noqa: F811
    """The live test server, on the seed content."""
    return live_server.url


def describe(violations: list[dict]) -> str:
    return "; ".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in violations
    )


# One test walks every check: a transactional test costs a flush and a reload
# of the seed content.
def test_pages_are_accessible_fit_a_phone_and_print_cleanly(
    browser,  # noqa: F811
    site_url,
):
    # axe-core is injected as an inline script, which the site's CSP refuses.
    page = browser.new_page(bypass_csp=True)
    try:
        for name, path in PAGES.items():
            response = page.goto(site_url + path)
            assert response.status == (404 if name == "not found" else 200), name
            violations = run_axe(page)
            assert violations == [], f"{name}: {describe(violations)}"

        page.goto(site_url + "/briefings/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        assert page.is_visible(".skip-link")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"

        page.set_viewport_size({"width": 375, "height": 740})
        for name, path in PAGES.items():
            page.goto(site_url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"

        page.goto(site_url + PAGES["listing with filters"])
        assert page.is_visible("form.filters")
        page.emulate_media(media="print")
        assert not page.is_visible("form.filters")
        assert not page.is_visible(".site-header nav")
        assert page.is_visible(".cards")
    finally:
        page.close()
