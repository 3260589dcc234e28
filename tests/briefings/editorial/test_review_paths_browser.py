"""End to end in headless Chromium, a review: the moderator opens a briefing in
review, compares it with the live page and sees the change, requests changes
with a comment from the action menu; the editor then finds the comment and who
made it at the top of the edit page."""

import re

import pytest
from playwright.sync_api import expect

from briefings.models import BriefingPage
from tests.support.admin_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE_TITLE = "Challenges of Modern Peacekeeping"
NEW_TITLE = "Challenges of Modern Peacekeeping, a year on"
COMMENT = "Say which year: the summary still speaks of 2017."


@pytest.fixture
def in_review(staff):
    """A live seed briefing, retitled by the editor and submitted for review."""
    page = BriefingPage.objects.get(title=LIVE_TITLE)
    draft = page.get_latest_revision_as_object()
    draft.title = NEW_TITLE
    draft.save_revision(user=staff["editor"])
    page.refresh_from_db()
    page.get_workflow().start(page, staff["editor"])
    staff["moderator"].first_name = "Maria"
    staff["moderator"].last_name = "Okafor"
    staff["moderator"].save()
    return page


def test_a_moderator_compares_and_asks_the_editor_sees_it(
    chromium, live_server, in_review, shots
):
    base = live_server.url
    moderator = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = log_in(moderator, base, "moderator")
    page.goto(f"{base}/admin/pages/{in_review.pk}/edit/")
    expect(page.locator(".messages")).to_contain_text("Submitted for review by")
    shots(page, "review-01-moderator-opens")

    # The comparison shows the change under review, not two autosaves.
    page.get_by_role("link", name="Compare with the live page").click()
    page.wait_for_url(re.compile(r".*/revisions/compare/live\.\.\.\d+/$"))
    compare = page.locator("main")
    expect(compare).to_contain_text(LIVE_TITLE)
    expect(compare).to_contain_text("a year on")
    shots(page, "review-02-compare")

    # Request changes, from the notice where the moderator starts reading (the
    # footer's menu has it too), with a comment.
    page.go_back()
    page.locator(".messages").get_by_role("button", name="Request changes…").click()
    modal = page.locator(".modal-dialog")
    modal.locator("textarea").fill(COMMENT)
    shots(page, "review-03-comment")
    modal.locator("[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(
        f"Changes requested on “{NEW_TITLE}”"
    )
    shots(page, "review-04-requested")
    moderator.close()

    editor = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = log_in(editor, base, "editor")
    page.goto(f"{base}/admin/pages/{in_review.pk}/edit/")
    banner = page.locator(".messages")
    expect(banner).to_contain_text("Changes requested by Maria Okafor")
    expect(banner).to_contain_text(f"“{COMMENT}”")
    shots(page, "review-05-editor-sees-comment")
    editor.close()
