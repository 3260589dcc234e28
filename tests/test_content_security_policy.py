"""In a real browser, the site's Content-Security-Policy blocks nothing it needs:
neither the readers' pages (strict policy) nor the Wagtail admin."""

import os

import pytest
from django.core.management import call_command

from briefings.models import BriefingPage
from tests.browser import browser  # noqa: F401  (the shared Chromium fixture)

# Transactions, so that the live server's thread sees the content; serialized
# rollback puts back the root page the migrations made, which a flush removes.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Playwright's sync API runs an event loop in the test thread (for the whole
# session, from the first browser test on), which Django's ORM would refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def site(live_server):
    """The live server with the seed content (visible to its thread)."""
    call_command("load_fixtures", verbosity=0)
    return live_server


def csp_violations(page, url: str) -> list[str]:
    """Console messages about the policy while `url` loads and settles."""
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return [text for text in messages if "Content Security Policy" in text]


def test_readers_pages_load_without_policy_violations(site, browser):  # noqa: F811
    briefing = BriefingPage.objects.live().first()
    page = browser.new_page()
    for path in ["/", "/briefings/", briefing.url, "/challenges/", "/nope/"]:
        assert csp_violations(page, site.url + path) == [], path
    # The stylesheet applied: the policy did not block it.
    page.goto(site.url + "/")
    colour = page.eval_on_selector("body", "el => getComputedStyle(el).color")
    assert colour == "rgb(29, 35, 48)"
    page.close()


def test_wagtail_admin_works_under_its_policy(site, browser, admin_user):  # noqa: F811
    briefing = BriefingPage.objects.live().first()
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.click("button[type=submit]")
    page.wait_for_url(site.url + "/admin/")
    for path in [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{briefing.pk}/edit/",
        "/admin/snippets/briefings/challenge/",
        "/admin/images/",
        "/admin/documents/",
        briefing.url,  # with the userbar
    ]:
        assert csp_violations(page, site.url + path) == [], path
    # The page editor's scripts ran: its StreamField controls are on the page.
    page.goto(site.url + f"/admin/pages/{briefing.pk}/edit/")
    page.wait_for_selector("[data-streamfield-stream-container]", timeout=10_000)
    context.close()
