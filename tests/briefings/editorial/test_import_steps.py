"""The admin import as an editor walks it: a sample to start from, titles in the
dry run, links to the new drafts (theirs), review in the same step, and unknown
slugs answered with the one probably meant."""

from pathlib import Path

import pytest
from django.conf import settings

from briefings.importing.bulk_import import ArticleFile, import_articles
from briefings.models import BriefingPage
from tests.briefings.editorial import test_import_upload
from tests.briefings.editorial.test_import_upload import (
    UPLOAD,
    article,
    md,
    token_of,
    upload,
)

# The upload tests' fixtures: the seed-free terms and the two staff clients.
terms = test_import_upload.terms
editor_client = test_import_upload.editor_client
moderator_client = test_import_upload.moderator_client

pytestmark = pytest.mark.usefixtures("own_briefings")

SAMPLE = Path(settings.BASE_DIR) / "briefings/static/briefings/import-sample.md"


def confirm(client, response, **options):
    url = f"{UPLOAD}{token_of(response)}/"
    return client.post(url, {"action": "import", **options})


def test_the_upload_page_links_a_sample_and_the_formats_description(editor_client):
    html = editor_client.get(UPLOAD).content.decode()
    assert 'href="/static/briefings/import-sample.md"' in html
    assert 'href="/admin/briefings/guide/#the-import-format"' in html
    guide = editor_client.get("/admin/briefings/guide/").content.decode()
    assert 'id="the-import-format"' in guide
    assert "date_precision" in guide


@pytest.mark.usefixtures("seeded")
def test_the_sample_file_imports_cleanly_against_the_seed_vocabularies():
    files = [ArticleFile("sample.md", text=SAMPLE.read_text(encoding="utf-8"))]
    report = import_articles(files, dry_run=True)
    assert (report.created, report.failed, report.unknown_terms) == (
        ["sample.md"],
        [],
        {},
    )


def test_the_dry_run_shows_titles(editor_client):
    response = upload(editor_client, md("one.md", article("one", title="A first one")))
    html = response.content.decode()
    assert "A first one" in html and "one.md" in html
    assert "/admin/pages/" not in html.split("<table", 1)[1].split("</table>")[0]


def test_the_result_links_each_draft_which_belongs_to_the_importer(editor_client):
    response = upload(editor_client, md("one.md", article("one", title="A first one")))
    html = confirm(editor_client, response).content.decode()
    page = BriefingPage.objects.get(slug="one")
    assert f'href="/admin/pages/{page.pk}/edit/"' in html
    assert page.owner.username == "editors"
    assert not page.live and page.current_workflow_state is None


def test_drafts_can_be_submitted_for_review_in_the_same_step(editor_client):
    response = upload(editor_client, md("one.md", article("one")), submit="on")
    assert "to be submitted for review" in response.content.decode()
    html = confirm(editor_client, response, submit="on").content.decode()
    assert "1 submitted for review" in html
    page = BriefingPage.objects.get(slug="one")
    assert page.current_workflow_state.status == "in_progress"
    assert page.current_workflow_task.name == "Moderator approval"


def test_publishing_and_submitting_at_once_is_refused(moderator_client):
    response = upload(
        moderator_client, md("one.md", article("one")), submit="on", publish="on"
    )
    assert "Choose one: publish at once, or submit" in response.content.decode()
    assert not BriefingPage.objects.filter(slug="one").exists()


def test_an_unknown_slug_is_answered_with_the_one_probably_meant(editor_client):
    response = upload(
        editor_client, md("one.md", article("one", participant="african-unoin"))
    )
    html = response.content.decode()
    assert (
        "<code>african-unoin</code> (did you mean <code>african-union</code>?)" in html
    )
    report = response.context["report"]
    assert any("did you mean african-union?" in line for line in report.lines())
