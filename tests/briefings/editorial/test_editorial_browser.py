"""End to end in headless Chromium: an editor writes and tags a briefing, accepts a
tag suggestion and submits it; a moderator approves; a reader finds it."""

import re

import pytest
from playwright.sync_api import expect

from briefings.models import BriefingPage, Challenge, Participant, Source
from tests.support.admin_browser import log_in, start_briefing

# The live server reads the database from another thread, so the test commits
# (on the seed content, committed once per session); the flush afterwards
# empties the database, and the suite's conftest loads the seed again.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_submits_moderator_approves_reader_finds(
    chromium, live_server, staff, shots
):
    base = live_server.url
    mandates = Challenge.objects.get(slug="mandates")
    civilians = Challenge.objects.get(slug="protection-of-civilians")
    lacroix = Participant.objects.get(slug="jean-pierre-lacroix")
    african_union = Participant.objects.get(slug="african-union")
    inex = Source.objects.get(slug="inex")

    editor_context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = log_in(editor_context, base, "editor")

    # Content tab.
    start_briefing(
        page,
        base,
        title="Mandates reviewed with the African Union",
        date="2024-05-06",
        summary="Jean-Pierre Lacroix discussed mandates with the AU.",
    )
    page.click('[data-contentpath="body"] button[title="Insert a block"]')
    page.click('text="Paragraph"')
    editor = page.locator('[data-contentpath="body"] [contenteditable="true"]').first
    editor.click()
    editor.type("The meeting also heard from the AU on funding, not from AUDIT.")
    shots(page, "01-content")

    # Tagging tab: two challenges, one participant with a role.
    page.click('a[href="#tab-tagging"]')
    page.check(f'input[name="challenges"][value="{mandates.pk}"]')
    page.check(f'input[name="challenges"][value="{civilians.pk}"]')
    page.click("#id_participant_links-OPEN_MODAL")
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill("Lacroix")
    modal.locator(f'input[type=checkbox][value="{lacroix.pk}"]').check()
    modal.locator("[data-multiple-choice-submit]").click()
    page.select_option("#id_participant_links-0-role", "speaker")

    # The African Union is named ("African Union", "AU") but not tagged.
    suggestion = page.locator(
        f'#tag-suggestions button[data-suggestion-id="{african_union.pk}"]'
        '[data-suggestion-kind="participant"]'
    )
    expect(suggestion).to_be_visible()
    # Lacroix is named too, but tagged already: no suggestion for him.
    expect(
        page.locator(
            f'#tag-suggestions button[data-suggestion-id="{lacroix.pk}"]'
            '[data-suggestion-kind="participant"]'
        )
    ).to_have_count(0)
    page.locator("#tag-suggestions").scroll_into_view_if_needed()
    shots(page, "02-tagging-with-suggestion")
    suggestion.click()
    page.wait_for_function(
        "id => Array.from(document.querySelectorAll("
        "'input[name^=participant_links-][name$=-participant]'))"
        ".some(i => i.value === String(id))",
        arg=african_union.pk,
    )
    expect(suggestion).to_have_count(0)

    # Source tab.
    page.click('a[href="#tab-source"]')
    page.click("#id_source-chooser [data-chooser-action-choose]")
    page.locator(".modal-dialog a", has_text=inex.name).first.click()
    expect(page.locator("#id_source")).to_have_value(str(inex.pk))
    page.fill("#id_source_url", "https://example.org/mandates-2024")

    # An editor cannot publish: only save and submit for moderation.
    page.click("footer [data-w-dropdown-target=toggle]")
    actions = page.locator("footer").inner_text()
    assert "Submit to Briefing review" in actions
    assert "Publish" not in actions
    shots(page, "03-actions")
    page.click('button[name="action-submit"]')
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$|.*/admin/pages/\d+/$"))
    shots(page, "04-submitted")

    briefing = BriefingPage.objects.get(slug="mandates-reviewed-with-the-african-union")
    assert not briefing.live
    assert briefing.current_workflow_state.status == "in_progress"
    draft = briefing.get_latest_revision_as_object()
    assert {c.slug for c in draft.challenges.all()} == {
        "mandates",
        "protection-of-civilians",
    }
    assert {
        (link.participant.slug, link.role) for link in draft.participant_links.all()
    } == {("jean-pierre-lacroix", "speaker"), ("african-union", "mentioned")}

    editor_context.close()

    # The moderator approves from their dashboard.
    moderator_context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = log_in(moderator_context, base, "moderator")
    shots(page, "05-moderator-dashboard")
    assert "Mandates reviewed with the African Union" in page.inner_text("main")
    page.goto(f"{base}/admin/pages/{briefing.pk}/edit/")
    # The notice at the top offers the review's two actions.
    page.locator(".messages").get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messages")).to_contain_text("is approved and published at")
    shots(page, "06-approved")
    moderator_context.close()
    briefing.refresh_from_db()
    assert briefing.live

    # A reader (no login) finds it in the listing of one of its challenges
    # (where the listing filters by challenge; otherwise among all briefings).
    reader = chromium.new_page()
    reader.set_default_timeout(15_000)
    reader.goto(f"{base}/briefings/?challenge={mandates.slug}")
    reader.get_by_role("link", name="Mandates reviewed with the African Union").click()
    reader.wait_for_url(f"{base}{briefing.url}")
    assert "Mandates reviewed with the African Union" in reader.inner_text("h1")
    shots(reader, "07-reader")
    reader.close()
