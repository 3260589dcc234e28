"""End to end in headless Chromium, the paths of an editor tagging a briefing:
a new participant and a new challenge made without leaving it, a near-duplicate
refused before it exists, ticks kept across searches, and the participants the
briefing has already marked in the chooser."""

import pytest
from playwright.sync_api import expect

from briefings.models import BriefingPage, Challenge, Participant
from tests.support.admin_browser import log_in, start_briefing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# How long a step that goes to the server may take on a busy machine (ms).
WAIT = 15_000


def open_participant_chooser(page):
    page.click("#id_participant_links-OPEN_MODAL")
    modal = page.locator(".modal-dialog")
    expect(modal.locator("#search-results table")).to_be_visible()
    return modal


def row_names(page) -> list[str]:
    return page.locator(
        "[data-panel-heading-text] .participant-row__name"
    ).all_inner_texts()


def test_an_editor_tags_a_new_briefing_without_leaving_it(
    chromium, live_server, staff, shots
):
    base = live_server.url
    lacroix = Participant.objects.get(slug="jean-pierre-lacroix")
    african_union = Participant.objects.get(slug="african-union")
    participants_before = Participant.objects.count()

    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = log_in(context, base, "editor")
    start_briefing(
        page,
        base,
        title="Women mediators in the Sahel",
        date="2024-09-12",
        summary="Wanjiru Kamau on mediation with the African Union.",
    )
    page.click('a[href="#tab-tagging"]')

    # A new participant from the chooser: five actions (open, Create tab, name,
    # kind, Create), the slug made from the name.
    modal = open_participant_chooser(page)
    modal.get_by_role("tab", name="Create a new participant").click()
    name = modal.locator("#tab-create input[name=name]")
    name.fill("Wanjiru Kamau")
    name.press("Tab")
    # The slug fills itself from the name (the page's own is untouched).
    expect(modal.locator("#tab-create input[name=slug]")).to_have_value("wanjiru-kamau")
    modal.locator("#tab-create select[name=kind]").select_option("person")
    modal.locator("#tab-create [type=submit]").click()
    expect(page.locator(".modal-dialog")).to_have_count(0, timeout=WAIT)
    expect(page.locator("#id_slug")).to_have_value("women-mediators-in-the-sahel")
    assert row_names(page) == ["Wanjiru Kamau"]
    expect(page.locator("#id_participant_links-0-role")).to_have_value("participant")
    kamau = Participant.objects.get(name="Wanjiru Kamau")
    assert kamau.slug == "wanjiru-kamau"
    shots(page, "editor-01-created-from-chooser")

    # A near-duplicate of a name that exists is asked about, not saved.
    modal = open_participant_chooser(page)
    modal.get_by_role("tab", name="Create a new participant").click()
    modal.locator("#tab-create input[name=name]").fill("Jean Pierre Lacroix")
    modal.locator("#tab-create select[name=kind]").select_option("person")
    modal.locator("#tab-create [type=submit]").click()
    expect(modal.locator("#tab-create")).to_contain_text(
        "Did you mean “Jean-Pierre Lacroix”?"
    )
    shots(page, "editor-02-near-duplicate")
    assert Participant.objects.count() == participants_before + 1

    # Back to the search: the participant already on the briefing is marked and
    # cannot be chosen twice; ticks survive a second search.
    modal.get_by_role("tab", name="Search").click()
    modal.locator("input[name=q]").fill("Kamau")
    on_briefing = modal.locator(f'input[type=checkbox][value="{kamau.pk}"]')
    expect(on_briefing).to_be_disabled()
    expect(modal.locator("#search-results")).to_contain_text("On this briefing")
    modal.locator("input[name=q]").fill("Lacroix")
    modal.locator(f'input[type=checkbox][value="{lacroix.pk}"]').check()
    modal.locator("input[name=q]").fill("African Union")
    modal.locator(f'input[type=checkbox][value="{african_union.pk}"]').check()
    expect(modal.locator("[data-ticked-status]")).to_have_text(
        "Chosen (2): Jean-Pierre Lacroix, African Union"
    )
    shots(page, "editor-03-ticks-kept")
    modal.locator("[data-multiple-choice-submit]").click()
    expect(page.locator(".modal-dialog")).to_have_count(0, timeout=WAIT)
    page.wait_for_function(
        "() => document.querySelectorAll("
        "'[data-panel-heading-text] .participant-row__name').length === 3"
    )
    # One confirmation adds the rows in the chooser's order (by name).
    assert row_names(page) == ["Wanjiru Kamau", "African Union", "Jean-Pierre Lacroix"]

    # A new challenge from beside the tick boxes arrives ticked.
    page.get_by_role("button", name="Create a new challenge…").click()
    modal = page.locator(".modal-dialog")
    modal.locator("#tab-create input[name=name]").fill("Women, peace and security")
    modal.locator("#tab-create [type=submit]").click()
    expect(page.locator(".modal-dialog")).to_have_count(0, timeout=WAIT)
    expect(page.locator("[data-challenge-create-status]")).to_have_text(
        "“Women, peace and security” was created and is ticked."
    )
    women = Challenge.objects.get(name="Women, peace and security")
    expect(
        page.locator(f'input[name="challenges"][value="{women.pk}"]')
    ).to_be_checked()
    shots(page, "editor-04-challenge-created")

    # Saved as a draft, with everything that was chosen.
    # Autosave may be under way (the header says "Saving…"): let it end, then
    # wait for the saved page itself, whatever address autosave left.
    expect(page.get_by_text("Saving…")).to_be_hidden(timeout=WAIT)
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("Women mediators in the Sahel")
    briefing = BriefingPage.objects.get(slug="women-mediators-in-the-sahel")
    draft = briefing.get_latest_revision_as_object()
    assert [c.slug for c in draft.challenges.all()] == ["women-peace-and-security"]
    assert [link.participant.slug for link in draft.participant_links.all()] == [
        "wanjiru-kamau",
        "african-union",
        "jean-pierre-lacroix",
    ]
    context.close()
