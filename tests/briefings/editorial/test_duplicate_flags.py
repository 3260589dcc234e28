"""Suspected duplicates: an editor flags one, a moderator finds it (dashboard,
Reports), merges it with the form filled in, or says the two are two."""

import pytest

from briefings.models import (
    ChallengeDuplicateFlag,
    Participant,
    ParticipantDuplicateFlag,
)
from tests.support.factories import make_briefing, make_challenge, make_participant
from tests.support.staff import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_own_content")]

SUSPECTED = "/admin/briefings/duplicates/"


def flag_url(term) -> str:
    return f"/admin/briefings/duplicates/flag/{term._meta.model_name}/{term.pk}/"


@pytest.fixture
def pair(db):
    original = make_participant("Jean-Pierre Lacroix", kind="person")
    copy = make_participant("J.-P. Lacroix", kind="person")
    make_briefing(participants=[(copy, "speaker")])
    return copy, original


@pytest.fixture
def editor(db):
    return make_staff("Editors")


@pytest.fixture
def moderator(db):
    moderator = make_staff("Moderators")
    moderator.first_name, moderator.last_name = "Maria", "Okafor"
    moderator.save()
    return moderator


def flag(client, user, term, original, note=""):
    client.force_login(user)
    return client.post(
        flag_url(term), {"original": original.pk, "note": note}, follow=True
    )


def test_the_flag_form_offers_the_likely_original(client, editor):
    original = make_participant("Jean-Pierre Lacroix", kind="person")
    copy = make_participant("Jean Pierre  LACROIX", kind="person", slug="jpl")
    client.force_login(editor)
    response = client.get(flag_url(copy))
    assert response.status_code == 200
    assert response.context["form"]["original"].value() == original.pk
    assert "The participant “Jean Pierre  LACROIX” may be" in response.content.decode()


def test_an_editor_flags_and_a_moderator_merges(client, pair, editor, moderator):
    copy, original = pair
    response = flag(client, editor, copy, original, note="Same person, initials.")
    assert "Flagged for a moderator: “J.-P. Lacroix” may be “Jean-Pierre Lacroix”." in (
        response.content.decode()
    )
    # Editors cannot merge, so they are turned away from the moderators' list
    # (the admin sends them home with its "no permission" message).
    refused = client.get(SUSPECTED)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")

    client.force_login(moderator)
    dashboard = client.get("/admin/").content.decode()
    assert "1 suspected duplicate is waiting" in dashboard
    assert "Review it" in dashboard
    page = client.get(SUSPECTED).content.decode()
    assert "Same person, initials." in page
    flag_row = ParticipantDuplicateFlag.objects.get()
    merge = f"/admin/snippets/briefings/participant/merge/{copy.pk}/?into={original.pk}"
    assert merge in page
    form = client.get(merge).context["form"]
    assert form["into"].value() == original.pk
    client.post(merge.split("?")[0], {"into": original.pk})
    assert not Participant.objects.filter(pk=copy.pk).exists()
    # The merge took the flag with the merged term.
    assert not ParticipantDuplicateFlag.objects.filter(pk=flag_row.pk).exists()
    assert (
        "No suspected duplicates are waiting" in client.get(SUSPECTED).content.decode()
    )
    assert "suspected duplicate" not in client.get("/admin/").content.decode()


def test_a_moderator_dismisses_a_flag(client, editor, moderator):
    peace, peacebuilding = make_challenge("Peace"), make_challenge("Peacebuilding")
    flag(client, editor, peace, peacebuilding)
    item = ChallengeDuplicateFlag.objects.get()
    client.force_login(moderator)
    response = client.post(
        f"/admin/briefings/duplicates/dismiss/challenge/{item.pk}/", follow=True
    )
    assert "“Peace” and “Peacebuilding” are kept apart" in response.content.decode()
    assert not ChallengeDuplicateFlag.objects.exists()
    # Both terms are still there.
    assert {peace.pk, peacebuilding.pk} <= set(
        type(peace).objects.values_list("pk", flat=True)
    )


def test_flagging_twice_keeps_one_flag(client, pair, editor):
    copy, original = pair
    flag(client, editor, copy, original)
    response = flag(client, editor, copy, original)
    assert "was already flagged" in response.content.decode()
    assert ParticipantDuplicateFlag.objects.count() == 1


def test_the_taxonomy_listing_offers_the_flag(client, pair, editor):
    copy, _ = pair
    client.force_login(editor)
    html = client.get("/admin/snippets/briefings/participant/").content.decode()
    assert flag_url(copy) in html
    assert "Flag as a possible duplicate…" in html


@pytest.mark.parametrize(
    "make_data, message",
    [
        (lambda term, original: {"original": term.pk}, "Select a valid choice"),
        (lambda term, original: {"original": ""}, "This field is required"),
        (
            lambda term, original: {"original": original.pk, "note": "a\x00b"},
            "Null characters are not allowed",
        ),
        (
            lambda term, original: {"original": original.pk, "note": "x" * 501},
            "at most 500 characters",
        ),
    ],
    ids=["itself", "none", "nul-byte", "too-long"],
)
def test_bad_flags_are_refused_with_a_message(client, pair, editor, make_data, message):
    copy, original = pair
    client.force_login(editor)
    response = client.post(flag_url(copy), make_data(copy, original))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ParticipantDuplicateFlag.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/briefings/duplicates/flag/source/1/",
        "/admin/briefings/duplicates/flag/participant/999999/",
    ],
)
def test_unknown_terms_are_not_found(client, editor, url):
    client.force_login(editor)
    assert client.get(url).status_code == 404


def test_dismissing_needs_a_moderator_and_a_post(client, pair, editor, moderator):
    copy, original = pair
    flag(client, editor, copy, original)
    item = ParticipantDuplicateFlag.objects.get()
    url = f"/admin/briefings/duplicates/dismiss/participant/{item.pk}/"
    refused = client.post(url)  # the editor
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    client.force_login(moderator)
    assert client.get(url).status_code == 405
    assert ParticipantDuplicateFlag.objects.exists()
