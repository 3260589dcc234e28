"""Old revisions naming merged or deleted terms still view, compare and revert."""

from types import SimpleNamespace

import pytest

from briefings.editorial.merging import merge_terms
from briefings.models import BriefingPage
from briefings.models.revision_terms import with_current_terms
from tests.support.factories import (
    make_briefing,
    make_challenge,
    make_participant,
    make_source,
)
from tests.support.staff import briefing_form_data, make_staff


@pytest.fixture
def moderator_client(client, db):
    client.force_login(make_staff("Moderators"))
    return client


def revise(page: BriefingPage, **fields):
    """Save a new draft revision of `page` with `fields` changed; the revision."""
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    return draft.save_revision()


def view(client, page, revision):
    return client.get(f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/")


def compare(client, page, old, new):
    return client.get(f"/admin/pages/{page.pk}/revisions/compare/{old.pk}...{new.pk}/")


def revert_url(page, revision) -> str:
    return f"/admin/pages/{page.pk}/revisions/{revision.pk}/revert/"


def editor_rows(response) -> list[tuple[int, str]]:
    """The participant rows the editor shows: (participant id, role)."""
    formset = response.context["form"].formsets["participant_links"]
    return [(form.instance.participant_id, form.instance.role) for form in formset]


def revert_data(response) -> dict:
    """POST data for saving the editor `response` shows, as the browser sends it."""
    page = response.context["page"]
    formset = response.context["form"].formsets["participant_links"]
    links = [form.instance for form in formset]
    data = briefing_form_data(
        title=page.title,
        slug=page.slug,
        source=page.source,
        challenges=page.challenges.all(),
        participants=[(link.participant, link.role) for link in links],
    )
    for number, link in enumerate(links):
        data[f"participant_links-{number}-id"] = str(link.pk or "")
    data["participant_links-INITIAL_FORMS"] = str(formset.initial_form_count())
    return data


@pytest.fixture
def merged(db):
    """A briefing whose first revisions name X and Y; then X is merged into Z and
    Y into W."""
    x, z = make_participant("Xavier Oldname"), make_participant("Zelda Newname")
    y, w = make_challenge("Old theme name"), make_challenge("New theme name")
    page = make_briefing("First title", participants=[(x, "speaker")], challenges=[y])
    first = page.latest_revision
    second = revise(page, title="Second title")
    latest = revise(page, title="Latest title")
    merge_terms(old=x, into=z, user=None)
    merge_terms(old=y, into=w, user=None)
    return SimpleNamespace(
        page=page, first=first, second=second, latest=latest, z=z, w=w
    )


def test_old_revision_of_a_merged_term_shows_the_term_it_became(
    merged, moderator_client
):
    for revision in (merged.first, merged.second):
        response = view(moderator_client, merged.page, revision)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Zelda Newname" in html and "Xavier Oldname" not in html
        assert "New theme name" in html


def test_old_revision_of_a_merged_term_compares_with_the_latest(
    merged, moderator_client
):
    response = compare(moderator_client, merged.page, merged.first, merged.latest)
    assert response.status_code == 200
    html = response.content.decode()
    assert "First" in html and "Latest" in html


def test_reverting_to_an_old_revision_of_a_merged_term_opens_and_saves(
    merged, moderator_client
):
    url = revert_url(merged.page, merged.first)
    response = moderator_client.get(url)
    assert response.status_code == 200
    assert editor_rows(response) == [(merged.z.pk, "speaker")]
    assert list(response.context["page"].challenges.all()) == [merged.w]
    saved = moderator_client.post(url, revert_data(response))
    assert saved.status_code == 302
    page = BriefingPage.objects.get(pk=merged.page.pk)
    reverted = page.get_latest_revision_as_object()
    assert reverted.title == "First title"
    assert [link.participant for link in reverted.participant_links.all()] == [merged.z]
    page.get_latest_revision().publish()
    assert [link.participant for link in page.participant_links.all()] == [merged.z]
    assert list(page.challenges.all()) == [merged.w]


def test_reverting_to_a_revision_whose_row_the_merge_deleted_saves(moderator_client):
    x, z = make_participant("Row merged away"), make_participant("Row kept")
    page = make_briefing("Row gone", participants=[(x, "speaker")])
    old = page.latest_revision
    # Later the briefing names both: the merge keeps Z's row and deletes X's.
    page.participant_links.add(page.participant_links.model(participant=z, role="host"))
    page.save_revision().publish()
    merge_terms(old=x, into=z, user=None)
    url = revert_url(page, old)
    response = moderator_client.get(url)
    assert editor_rows(response) == [(z.pk, "speaker")]
    data = revert_data(response)
    data["action-publish"] = "action-publish"
    assert moderator_client.post(url, data).status_code == 302
    page = BriefingPage.objects.get(pk=page.pk)
    assert [(link.participant, link.role) for link in page.participant_links.all()] == [
        (z, "speaker")
    ]


def test_terms_merged_twice_map_to_the_last_one(moderator_client):
    a, b, c = (make_participant(f"Chain {name}") for name in "ABC")
    page = make_briefing("Chained", participants=[(a, "host")])
    old = page.latest_revision
    revise(page, title="Chained later")
    merge_terms(old=a, into=b, user=None)
    merge_terms(old=b, into=c, user=None)
    response = view(moderator_client, page, old)
    assert response.status_code == 200
    assert "Chain C" in response.content.decode()
    response = moderator_client.get(revert_url(page, old))
    assert editor_rows(response) == [(c.pk, "host")]


def test_term_merged_into_one_deleted_later_is_dropped(moderator_client):
    a, b = make_participant("Merged person"), make_participant("Later gone")
    stays = make_participant("Stays on")
    page = make_briefing(
        "Merged then gone", participants=[(a, "host"), (stays, "host")]
    )
    old = page.latest_revision
    merge_terms(old=a, into=b, user=None)
    # Once no briefing uses it, the term it became may be deleted too.
    page.refresh_from_db()
    page.participant_links = [
        page.participant_links.model(participant=stays, role="host")
    ]
    latest = page.save_revision()
    latest.publish()
    b.delete()
    response = view(moderator_client, page, old)
    assert response.status_code == 200
    assert "Later gone" not in response.content.decode()
    assert compare(moderator_client, page, old, latest).status_code == 200
    response = moderator_client.get(revert_url(page, old))
    assert editor_rows(response) == [(stays.pk, "host")]


def test_terms_deleted_outright_are_dropped_from_old_revisions(moderator_client):
    gone_person, stays = make_participant("Gone person"), make_participant("Stays")
    gone_theme, gone_source = make_challenge("Gone theme"), make_source("Gone source")
    page = make_briefing(
        "Outlived its terms",
        participants=[(gone_person, "speaker"), (stays, "host")],
        challenges=[gone_theme],
        source=gone_source,
    )
    old = page.latest_revision
    # The current briefing no longer uses them, so deletion is allowed.
    page.participant_links = [
        page.participant_links.model(participant=stays, role="host")
    ]
    page.challenges.set([])
    page.source = make_source("Current source")
    page.save_revision().publish()
    latest = page.latest_revision
    for term in (gone_person, gone_theme, gone_source):
        term.delete()
    response = view(moderator_client, page, old)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stays" in html
    assert "Gone person" not in html and "Gone theme" not in html
    assert compare(moderator_client, page, old, latest).status_code == 200
    response = moderator_client.get(revert_url(page, old))
    assert response.status_code == 200
    assert editor_rows(response) == [(stays.pk, "host")]
    assert list(response.context["page"].challenges.all()) == []


def test_participant_listed_twice_after_a_merge_keeps_the_row_naming_it(
    moderator_client,
):
    old_name, new_name = make_participant("Old name"), make_participant("New name")
    page = make_briefing(
        "Both names", participants=[(old_name, "speaker"), (new_name, "host")]
    )
    old = page.latest_revision
    revise(page, title="Both names later")
    merge_terms(old=old_name, into=new_name, user=None)
    response = view(moderator_client, page, old)
    assert response.status_code == 200
    response = moderator_client.get(revert_url(page, old))
    assert response.status_code == 200
    # As the merge did to the briefing itself: the row it already had.
    assert editor_rows(response) == [(new_name.pk, "host")]
    saved = moderator_client.post(revert_url(page, old), revert_data(response))
    assert saved.status_code == 302


def test_content_naming_only_existing_terms_is_checked_in_one_query_a_vocabulary(
    merged, django_assert_num_queries
):
    merged.latest.refresh_from_db()
    content = merged.latest.content
    with django_assert_num_queries(3):  # challenges, participants, source
        assert with_current_terms(content) == content


def test_content_naming_a_missing_term_reads_the_merge_log_once(
    merged, django_assert_num_queries
):
    with django_assert_num_queries(4):
        content = with_current_terms(merged.first.content)
    assert content["challenges"] == [merged.w.pk]
    assert [link["participant"] for link in content["participant_links"]] == [
        merged.z.pk
    ]
    # The revision itself still stores what was saved.
    assert merged.first.content["challenges"] != [merged.w.pk]
