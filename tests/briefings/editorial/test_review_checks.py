"""What a briefing needs before review (a draft may stay incomplete), a title
too long refused with its length (never cut), one message for a participant
listed twice."""

import re

import pytest
from wagtail.test.utils.form_data import rich_text, streamfield

from briefings.models import BriefingPage
from briefings.models.page_form import body_text
from tests.support.factories import (
    make_briefing,
    make_challenge,
    make_participant,
    make_source,
)
from tests.support.staff import add_url, briefing_form_data

# Every test edits under the briefing index (`conftest.index`).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_own_briefings", "index"),
]


def errors(response) -> list[str]:
    html = response.content.decode()
    found = re.findall(r'class="error-message"[^>]*>\s*(?:<span>)?(.*?)<', html, re.S)
    return [error.strip() for error in found if error.strip()]


EMPTY_BODY = streamfield([])


def test_an_incomplete_draft_is_saved(editor_client, index):
    data = briefing_form_data(source=make_source(), body=EMPTY_BODY)
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 302
    assert BriefingPage.objects.filter(live=False).count() == 1


def test_submitting_asks_for_a_challenge_a_participant_and_a_body(editor_client, index):
    data = briefing_form_data(source=make_source(), body=EMPTY_BODY)
    data["action-submit"] = "action-submit"
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 200
    assert not BriefingPage.objects.exists()
    said = errors(response)
    assert any("Tick at least one challenge" in error for error in said)
    assert any("Add at least one participant" in error for error in said)
    # An empty body is the stream's own required error (not deferred on review).
    assert "body" in response.context["form"].errors
    # What was typed is still there.
    assert 'value="A briefing"' in response.content.decode()


def test_a_complete_briefing_is_submitted(editor_client, index):
    data = briefing_form_data(
        source=make_source(),
        challenges=[make_challenge()],
        participants=[(make_participant(), "speaker")],
        body=streamfield([("paragraph", rich_text("<p>Words.</p>"))]),
    )
    data["action-submit"] = "action-submit"
    assert editor_client.post(add_url(index), data).status_code == 302
    assert BriefingPage.objects.get().current_workflow_state.status == "in_progress"


def test_a_title_over_the_limit_is_refused_with_its_length(editor_client, index):
    title = "A" * 300
    data = briefing_form_data(source=make_source(), title=title)
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 200
    assert not BriefingPage.objects.exists()
    html = response.content.decode()
    assert "The title is 300 characters long; the limit is 255." in html
    # Kept whole in the form, and no maxlength to cut a pasted title.
    assert f'value="{title}"' in html
    field = re.search(r'<input[^>]*name="title"[^>]*>', html)[0]
    assert "maxlength" not in field and 'data-length-limit="255"' in field


def test_a_participant_twice_is_said_once(editor_client, index):
    twice = make_participant("Twice")
    data = briefing_form_data(
        source=make_source(), participants=[(twice, "speaker"), (twice, "host")]
    )
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 200
    assert errors(response) == [
        "Twice is listed more than once; keep one row per participant."
    ]


def test_a_row_marked_for_removal_is_no_duplicate_though_another_row_is_wrong(
    editor_client, index
):
    twice, other = make_participant("Twice"), make_participant("Other")
    data = briefing_form_data(
        source=make_source(),
        participants=[(twice, "speaker"), (twice, "host"), (other, "no-such-role")],
    )
    data["participant_links-1-DELETE"] = "1"
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 200
    formset = response.context["form"].formsets["participant_links"]
    assert not formset.forms[1].errors
    assert "role" in formset.forms[2].errors
    assert not any("listed more than once" in error for error in errors(response))


def test_checking_that_a_body_is_written_renders_and_queries_nothing(
    django_assert_num_queries,
):
    linked = make_briefing("Linked")
    paragraph = f'<p>See <a linktype="page" id="{linked.pk}">this</a>.</p>'
    body = BriefingPage.body.field.stream_block.to_python(
        [{"type": "paragraph", "value": paragraph}] * 5
        + [{"type": "heading", "value": {"text": "", "level": "h2"}}]
    )
    with django_assert_num_queries(0):
        assert body_text(body).split() == ["See", "this", "."] * 5
    empty = BriefingPage.body.field.stream_block.to_python(
        [{"type": "paragraph", "value": "<p></p>"}]
    )
    assert body_text(empty) == ""
