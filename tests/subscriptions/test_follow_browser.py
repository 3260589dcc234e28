"""A reader follows a listing by email in real headless Chromium on a phone:
the follow form, the confirmation mail's link, the digest mail's unsubscribe
link; every page of the walk passes axe-core's WCAG 2.2 A/AA rules and needs no
sideways scrolling.

`FOLLOW_SHOTS=1` saves a screenshot of each step to /tmp/follow-shots/.
"""

import os
import re
from pathlib import Path

import pytest
from django.utils import timezone

from briefings.models import Challenge
from subscriptions.models import Subscription
from tests.support.browser import browser, run_axe  # noqa: F401 (the fixture)
from tests.support.factories import make_briefing
from tests.support.smtp import text_of

# The live server reads the database from another thread, so the test commits
# (on the seed content); see tests/briefings/test_accessibility.py.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
READER = "reader@example.org"
SHOTS = Path("/tmp/follow-shots")


class Walk:
    """One reader's browser tab; `see` checks the page now open (axe, no
    sideways scrolling) and keeps a screenshot of it when asked to."""

    def __init__(self, page):
        self.page = page
        self.steps = 0
        self.problems: list[str] = []
        self.shots = SHOTS if os.environ.get("FOLLOW_SHOTS") else None
        if self.shots:
            self.shots.mkdir(parents=True, exist_ok=True)

    def see(self, name: str, heading: str) -> None:
        self.page.get_by_role("heading", level=1, name=heading).wait_for()
        self.steps += 1
        if self.shots:
            path = self.shots / f"{self.steps:02d}-{name}.png"
            self.page.screenshot(path=path, full_page=True)
        violations = run_axe(self.page)
        if violations:
            self.problems.append(f"{name}: {describe(violations)}")
        # On a phone (`is_mobile`) Chromium widens window.innerWidth to fit a
        # page too wide for it; clientWidth stays the phone's width.
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        if overflow > 0:
            self.problems.append(f"{name} scrolls sideways by {overflow}px")

    def click(self, role: str, name: str) -> None:
        """Click a link or button by its visible text; wait for the next page."""
        with self.page.expect_navigation():
            self.page.get_by_role(role, name=name, exact=True).click()


def describe(violations: list[dict]) -> str:
    return "; ".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in violations
    )


def link_in(message, kind: str, base_url: str) -> str:
    """The mail's confirm, unsubscribe or manage link (on the live server)."""
    pattern = re.escape(base_url) + rf"/subscriptions/{kind}/[^/\s]+/"
    found = re.search(pattern, text_of(message))
    assert found, f"No {kind} link in:\n{text_of(message)}"
    return found.group()


def next_mail(smtp, count: int):
    """The mail that makes `count`, once the server has it."""
    mails = smtp.wait_for(count)
    assert len(mails) == count, [m["Subject"] for m in mails]
    assert READER in mails[-1]["To"]
    return mails[-1]


def subscription() -> Subscription:
    return Subscription.objects.get(subscriber__email_key=READER)


@pytest.fixture
def phone(browser, live_server, smtp, settings):  # noqa: F811
    """A phone-sized tab, with mail links pointing at the live server."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    # axe-core is injected as an inline script, which the site's CSP refuses.
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
    )
    try:
        yield Walk(context.new_page())
    finally:
        context.close()


# One test walks it all: a transactional test costs a flush and a reload of the
# seed content.
def test_a_reader_follows_confirms_gets_a_briefing_and_unsubscribes(
    phone, live_server, smtp
):
    walk, page, site = phone, phone.page, live_server.url
    mandates = Challenge.objects.get(slug="mandates")

    page.goto(site + "/briefings/?challenge=mandates")
    assert page.locator(".cards > li").count() > 0, "the seed has such briefings"
    walk.see("listing", "Briefings")

    walk.click("link", "by email")
    assert page.url.startswith(site + "/briefings/follow/?challenge=mandates")
    walk.see("follow-form", "Follow by email")

    page.get_by_label("Your email address").fill("reader@example")
    walk.click("button", "Follow")
    assert page.get_by_label("Your email address").get_attribute("aria-invalid")
    assert page.locator(".field-error").is_visible()
    walk.see("invalid-email", "Follow by email")

    page.get_by_label("Your email address").fill(READER)
    page.get_by_label("As published").check()
    walk.click("button", "Follow")
    assert page.get_by_text(READER).is_visible()
    walk.see("check-inbox", "Check your inbox")

    confirmation = next_mail(smtp, 1)
    page.goto(link_in(confirmation, "confirm", site))
    walk.see("confirm", "Confirm your subscription")
    assert not subscription().active, "the link alone subscribes no one"

    walk.click("button", "Confirm")
    walk.see("confirmed", "You are following these briefings")
    assert subscription().active

    walk.click("link", "Manage your subscriptions")
    assert page.get_by_text("Active", exact=True).is_visible()
    walk.see("manage", "Your subscriptions")

    # An editor publishes a briefing on that challenge.
    make_briefing(
        "Mandates under review", date=timezone.localdate(), challenges=[mandates]
    )
    digest = next_mail(smtp, 2)
    assert "Mandates under review" in text_of(digest)

    page.goto(link_in(digest, "unsubscribe", site))
    walk.see("unsubscribe", "Stop these emails?")
    walk.click("button", "Unsubscribe")
    walk.see("unsubscribed", "You are unsubscribed")
    assert not subscription().active

    assert walk.problems == []
