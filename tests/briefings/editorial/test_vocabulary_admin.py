"""The Taxonomy admin: usage counts, filters and search, merging, guarded deletion."""

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import ModelLogEntry

from briefings.editorial.merging import merge_terms
from briefings.models import BriefingPage, Challenge, Participant
from tests.support.factories import make_briefing, make_challenge, make_participant
from tests.support.staff import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_own_content")]

PARTICIPANTS = "/admin/snippets/briefings/participant/"
CHALLENGES = "/admin/snippets/briefings/challenge/"


def rows(response) -> dict[str, str]:
    """Each listed term's name and its "used in" cell."""
    table = response.context["table"]
    return {
        str(instance): table.columns["briefing_count"].get_value(instance)
        for instance in table.data
    }


def test_participant_listing_shows_briefing_counts(moderator_client):
    busy, rare = make_participant("Busy"), make_participant("Rare")
    make_participant("Unused")
    for _ in range(3):
        make_briefing(participants=[(busy, "speaker")])
    make_briefing(participants=[(rare, "host")], live=False)
    response = moderator_client.get(PARTICIPANTS)
    assert rows(response) == {
        "Busy": "3 briefings",
        "Rare": "1 briefing",
        "Unused": "0 briefings",
    }


# Session, user, permissions, the page of terms with its counts, and the admin's
# menus; none of them per term.
LISTING_QUERIES = 11


@pytest.mark.parametrize("terms", [3, 13])
def test_listing_counts_take_a_fixed_number_of_queries(
    moderator_client, django_assert_num_queries, terms
):
    for _ in range(terms):
        make_briefing(challenges=[make_challenge()])
    moderator_client.get(CHALLENGES)  # warm the content type and site caches
    with django_assert_num_queries(LISTING_QUERIES):
        response = moderator_client.get(CHALLENGES)
    assert len(rows(response)) == terms


def test_listing_sorts_by_usage(moderator_client):
    busy = make_challenge("Busy")
    make_challenge("Idle")
    make_briefing(challenges=[busy])
    response = moderator_client.get(CHALLENGES, {"ordering": "-briefing_count"})
    assert list(rows(response)) == ["Busy", "Idle"]


def test_participants_filter_by_kind_and_search_aliases(moderator_client):
    make_participant("Department of Peacekeeping Operations", aliases="DPKO")
    make_participant("Ban Ki-moon", kind="person")
    response = moderator_client.get(PARTICIPANTS, {"kind": "person"})
    assert list(rows(response)) == ["Ban Ki-moon"]
    response = moderator_client.get(PARTICIPANTS, {"q": "DPKO"})
    assert list(rows(response)) == ["Department of Peacekeeping Operations"]


@pytest.fixture
def dpko_pair(db):
    old = make_participant("DPKO", slug="dpko", aliases="Peacekeeping department")
    new = make_participant(
        "Department of Peacekeeping Operations", slug="dpo", aliases="DPO"
    )
    return old, new


def test_merge_retags_briefings_and_combines_aliases(dpko_pair, django_user_model):
    old, new = dpko_pair
    only_old = make_briefing(participants=[(old, "speaker")])
    both = make_briefing(participants=[(old, "host"), (new, "speaker")])
    result = merge_terms(old=old, into=new, user=None)
    assert result.briefings == 2
    assert [link.participant for link in only_old.participant_links.all()] == [new]
    assert [(link.participant, link.role) for link in both.participant_links.all()] == [
        (new, "speaker")
    ]
    new.refresh_from_db()
    assert new.alias_list == ["DPO", "DPKO", "Peacekeeping department"]
    assert not Participant.objects.filter(pk=old.pk).exists()


def test_merge_retags_drafts_so_publishing_does_not_bring_the_old_term_back(
    dpko_pair,
):
    old, new = dpko_pair
    page = make_briefing(participants=[(new, "speaker")])
    draft = page.get_latest_revision_as_object()
    draft.participant_links.add(
        draft.participant_links.model(participant=old, role="host")
    )
    draft.save_revision()
    merge_terms(old=old, into=new, user=None)
    page.refresh_from_db()
    page.get_latest_revision().publish()
    assert [link.participant for link in page.participant_links.all()] == [new]


def test_merged_challenge_keeps_briefings_tagged(db):
    old, new = make_challenge(slug="poc"), make_challenge(slug="protection")
    page = make_briefing(challenges=[old])
    merge_terms(old=old, into=new, user=None)
    assert list(BriefingPage.objects.get(pk=page.pk).challenges.all()) == [new]
    assert not Challenge.objects.filter(slug="poc").exists()


def test_old_slug_redirects_to_the_merged_term(dpko_pair, client):
    old, new = dpko_pair
    merge_terms(old=old, into=new, user=None)
    response = client.get("/participants/dpko/")
    assert response.status_code == 301
    assert response["Location"] == "/participants/dpo/"
    assert Redirect.objects.count() == 1


def test_merge_view_merges_and_logs_to_the_audit_log(dpko_pair, moderator_client):
    old, new = dpko_pair
    make_briefing(participants=[(old, "speaker")])
    page = moderator_client.get(f"{PARTICIPANTS}merge/{old.pk}/")
    assert page.status_code == 200
    assert "1 briefing tagged" in page.content.decode()
    response = moderator_client.post(f"{PARTICIPANTS}merge/{old.pk}/", {"into": new.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{PARTICIPANTS}edit/{new.pk}/"
    entry = ModelLogEntry.objects.get(action="briefings.merge")
    assert entry.object_id == str(new.pk)
    assert entry.data["merged"]["slug"] == "dpko"
    history = moderator_client.get(f"{PARTICIPANTS}history/{new.pk}/")
    assert "Another term was merged into this one" in history.content.decode()


def test_merge_into_itself_or_nothing_is_refused_with_a_message(
    dpko_pair, moderator_client
):
    old, _ = dpko_pair
    for value in ("", str(old.pk), "999999", "abc"):
        response = moderator_client.post(
            f"{PARTICIPANTS}merge/{old.pk}/", {"into": value}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["into"]
    assert Participant.objects.filter(pk=old.pk).exists()


def test_editors_cannot_merge(dpko_pair, client):
    old, new = dpko_pair
    client.force_login(make_staff("Editors"))
    response = client.post(f"{PARTICIPANTS}merge/{old.pk}/", {"into": new.pk})
    assert response.status_code in (302, 403)
    assert Participant.objects.filter(pk=old.pk).exists()


def test_merge_of_unknown_term_is_404(moderator_client):
    assert moderator_client.get(f"{PARTICIPANTS}merge/999999/").status_code == 404


def test_listing_offers_merge_only_to_those_who_may(dpko_pair, client):
    client.force_login(make_staff("Moderators"))
    assert "Merge into" in client.get(PARTICIPANTS).content.decode()
    client.force_login(make_staff("Editors"))
    assert "Merge into" not in client.get(PARTICIPANTS).content.decode()


def test_deleting_a_participant_in_use_is_refused_and_says_where(moderator_client):
    person = make_participant("Busy person")
    make_briefing("Where they spoke", participants=[(person, "speaker")])
    url = f"{PARTICIPANTS}delete/{person.pk}/"
    page = moderator_client.get(url)
    html = page.content.decode()
    assert "used in 1 briefing" in html
    assert "Where they spoke" in html
    assert "prevent it from being deleted" in html
    moderator_client.post(url)
    assert Participant.objects.filter(pk=person.pk).exists()


def test_deleting_a_challenge_in_use_asks_and_lists_usage(moderator_client):
    challenge = make_challenge("Tagged theme")
    make_briefing("The tagged briefing", challenges=[challenge])
    url = f"{CHALLENGES}delete/{challenge.pk}/"
    html = moderator_client.get(url).content.decode()
    assert "used in 1 briefing" in html
    assert "The tagged briefing" in html
    assert "Yes, delete" in html
    assert Challenge.objects.filter(pk=challenge.pk).exists()
