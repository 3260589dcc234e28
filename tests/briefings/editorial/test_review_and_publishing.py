"""Review and publishing: the groups, the workflow, revisions, preview, scheduling."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, WorkflowPage

from briefings.editorial.workflow import ensure_editorial_setup
from briefings.importing.writer import ensure_site_structure
from briefings.models import BriefingPage
from tests.support.factories import make_briefing, make_source
from tests.support.staff import briefing_form_data, make_staff


@pytest.fixture
def index(db):
    return ensure_site_structure()


def page_permissions(group: str, page) -> set[str]:
    return set(
        Group.objects.get(name=group)
        .page_permissions.filter(page=page)
        .values_list("permission__codename", flat=True)
    )


def test_migration_creates_editors_and_moderators_with_vocabulary_rights(db):
    editors = Group.objects.get(name="Editors")
    moderators = Group.objects.get(name="Moderators")
    editor_codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"access_admin", "add_participant", "change_challenge"} <= editor_codenames
    assert "delete_participant" not in editor_codenames
    assert "delete_challenge" in set(
        moderators.permissions.values_list("codename", flat=True)
    )
    # Wagtail's starter page rights over the whole tree are gone.
    root = Page.get_first_root_node()
    assert page_permissions("Editors", root) == set()


def test_editors_may_write_but_not_publish_in_the_briefings_section(index):
    assert page_permissions("Editors", index) == {
        "add_page",
        "change_page",
        "lock_page",
    }
    assert {"publish_page", "unlock_page"} <= page_permissions("Moderators", index)
    editor, moderator = make_staff("Editors"), make_staff("Moderators")
    assert not index.permissions_for_user(editor).can_publish_subpage()
    assert index.permissions_for_user(moderator).can_publish_subpage()
    home = index.get_parent()
    assert not home.permissions_for_user(editor).can_edit()


def test_briefings_section_has_the_review_workflow(index):
    workflow = WorkflowPage.objects.get(page=index).workflow
    [task] = workflow.tasks.specific()
    assert task.name == "Moderator approval"
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


def test_editorial_setup_runs_again_without_duplicates(index):
    ensure_editorial_setup(index)
    call_command("load_fixtures", verbosity=0)
    assert len(page_permissions("Editors", index)) == 3
    assert WorkflowPage.objects.filter(page=index).count() == 1


def test_submission_waits_for_a_moderator_who_approves_and_publishes(index):
    editor, moderator = make_staff("Editors"), make_staff("Moderators")
    page = make_briefing(live=False)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    task_state = page.current_workflow_task_state
    task = task_state.task.specific
    assert task.get_actions(page, editor) == []
    assert "approve" in [name for name, *_ in task.get_actions(page, moderator)]
    task.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    assert page.live


def test_preview_of_a_briefing_renders(client, index):
    page = make_briefing("Previewed briefing")
    client.force_login(make_staff("Editors"))
    data = briefing_form_data(source=page.source, slug=page.slug, title="Preview me")
    url = f"/admin/pages/{page.pk}/edit/preview/"
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)
    assert response.status_code == 200
    assert "Preview me" in response.content.decode()


def test_revisions_can_be_compared(client, index):
    page = make_briefing("First title")
    draft = page.get_latest_revision_as_object()
    draft.title = "Second title"
    second = draft.save_revision()
    client.force_login(make_staff("Moderators"))
    first = page.revisions.order_by("created_at").first()
    response = client.get(
        f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{second.pk}/"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "First" in html and "Second" in html


def test_scheduled_briefing_goes_live_when_publish_scheduled_runs(client, index):
    moderator = make_staff("Moderators")
    client.force_login(moderator)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    data = briefing_form_data(
        source=make_source(),
        slug="scheduled",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/add/briefings/briefingpage/{index.pk}/", data)
    assert response.status_code == 302
    page = BriefingPage.objects.get(slug="scheduled")
    assert not page.live
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live  # not yet due
    # An hour passes: move the approved schedule into the past.
    revision = page.revisions.exclude(approved_go_live_at=None).get()
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live


def test_expiry_unpublishes_when_publish_scheduled_runs(index):
    page = make_briefing()
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live and page.expired
