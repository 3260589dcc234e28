"""The review as the edit page shows it: the moderator's comment to the editor,
the comparison a moderator needs, the review actions first, and what happened."""

import re

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory
from wagtail.models import Page

from briefings.editorial.review_notices import before_edit
from tests.support.factories import make_briefing
from tests.support.staff import briefing_form_data, make_staff


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
    assert "“Name the second speaker.” Make the changes" in html
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
        html[html.index("<footer") :],
    )
    assert labels[:5] == [
        "Approve and Publish",  # the button itself
        "Request changes",  # first in its menu
        "Approve with comment",
        "Save draft",
        "Cancel workflow",
    ]


def test_the_review_notice_offers_approve_and_request_changes(client, people):
    editor, moderator = people
    page = submit(make_briefing("In review", live=False), editor)
    html = edit_page(client, moderator, page)
    notice = html[html.index("Submitted for review") : html.index("<footer")]
    task_state = page.current_workflow_task_state
    assert 'data-workflow-action-name="approve"' in notice
    assert (
        'data-workflow-action-name="reject" data-workflow-action-modal-url='
        f'"/admin/pages/workflow/collect_action_data/{page.pk}/reject/'
        f'{task_state.pk}/"'
    ) in notice
    # The editor, who cannot review, is offered neither.
    assert "data-workflow-action-name" not in edit_page(client, editor, page)


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
    # Said once: Wagtail's "has been updated", which says neither, is gone.
    said = [str(message) for message in response.context["messages"]]
    assert len(said) == 1 and "has been updated" not in html


def dashboard_action(client, moderator, page, action, **data):
    """A review action as the dashboard's buttons send it."""
    client.force_login(moderator)
    task_state = page.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"
    return client.post(url, {"next": "/admin/", **data}, follow=True)


def test_approving_from_the_dashboard_says_where_it_is_live(client, people):
    editor, moderator = people
    page = submit(make_briefing("From the dashboard", live=False), editor)
    response = dashboard_action(client, moderator, page, "approve")
    page.refresh_from_db()
    assert page.live
    html = response.content.decode()
    assert "“From the dashboard” is approved and published at" in html
    assert page.full_url in html


def test_requesting_changes_from_the_dashboard_says_who_sees_it(client, people):
    editor, moderator = people
    page = submit(make_briefing("Needs work", live=False), editor)
    response = dashboard_action(
        client, moderator, page, "reject", comment="Name the second speaker."
    )
    assert "Changes requested on “Needs work”" in response.content.decode()
    assert "“Name the second speaker.”" in edit_page(client, editor, page)


def test_a_refused_dashboard_action_says_nothing_of_success(client, people):
    editor, moderator = people
    page = submit(make_briefing("Still in review", live=False), editor)
    client.force_login(editor)  # not a moderator
    task_state = page.current_workflow_task_state
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/")
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
    response = client.get("/admin/")
    assert "is approved" not in response.content.decode()


def edit_request(user: User):
    """A GET of an edit page by `user`, with the session and messages the admin's
    middleware gives it."""
    request = RequestFactory().get("/admin/pages/1/edit/")
    request.user = user
    SessionMiddleware(lambda request: None).process_request(request)
    MessageMiddleware(lambda request: None).process_request(request)
    return request


def notices(user: User, page, django_assert_num_queries, queries: int) -> list[str]:
    """The notices `before_edit` gives `user` on `page`, in `queries` queries."""
    request = edit_request(user)
    page = Page.objects.get(pk=page.pk).specific
    with django_assert_num_queries(queries):
        before_edit(request, page)
    return [str(message) for message in get_messages(request)]


# The workflow state is read once for both notices. Changes requested: the
# state (with its task state) and who asked (2). In review: the state, its task,
# whether the user is among the moderators (3); for a moderator then the review
# before and who submitted (2).
def test_the_notices_read_the_review_once(people, django_assert_num_queries):
    editor, moderator = people
    page = submit(make_briefing("Live title"), editor, title="Retitled")
    act(page, moderator, "reject", comment="Shorter, please.")
    for user in (editor, moderator):
        (said,) = notices(user, page, django_assert_num_queries, 2)
        assert said.startswith("Changes requested by Maria Okafor")
    page = submit(page, editor, title="Retitled again")
    assert notices(editor, page, django_assert_num_queries, 3) == []
    (said,) = notices(moderator, page, django_assert_num_queries, 5)
    assert said.startswith("Submitted for review by editors")
