"""The review as the edit page shows it: the moderator's comment to the editor,
the comparison a moderator needs, the review actions first, and what happened."""

import re

import pytest
from django.contrib.auth.models import User

from briefings.importing.writer import ensure_site_structure
from tests.support.factories import make_briefing
from tests.support.staff import briefing_form_data, make_staff


@pytest.fixture
def index(db):
    return ensure_site_structure()


@pytest.fixture
def people(index):
    editor = make_staff("Editors")
    moderator = make_staff("Moderators")
    moderator.first_name, moderator.last_name = "Maria", "Okafor"
    moderator.save()
    return editor, moderator


def submit(page, editor, title=None):
    draft = page.get_latest_revision_as_object()
    if title:
        draft.title = title
    draft.save_revision(user=editor)
    page.refresh_from_db()
    if page.current_workflow_state:
        page.current_workflow_state.resume(editor)
    else:
        page.get_workflow().start(page, editor)
    page.refresh_from_db()
    return page


def act(page, moderator, action, comment=""):
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, moderator, action, comment=comment)
    page.refresh_from_db()


def edit_page(client, user: User, page) -> str:
    client.force_login(user)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_editor_sees_the_moderators_comment_until_resubmitting(client, people):
    editor, moderator = people
    page = submit(make_briefing("A draft", live=False), editor)
    act(page, moderator, "reject", comment="Name the second speaker.")
    html = edit_page(client, editor, page)
    assert "Changes requested by Maria Okafor" in html
    assert "“Name the second speaker.”" in html
    submit(page, editor, title="A draft, mended")
    assert "Changes requested" not in edit_page(client, editor, page)


def test_a_moderator_is_offered_the_change_under_review(client, people):
    editor, moderator = people
    page = make_briefing("Live title")  # published
    page = submit(page, editor, title="Retitled")
    act(page, moderator, "reject", comment="Shorter, please.")
    # Autosave-like revisions between reviews: none of them is what matters.
    page.get_latest_revision_as_object().save_revision(user=editor)
    page = submit(page, editor, title="Retitled again")
    html = edit_page(client, moderator, page)
    assert "Submitted for review by editors" in html
    submitted = page.current_workflow_task_state.revision_id
    live = re.search(rf"/revisions/compare/live\.\.\.{submitted}/", html)
    assert live, "no comparison with the live page"
    reviewed = re.search(rf"/revisions/compare/(\d+)\.\.\.{submitted}/", html)
    assert reviewed, "no comparison with the version last reviewed"
    compare = client.get(
        f"/admin/pages/{page.pk}/revisions/compare/{reviewed[1]}...{submitted}/"
    ).content.decode()
    assert "Retitled" in compare and "again" in compare


def test_approve_is_the_default_action_and_request_changes_next(client, people):
    editor, moderator = people
    page = submit(make_briefing("In review", live=False), editor)
    html = edit_page(client, moderator, page)
    labels = re.findall(
        r"(Approve and Publish|Approve with comment|Request changes|Save draft"
        r"|Cancel workflow)",
        html[html.index("Submitted for review") :],
    )
    assert labels[:5] == [
        "Approve and Publish",  # the button itself
        "Request changes",  # first in its menu
        "Approve with comment",
        "Save draft",
        "Cancel workflow",
    ]


def test_after_approving_the_message_gives_the_live_address(client, people):
    editor, moderator = people
    page = submit(make_briefing("To approve", live=False), editor)
    client.force_login(moderator)
    data = briefing_form_data(
        source=page.source,
        slug=page.slug,
        title="To approve",
        **{"action-workflow-action": "true", "workflow-action-name": "approve"},
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)
    page.refresh_from_db()
    assert page.live
    html = response.content.decode()
    assert "is approved and published at" in html
    assert page.full_url in html
