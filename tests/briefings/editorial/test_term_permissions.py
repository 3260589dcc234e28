"""Terms on published briefings are a moderator's to change; terms on none are
named on no public page."""

import pytest
from wagtail.models import PageViewRestriction

from briefings.importing.writer import ensure_site_structure
from briefings.models import Challenge, Participant
from tests.support.factories import make_briefing, make_challenge, make_participant
from tests.support.staff import make_staff


def edit_path(term) -> str:
    return f"/admin/snippets/briefings/{term._meta.model_name}/edit/{term.pk}/"


def challenge_form(challenge, **changes) -> dict:
    return {
        "name": challenge.name,
        "slug": challenge.slug,
        "description": challenge.description,
        "sort_order": challenge.sort_order,
        **changes,
    }


@pytest.fixture
def staff(db):
    ensure_site_structure()
    return {"editor": make_staff("Editors"), "moderator": make_staff("Moderators")}


def test_an_editor_is_told_and_refused_on_a_term_in_live_use(client, staff):
    challenge = make_challenge("Mandates")
    make_briefing(challenges=[challenge])
    client.force_login(staff["editor"])
    form = client.get(edit_path(challenge))
    assert "appears on 1 published briefing: only a moderator" in form.content.decode()
    response = client.post(
        edit_path(challenge), challenge_form(challenge, name="Mandates (renamed)")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "only a moderator can change it" in html
    # What the editor typed is still in the form.
    assert 'value="Mandates (renamed)"' in html
    challenge.refresh_from_db()
    assert challenge.name == "Mandates"


def test_an_editor_may_change_a_term_on_drafts_only(client, staff):
    challenge = make_challenge("Draft theme")
    make_briefing(challenges=[challenge], live=False)
    client.force_login(staff["editor"])
    response = client.post(
        edit_path(challenge), challenge_form(challenge, name="Draft theme, renamed")
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.name == "Draft theme, renamed"


def test_a_moderator_may_change_a_term_in_live_use(client, staff):
    challenge = make_challenge("Mandates")
    make_briefing(challenges=[challenge])
    client.force_login(staff["moderator"])
    assert "only a moderator" not in client.get(edit_path(challenge)).content.decode()
    response = client.post(edit_path(challenge), challenge_form(challenge, name="New"))
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.name == "New"


@pytest.fixture
def hidden_terms(db):
    """A public briefing, a draft and a private briefing, each with its own terms."""
    public_challenge = make_challenge("Public theme", slug="public-theme")
    public_person = make_participant("Public Person", slug="public-person")
    make_briefing(
        challenges=[public_challenge], participants=[(public_person, "speaker")]
    )
    draft_challenge = make_challenge("Unlisted Draft Theme", slug="draft-theme")
    draft_person = make_participant("Unlisted Draft Person", slug="draft-person")
    make_briefing(
        challenges=[draft_challenge],
        participants=[(draft_person, "speaker")],
        live=False,
    )
    private_challenge = make_challenge("Unlisted Private Theme", slug="private-theme")
    private_person = make_participant("Unlisted Private Person", slug="private-person")
    private = make_briefing(
        challenges=[private_challenge], participants=[(private_person, "speaker")]
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    make_challenge("Unlisted Unused Theme", slug="unused-theme")


def test_terms_on_no_published_briefing_are_named_on_no_public_page(
    client, hidden_terms
):
    pages = [
        "/",
        "/briefings/",
        "/challenges/",
        "/participants/",
        "/sitemap.xml",
        "/briefings/feed/",
        "/challenges/public-theme/",
        "/participants/public-person/",
    ]
    for slug in ("draft-theme", "private-theme", "unused-theme"):
        pages.append(f"/briefings/?challenge={slug}")
        pages.append(f"/briefings/feed/?challenge={slug}")
    for slug in ("draft-person", "private-person"):
        pages.append(f"/briefings/?participant={slug}")
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Unlisted" not in response.content.decode(), path
    for path in [
        "/challenges/draft-theme/",
        "/challenges/private-theme/",
        "/challenges/unused-theme/",
        "/participants/draft-person/",
        "/participants/private-person/",
    ]:
        assert client.get(path).status_code == 404, path
    listing = client.get("/briefings/?challenge=draft-theme")
    assert "There is no challenge “draft-theme”" in listing.content.decode()
    shown = client.get("/challenges/").content.decode()
    assert "Public theme" in shown
    assert "Public Person" in client.get("/participants/").content.decode()
    # The hidden terms are there, only never shown.
    assert Challenge.objects.filter(name__startswith="Unlisted").count() == 3
    assert Participant.objects.filter(name__startswith="Unlisted").count() == 2
