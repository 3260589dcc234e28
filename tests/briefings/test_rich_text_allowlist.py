"""One allowlist for a briefing's rich text, whatever wrote it, and pages rendered
for editors (previews, revisions under review) under a policy without inline
scripts."""

import json

import pytest
from django.db import connection
from wagtail.models import Revision
from wagtail.test.utils.form_data import rich_text, streamfield

from briefings.allowlist import clean_rich_text
from institute.middleware.security_headers import EDITOR_PAGE_POLICY
from tests.support.factories import make_briefing, make_challenge
from tests.support.staff import briefing_form_data, edit_url, make_staff

HOSTILE = (
    '<p>Read <a href="javascript:alert(1)">this</a>, '
    '<a href="JaVaScRiPt:alert(2)">that</a>, '
    '<a href="data:text/html,x">data</a>, <img src="https://t.example/p.gif"/>'
    '<script>alert(3)</script><b onclick="alert(4)">bold</b> and '
    '<a href="https://www.un.org/">the UN</a>.</p>'
)


def script_policy(response) -> str:
    directives = response["Content-Security-Policy"].split(";")
    return next(d for d in directives if d.strip().startswith("script-src"))


def body_of(page_html: str) -> str:
    """The briefing's body as a page renders it."""
    return page_html.split('class="briefing__body"')[1].split("<aside")[0]


def assert_clean(html: str) -> None:
    lowered = html.lower()
    for forbidden in ("javascript:", "data:text", "t.example", "<script", "onclick"):
        assert forbidden not in lowered, forbidden
    assert '<a href="https://www.un.org/">the UN</a>' in html


def test_the_allowlist_keeps_what_the_editor_allows():
    cleaned = clean_rich_text(HOSTILE)
    assert_clean(cleaned)
    assert "<b>bold</b>" in cleaned
    internal = '<p><a linktype="page" id="3">a page</a></p>'
    assert clean_rich_text(internal) == internal


def test_a_body_stored_outside_the_allowlist_renders_clean(db, client):
    briefing = make_briefing()
    raw = json.dumps([{"type": "paragraph", "value": HOSTILE, "id": "a"}])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE briefings_briefingpage SET body = %s WHERE page_ptr_id = %s",
            [raw, briefing.pk],
        )
    response = client.get(briefing.url)
    assert response.status_code == 200
    assert_clean(body_of(response.content.decode()))


@pytest.fixture
def moderator_client(client, db):
    client.force_login(make_staff("Moderators"))
    return client


def test_a_hostile_revision_views_clean_under_the_pages_policy(moderator_client):
    briefing = make_briefing()
    revision = briefing.save_revision()
    content = dict(revision.content)
    content["body"] = json.dumps([{"type": "paragraph", "value": HOSTILE, "id": "b"}])
    Revision.objects.filter(pk=revision.pk).update(content=content)
    response = moderator_client.get(
        f"/admin/pages/{briefing.pk}/revisions/{revision.pk}/view/"
    )
    assert response.status_code == 200
    assert_clean(body_of(response.content.decode()))
    assert response["Content-Security-Policy"] == EDITOR_PAGE_POLICY
    assert "'unsafe-inline'" not in script_policy(response)


def test_previews_and_public_pages_seen_by_editors_allow_no_inline_script(
    moderator_client,
):
    challenge = make_challenge()
    briefing = make_briefing(challenges=[challenge])
    data = briefing_form_data(
        title=briefing.title,
        slug=briefing.slug,
        challenges=[challenge],
        source=briefing.source,
        body=streamfield([("paragraph", rich_text(HOSTILE))]),
    )
    preview_url = f"/admin/pages/{briefing.pk}/edit/preview/"
    assert moderator_client.post(preview_url, data).json()["is_valid"]
    preview = moderator_client.get(preview_url)
    assert preview.status_code == 200
    assert_clean(body_of(preview.content.decode()))
    assert "'unsafe-inline'" not in script_policy(preview)
    live = moderator_client.get(briefing.url)
    assert "'unsafe-inline'" not in script_policy(live)
    assert "wagtail-userbar" in live.content.decode()


def editor_state_with_link(url: str) -> str:
    """What the rich text editor posts for one paragraph linking "this" to `url`,
    as a hostile editor could write it by hand."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": "this and the UN",
                    "inlineStyleRanges": [],
                    "entityRanges": [
                        {"offset": 0, "length": 4, "key": 0},
                        {"offset": 9, "length": 6, "key": 1},
                    ],
                }
            ],
            "entityMap": {
                "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}},
                "1": {
                    "type": "LINK",
                    "mutability": "MUTABLE",
                    "data": {"url": "https://www.un.org/"},
                },
            },
        }
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:x", "data:,x"])
def test_what_the_editor_saves_passes_the_same_allowlist(moderator_client, url):
    challenge = make_challenge()
    briefing = make_briefing(challenges=[challenge])
    data = briefing_form_data(
        title=briefing.title,
        slug=briefing.slug,
        challenges=[challenge],
        source=briefing.source,
        body=streamfield([("paragraph", editor_state_with_link(url))]),
    )
    response = moderator_client.post(edit_url(briefing), data)
    assert response.status_code == 302
    briefing.refresh_from_db()
    stored = briefing.get_latest_revision().content["body"]
    assert url.lower() not in stored.lower()
    assert "https://www.un.org/" in stored, stored
