"""The briefing editor: tabs, checks next to the field, nothing typed is lost."""

import datetime

import pytest
from django.utils import timezone

from briefings.models import BriefingPage
from tests.support.factories import (
    make_briefing,
    make_challenge,
    make_participant,
    make_source,
)
from tests.support.staff import add_url, briefing_form_data, edit_url, make_staff

# Every test edits under the briefing index (`conftest.index`).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_own_briefings", "index"),
]


def field_errors(response, name: str) -> str:
    """The error text the editor shows next to one field."""
    form = response.context["form"]
    return " ".join(form.errors.get(name, []))


def test_editor_shows_tabs_that_follow_the_work(editor_client, index):
    make_challenge()
    html = editor_client.get(add_url(index)).content.decode()
    for tab in ("content", "tagging", "source", "promote"):
        assert f'href="#tab-{tab}"' in html
    assert 'id="id_participant_links-OPEN_MODAL"' in html  # the multiple chooser
    assert 'name="challenges"' in html


def test_editor_saves_a_tagged_draft(editor_client, index):
    mandates, civilians = make_challenge(), make_challenge()
    person = make_participant(kind="person")
    data = briefing_form_data(
        challenges=[mandates, civilians],
        participants=[(person, "speaker")],
        source=make_source(),
    )
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 302
    page = BriefingPage.objects.get(slug="a-briefing")
    assert not page.live
    assert set(page.challenges.all()) == {mandates, civilians}
    assert [(link.participant, link.role) for link in page.participant_links.all()] == [
        (person, "speaker")
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "", "Enter the date"),
        ("date", "2024-02-30", "Enter a valid date"),
        ("date", "not a date", "Enter a valid date"),
        ("source_url", "not a url", "Enter a valid URL"),
        ("source_url", "ftp://example.org/file", "http:// or https://"),
    ],
)
def test_bad_field_is_marked_and_typed_values_are_kept(
    editor_client, index, field, value, message
):
    data = briefing_form_data(
        source=make_source(), title="Typed by the editor", **{field: value}
    )
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 200
    assert message in field_errors(response, field)
    html = response.content.decode()
    assert 'value="Typed by the editor"' in html
    assert "What happened." in html
    assert not BriefingPage.objects.exists()


def test_date_more_than_a_year_ahead_is_refused(editor_client, index):
    far = timezone.localdate() + datetime.timedelta(days=400)
    response = editor_client.post(
        add_url(index), briefing_form_data(source=make_source(), date=far.isoformat())
    )
    assert "more than a year from now" in field_errors(response, "date")


def test_date_within_the_coming_year_is_accepted(editor_client, index):
    soon = timezone.localdate() + datetime.timedelta(days=300)
    response = editor_client.post(
        add_url(index), briefing_form_data(source=make_source(), date=soon.isoformat())
    )
    assert response.status_code == 302


def test_same_participant_twice_is_an_error_on_the_row_not_a_crash(
    editor_client, index
):
    person = make_participant()
    data = briefing_form_data(
        source=make_source(), participants=[(person, "speaker"), (person, "host")]
    )
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 200
    formset = response.context["form"].formsets["participant_links"]
    assert not formset.forms[0].errors
    assert "listed more than once" in " ".join(formset.forms[1].errors["participant"])
    assert not BriefingPage.objects.exists()


def test_removing_a_duplicate_row_makes_the_form_valid(editor_client, index):
    person = make_participant()
    data = briefing_form_data(
        source=make_source(), participants=[(person, "speaker"), (person, "host")]
    )
    data["participant_links-1-DELETE"] = "1"
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 302
    assert BriefingPage.objects.get().participant_links.count() == 1


def test_editor_cannot_publish(editor_client, index):
    data = briefing_form_data(source=make_source())
    data["action-publish"] = "action-publish"
    editor_client.post(add_url(index), data)
    page = BriefingPage.objects.get()
    assert not page.live


def test_editor_submits_for_moderation(editor_client, index):
    data = briefing_form_data(
        source=make_source(),
        challenges=[make_challenge()],
        participants=[(make_participant(), "speaker")],
    )
    data["action-submit"] = "action-submit"
    editor_client.post(add_url(index), data)
    page = BriefingPage.objects.get()
    assert page.current_workflow_state.status == "in_progress"
    assert page.current_workflow_task.name == "Moderator approval"


def test_locked_page_refuses_another_users_save_and_keeps_their_text(client, index):
    page = make_briefing("Original title")
    moderator = make_staff("Moderators")
    page.locked, page.locked_by, page.locked_at = True, moderator, timezone.now()
    page.save()
    client.force_login(make_staff("Editors"))
    data = briefing_form_data(
        source=page.source, slug=page.slug, title="The editor's new title"
    )
    response = client.post(edit_url(page), data)
    assert response.status_code == 200
    assert "could not be saved as it is locked" in response.content.decode()
    assert "The editor&#x27;s new title" in response.content.decode()
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Original title"


def test_autosave_over_a_newer_revision_is_refused(client, index):
    page = make_briefing("Original title")
    loaded = page.latest_revision
    editor = make_staff("Editors")
    # Someone else saves after this editor opened the page.
    newer = page.get_latest_revision_as_object()
    newer.title = "Someone else's title"
    newer.save_revision(user=make_staff("Moderators"))
    client.force_login(editor)
    data = briefing_form_data(source=page.source, slug=page.slug, title="Mine")
    data["loaded_revision_id"] = str(loaded.pk)
    data["loaded_revision_created_at"] = loaded.created_at.isoformat()
    response = client.post(edit_url(page), data, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Someone else's title"


def test_deleting_a_briefing_asks_for_confirmation_first(client, index):
    page = make_briefing()
    client.force_login(make_staff("Moderators"))
    response = client.get(f"/admin/pages/{page.pk}/delete/")
    assert response.status_code == 200
    assert "Yes, delete" in response.content.decode()
    assert BriefingPage.objects.filter(pk=page.pk).exists()
    client.post(f"/admin/pages/{page.pk}/delete/")
    assert not BriefingPage.objects.filter(pk=page.pk).exists()


def test_row_stored_by_an_autosave_the_form_never_saw_is_not_saved_twice(client, index):
    lacroix, african_union = make_participant(), make_participant()
    page = make_briefing(participants=[(lacroix, "speaker")], live=False)
    [shown] = page.participant_links.all()
    # An autosave stored the African Union row; its id never reached the form.
    page.participant_links.add(
        page.participant_links.model(participant=african_union, role="mentioned")
    )
    page.save()
    page.save_revision()
    client.force_login(make_staff("Editors"))
    data = briefing_form_data(
        source=page.source,
        slug=page.slug,
        participants=[(lacroix, "speaker"), (african_union, "mentioned")],
        challenges=[make_challenge()],
    )
    data["participant_links-0-id"] = str(shown.pk)
    data["participant_links-INITIAL_FORMS"] = "1"
    data["action-submit"] = "action-submit"
    response = client.post(edit_url(page), data)
    assert response.status_code == 302
    assert sorted(
        (link.participant_id, link.role)
        for link in BriefingPage.objects.get(pk=page.pk).participant_links.all()
    ) == sorted([(lacroix.pk, "speaker"), (african_union.pk, "mentioned")])
