"""What a briefing needs before review (a draft may stay incomplete), a title
too long refused with its length (never cut), one message for a participant
listed twice."""

import re

import pytest
from wagtail.test.utils.form_data import rich_text, streamfield

from briefings.importing.writer import ensure_site_structure
from briefings.models import BriefingPage
from tests.support.factories import make_challenge, make_participant, make_source
from tests.support.staff import add_url, briefing_form_data, make_staff

pytestmark = pytest.mark.usefixtures("own_briefings")


@pytest.fixture
def index(db):
    return ensure_site_structure()


@pytest.fixture
def editor_client(client, index):
    client.force_login(make_staff("Editors"))
    return client


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
