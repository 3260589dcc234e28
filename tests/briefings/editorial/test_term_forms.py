"""Creating terms: slugs made from names, near-duplicates asked about first, and
the page editor's chooser able to create a participant on the spot."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings.editorial.near_duplicates import near_duplicate, normalised
from briefings.editorial.term_panels import term_edit_handler
from briefings.models import BriefingParticipant, Challenge, Participant
from tests.support.factories import make_participant
from tests.support.staff import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_own_content")]

ADD_PARTICIPANT = "/admin/snippets/briefings/participant/add/"
ADD_CHALLENGE = "/admin/snippets/briefings/challenge/add/"


def participant_data(**fields) -> dict:
    """The Taxonomy admin's participant form, filled in."""
    return {
        "name": "Wanjiru Kamau",
        "slug": "",
        "kind": "person",
        "description": "",
        "website": "",
        "aliases": "",
        **fields,
    }


@pytest.mark.parametrize(
    "typed, existing",
    [
        ("Jean Pierre Lacroix", "Jean-Pierre Lacroix"),
        ("jean-pierre  LACROIX", "Jean-Pierre Lacroix"),
        ("Amela Cosovic Medic", "Amela Čosović-Medić"),
        ("A.U.", "African Union"),  # an alias recorded as "AU"
    ],
)
def test_names_match_once_case_accents_and_punctuation_are_set_aside(typed, existing):
    make_participant("Jean-Pierre Lacroix")
    make_participant("Amela Čosović-Medić")
    make_participant("African Union", aliases="AU")
    assert near_duplicate(Participant, [typed]).name == existing


def test_acronyms_are_not_stretched_into_other_names():
    make_participant("Department of Peacekeeping Operations", aliases="DPKO")
    assert near_duplicate(Participant, ["DPO"]) is None
    assert normalised("DPO") != normalised("DPKO")


def test_the_slug_is_made_from_the_name_when_left_empty(editor_client):
    response = editor_client.post(ADD_PARTICIPANT, participant_data())
    assert response.status_code == 302
    assert Participant.objects.get(name="Wanjiru Kamau").slug == "wanjiru-kamau"


def test_a_taken_slug_gets_a_number_rather_than_an_error(editor_client):
    make_participant("Someone else", slug="wanjiru-kamau")
    editor_client.post(ADD_PARTICIPANT, participant_data())
    assert Participant.objects.get(name="Wanjiru Kamau").slug == "wanjiru-kamau-2"


def add_lacroix_again(client, **fields):
    """Add "Jean Pierre Lacroix" when "Jean-Pierre Lacroix" exists already."""
    make_participant("Jean-Pierre Lacroix", slug="jean-pierre-lacroix")
    data = participant_data(name="Jean Pierre Lacroix", **fields)
    return client.post(ADD_PARTICIPANT, data)


def test_a_near_duplicate_is_asked_about_and_nothing_typed_is_lost(editor_client):
    response = add_lacroix_again(editor_client, description="USG for DPO")
    assert response.status_code == 200
    assert Participant.objects.filter(name="Jean Pierre Lacroix").count() == 0
    page = response.content.decode()
    assert "Did you mean “Jean-Pierre Lacroix”?" in page
    assert 'value="Jean Pierre Lacroix"' in page and "USG for DPO" in page
    # The confirmation is offered only now, as a tick box.
    assert 'type="checkbox" name="not_a_duplicate"' in page
    # One message about the name, not several.
    assert page.count("Did you mean") == 1


def test_the_confirmation_box_is_not_shown_before_it_is_needed(editor_client):
    page = editor_client.get(ADD_PARTICIPANT).content.decode()
    assert "not_a_duplicate" not in page
    # The name fills the slug as the editor types.
    assert 'data-w-sync-target-value="#id_slug"' in page


def test_a_confirmed_different_term_is_saved(editor_client):
    response = add_lacroix_again(editor_client, not_a_duplicate="on")
    assert response.status_code == 302
    saved = Participant.objects.get(name="Jean Pierre Lacroix")
    assert saved.slug == "jean-pierre-lacroix-2"


def test_renaming_into_another_terms_name_is_asked_about(client, db):
    client.force_login(make_staff("Moderators"))
    make_participant("African Union", slug="african-union-x")
    other = make_participant("Union africaine", slug="union-africaine")
    url = f"/admin/snippets/briefings/participant/edit/{other.pk}/"
    response = client.post(
        url, participant_data(name="African union", slug="union-africaine")
    )
    assert response.status_code == 200
    assert "Did you mean “African Union”?" in response.content.decode()
    # Saving the term under its own name again is no duplicate of itself.
    response = client.post(
        url, participant_data(name="Union Africaine", slug="union-africaine")
    )
    assert response.status_code == 302


def test_challenges_are_checked_too(editor_client):
    Challenge.objects.create(name="Protection of civilians", slug="poc")
    response = editor_client.post(
        ADD_CHALLENGE,
        {
            "name": "protection of Civilians",
            "slug": "",
            "description": "",
            "sort_order": 0,
        },
    )
    assert "Did you mean “Protection of civilians”?" in response.content.decode()


def chooser(name: str, view: str) -> str:
    return reverse(f"wagtailsnippetchoosers_briefings_{name}:{view}")


def test_the_participant_chooser_shows_kind_and_description(editor_client):
    make_participant(
        "Department of Political Affairs",
        kind="organisation",
        description="Department of the UN Secretariat for political analysis.",
    )
    response = editor_client.get(chooser("participant", "choose"))
    html = json.loads(response.content)["html"]
    assert "Organisation" in html
    assert "Department of the UN Secretariat for political analysis." in html
    assert "Create participant" in html


def test_a_participant_is_created_from_the_chooser_and_chosen(editor_client):
    response = editor_client.post(
        chooser("participant", "create"),
        {"name": "Wanjiru Kamau", "slug": "", "kind": "person", "description": ""},
    )
    data = json.loads(response.content)
    assert data["step"] == "chosen"
    created = Participant.objects.get(name="Wanjiru Kamau")
    assert data["result"]["id"] == str(created.pk) or data["result"]["id"] == created.pk
    assert created.slug == "wanjiru-kamau"


def test_the_chooser_asks_about_a_near_duplicate_before_creating(editor_client):
    make_participant("Jean-Pierre Lacroix", slug="jean-pierre-lacroix")
    url = chooser("participant", "create")
    typed = {
        "name": "Jean Pierre Lacroix",
        "slug": "",
        "kind": "person",
        "description": "",
    }
    data = json.loads(editor_client.post(url, typed).content)
    assert data["step"] == "reshow_creation_form"
    assert "Did you mean “Jean-Pierre Lacroix”?" in data["htmlFragment"]
    assert 'type="checkbox" name="not_a_duplicate"' in data["htmlFragment"]
    data = json.loads(
        editor_client.post(url, {**typed, "not_a_duplicate": "on"}).content
    )
    assert data["step"] == "chosen"


def test_a_new_participant_row_has_a_role_already():
    assert BriefingParticipant._meta.get_field("role").default == "participant"


def test_saving_a_term_with_its_names_unchanged_reads_no_other_terms(
    django_assert_num_queries,
):
    # Told apart once already ("This is not ..." ticked): saving it again with
    # a new description asks nothing, and reads no other term.
    make_participant("Jean Pierre Lacroix", slug="jean-pierre-lacroix-2")
    kept = make_participant("Jean-Pierre Lacroix", slug="jean-pierre-lacroix")
    form_class = (
        term_edit_handler(Participant).bind_to_model(Participant).get_form_class()
    )
    data = participant_data(name=kept.name, slug=kept.slug, description="At the AU")
    form = form_class(data, instance=kept)
    # The slug's uniqueness, nothing more.
    with django_assert_num_queries(1):
        assert form.is_valid(), form.errors
    renamed = form_class({**data, "name": "Jean Pierre  Lacroix"}, instance=kept)
    assert "Did you mean" in " ".join(renamed.errors["name"])


@pytest.mark.parametrize("field", ["name", "description", "aliases"])
def test_a_nul_character_in_a_new_participant_is_refused_with_a_message(
    editor_client, field
):
    typed = {"name": "Wanjiru Kamau", "slug": "", "kind": "person"}
    typed = {"description": "", "aliases": "", **typed}
    typed[field] = typed[field] + "Wan\x00jiru"
    data = json.loads(
        editor_client.post(chooser("participant", "create"), typed).content
    )
    assert data["step"] == "reshow_creation_form"
    assert "Null characters are not allowed." in data["htmlFragment"]
    response = editor_client.post(
        ADD_PARTICIPANT, participant_data(**{field: typed[field]})
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not Participant.objects.filter(slug__startswith="wanjiru").exists()


def test_the_choosers_columns_cost_no_query_per_term(editor_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = editor_client.get(chooser("participant", "choose"))
        assert response.status_code == 200
        return len(captured)

    make_participant("Department of Political Affairs", kind="organisation")
    few = queries()
    for number in range(10):
        make_participant(f"Delegate {number}", description="A delegate.")
    assert queries() == few
