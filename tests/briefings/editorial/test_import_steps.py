"""The admin import as an editor walks it: a sample to start from, titles in the
dry run, links to the new drafts (theirs), review in the same step, and unknown
slugs answered with the one probably meant."""

from pathlib import Path

import pytest
from django.conf import settings

from briefings.importing.bulk_import import ArticleFile, import_articles
from briefings.models import BriefingPage, Challenge
from tests.support.uploads import (
    UPLOAD,
    article,
    md,
    token_of,
    upload,
)

# The upload's terms and the staff clients are the editorial conftest's.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_own_briefings", "terms"),
]

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


def test_the_sample_file_imports_cleanly_against_the_seed_vocabularies():
    # The seed's briefings are taken out for this module; its terms stay.
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


# A YAML escape in quotes puts a NUL character in a value (a literal NUL byte in
# the file is refused as a whole); a term's slug is checked as the briefing's
# own is, since an import may create the terms it names.
@pytest.mark.parametrize(
    "values, problem",
    [
        ({"slug": '"on\\0e"'}, "'slug' holds a NUL character"),
        ({"challenge": '"mand\\0ates"'}, "'challenges' must be lowercase words"),
        ({"participant": '"african\\x00union"'}, "'participants' must be lowercase"),
        ({"source": '"in\\0ex"'}, "'source' holds a NUL character"),
        ({"source": "In-Ex"}, "'source' must be lowercase words joined by hyphens"),
        ({"challenge": '"Man Dates"'}, "'challenges' must be lowercase words"),
    ],
)
def test_a_nul_or_a_malformed_term_slug_fails_its_file_with_a_message(
    editor_client, values, problem
):
    text = article(
        values.pop("slug", "one"),
        title="A title",
        url="https://example.org/one",
        **values,
    )
    challenges = Challenge.objects.count()
    response = upload(editor_client, md("one.md", text), create_terms="on")
    assert response.status_code == 200
    report = response.context["report"]
    ((name, reason),) = report.failed
    assert name == "one.md" and problem in reason
    assert report.unknown_terms == {}
    html = confirm(editor_client, response, create_terms="on").content.decode()
    assert problem.split("'")[1] in html
    assert not BriefingPage.objects.filter(slug="one").exists()
    assert Challenge.objects.count() == challenges


def test_a_nul_in_the_title_fails_its_file_with_a_message(editor_client):
    text = article("one", title="A \\0 title")
    response = upload(editor_client, md("one.md", text))
    assert response.status_code == 200
    assert response.context["report"].failed == [
        ("one.md", "'title' holds a NUL character")
    ]


@pytest.mark.parametrize("token", ["abc%00def", "%00", "a%20b", "x" * 65, "%C3%A9"])
def test_a_malformed_upload_token_sends_back_to_the_upload_form(editor_client, token):
    for method in (editor_client.get, editor_client.post):
        response = method(f"{UPLOAD}{token}/", follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == UPLOAD
        assert "no longer available" in response.content.decode()
