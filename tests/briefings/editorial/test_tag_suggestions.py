"""Tag suggestions: whole words and aliases, acronyms as written, tagged left out."""

import json

import pytest
from django.contrib.auth.models import Group, User

from briefings.editorial.tag_suggestions import (
    first_mention,
    suggest_tags,
    term_pattern,
)
from tests.support.factories import make_challenge, make_participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_own_content")]


@pytest.mark.parametrize(
    "text",
    [
        "Funding from the AU was discussed.",
        "AU-led missions",
        "(AU)",
        "the AU.",
        "AU",
    ],
)
def test_acronym_is_found_as_a_whole_word(text):
    assert first_mention(text, ["AU"]) == "AU"


@pytest.mark.parametrize(
    "text",
    [
        "An AUDIT of the mission.",
        "Australia sent troops.",
        "The au pair",
        "GAU forces",
        "AU2",
        "an Au nugget",
    ],
)
def test_acronym_is_not_found_inside_other_words_or_in_another_case(text):
    assert first_mention(text, ["AU"]) is None


def test_name_is_found_in_any_case_and_across_a_line_break():
    assert first_mention("the african\nunion said", ["African Union"]) == (
        "african\nunion"
    )


def test_name_must_match_whole_words():
    assert first_mention("the African Unionists", ["African Union"]) is None
    assert first_mention("Pan-African Union", ["African Union"]) == "African Union"


def test_seesac_is_found_only_as_written():
    assert first_mention("SEESAC reported", ["SEESAC"]) == "SEESAC"
    assert first_mention("Seesac reported", ["SEESAC"]) is None
    assert first_mention("SEESACS", ["SEESAC"]) is None


def test_regex_characters_in_names_are_taken_literally():
    assert first_mention("Mr. Ban spoke", ["Mr. Ban"]) == "Mr. Ban"
    assert first_mention("Mrs Ban spoke", ["Mr. Ban"]) is None
    assert first_mention("G5 Sahel (G5S)", ["G5S"]) == "G5S"
    assert term_pattern("C++").search("C++ is used") is not None


def test_blank_aliases_are_ignored():
    assert first_mention("anything", ["", "  "]) is None


@pytest.fixture
def vocabulary(db):
    return {
        "au": make_participant(
            "African Union", aliases="AU\nOrganisation of African Unity"
        ),
        "seesac": make_participant(
            "SEESAC", aliases="South Eastern and Eastern Europe Clearinghouse"
        ),
        "australia": make_participant("Australia", kind="state"),
        "mandates": make_challenge("Mandates"),
    }


def test_suggests_terms_mentioned_by_name_or_alias(vocabulary):
    text = "The AU and SEESAC met to discuss mandates."
    found = {(s.kind, s.name, s.matched) for s in suggest_tags(text=text)}
    assert found == {
        ("participant", "African Union", "AU"),
        ("participant", "SEESAC", "SEESAC"),
        ("challenge", "Mandates", "mandates"),
    }


def test_tagged_terms_are_not_suggested(vocabulary):
    text = "The AU and SEESAC met to discuss mandates."
    suggestions = suggest_tags(
        text=text,
        tagged_challenge_ids=[vocabulary["mandates"].pk],
        tagged_participant_ids=[vocabulary["au"].pk],
    )
    assert [s.name for s in suggestions] == ["SEESAC"]


def test_no_suggestion_for_acronym_inside_a_word(vocabulary):
    assert suggest_tags(text="An AUDIT in Austria.") == []


def test_suggestions_take_two_queries_however_large_the_vocabulary(
    vocabulary, django_assert_num_queries
):
    for number in range(20):
        make_participant(f"Person {number}", kind="person")
    with django_assert_num_queries(2):
        suggest_tags(text="The AU met.")


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_user("editor", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def post(client, payload, **kwargs):
    return client.post(
        "/admin/briefings/tag-suggestions/",
        data=payload if isinstance(payload, str) else json.dumps(payload),
        content_type="application/json",
        **kwargs,
    )


def test_endpoint_returns_suggestions_for_unsaved_text(vocabulary, editor_client):
    response = post(
        editor_client,
        {"text": "The AU met.", "challenges": [], "participants": []},
    )
    assert response.status_code == 200
    [suggestion] = response.json()["suggestions"]
    assert suggestion["id"] == vocabulary["au"].pk
    assert suggestion["edit_url"].endswith(f"/edit/{vocabulary['au'].pk}/")


def test_endpoint_leaves_out_tagged_ids(vocabulary, editor_client):
    response = post(
        editor_client,
        {"text": "The AU met.", "participants": [vocabulary["au"].pk]},
    )
    assert response.json()["suggestions"] == []


@pytest.mark.parametrize(
    "payload", ["not json", '{"participants": ["x"]}', "[1, 2]", '{"challenges": 3}']
)
def test_endpoint_answers_malformed_input_with_400(editor_client, db, payload):
    response = post(editor_client, payload)
    assert response.status_code == 400
    assert response.json() == {"error": "Expected JSON with text and id lists."}


def test_endpoint_finds_nothing_in_a_nul_byte(editor_client, db):
    response = post(editor_client, '{"text": "\\u0000"}')
    assert response.status_code == 200
    assert response.json() == {"suggestions": []}


def test_endpoint_needs_an_admin_login(client, db):
    response = post(client, {"text": "The AU met."})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "ids",
    [
        "[1e400]",  # json reads it as float inf, which int() cannot convert
        "[1.5]",
        "[true]",
        '["12"]',
        '["' + "9" * 5000 + '"]',
        "[" + "9" * 5000 + "]",  # more digits than Python converts
        '{"1": 2}',
        "null",
    ],
)
def test_endpoint_refuses_ids_that_are_not_integers(editor_client, db, ids):
    response = post(editor_client, f'{{"text": "The AU met.", "challenges": {ids}}}')
    assert response.status_code == 400
    assert response.json() == {"error": "Expected JSON with text and id lists."}
