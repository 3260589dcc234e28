"""The briefing page's tools in real headless Chromium, under the site's own
Content-Security-Policy: Copy citation puts the citation, with the reader's
access date, on the clipboard and says so; Copy link and Print show; nothing is
fetched from another site; axe-core finds no violations."""

import datetime

import pytest

from tests.support.browser import browser, run_axe  # noqa: F401 (the fixture)

# The live server reads the database from another thread, so the test commits
# (see tests/briefings/test_accessibility.py).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BRIEFING = "/briefings/challenges-of-modern-peacekeeping/"


def test_copy_citation_copies_it_with_todays_access_date(
    browser,  # noqa: F811
    live_server,
):
    context = browser.new_context()
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    page = context.new_page()
    requested, errors = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        assert page.goto(live_server.url + BRIEFING).status == 200
        for label in ("Copy citation", "Copy link", "Print"):
            assert page.get_by_role("button", name=label).is_visible(), label

        page.get_by_role("button", name="Copy citation").click()
        status = page.locator(".cite [role=status]")
        status.filter(has_text="Citation copied").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        # The browser's day, as the reader's computer gives it.
        today = datetime.date.fromisoformat(
            page.evaluate(
                "(() => { const d = new Date(); return d.getFullYear() + '-' +"
                " String(d.getMonth() + 1).padStart(2, '0') + '-' +"
                " String(d.getDate()).padStart(2, '0'); })()"
            )
        )
        accessed = f"{today.day} {today:%B} {today.year}"
        assert copied.startswith(
            "Institute for Peace Operations (2017). “Challenges of Modern "
            "Peacekeeping”. Briefing, 1 September 2017."
        )
        assert copied.endswith(
            f"Based on an original published by INEX. Accessed {accessed}. "
            f"http://testserver{BRIEFING}"
        )

        page.get_by_role("button", name="Copy link").click()
        page.locator(".share [role=status]").filter(has_text="Link copied").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == (
            f"http://testserver{BRIEFING}"
        )

        page.emulate_media(media="print")
        assert not page.get_by_role("button", name="Print").is_visible()
        assert not page.locator(".share").is_visible()
        assert page.locator(".cite__text").is_visible()

        assert errors == []
        assert [url for url in requested if not url.startswith(live_server.url)] == []
    finally:
        context.close()

    # axe-core is injected as an inline script, which the site's CSP refuses.
    page = browser.new_page(bypass_csp=True)
    try:
        page.goto(live_server.url + BRIEFING)
        violations = run_axe(page)
        assert violations == [], [v["id"] for v in violations]
    finally:
        page.close()
