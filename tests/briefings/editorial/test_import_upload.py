"""Importing from the admin: upload .md files or a .zip, read the dry run, confirm."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from briefings.models import BriefingPage, PendingImport
from briefings.models.pending_import import MAX_PENDING_IMPORTS, PENDING_IMPORT_LIFETIME
from tests.support.staff import make_staff
from tests.support.uploads import UPLOAD, article, md, token_of, upload, zipped

# The staff clients are the editorial conftest's; every test has the terms.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_own_briefings", "terms"),
]


def client_for(user) -> Client:
    """A second browser, with a session of its own."""
    other = Client()
    other.force_login(user)
    return other


def test_upload_shows_a_dry_run_and_saves_nothing(editor_client):
    response = upload(
        editor_client,
        md("one.md", article("one")),
        md("broken.md", b"no front matter"),
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert report.dry_run
    assert report.created == ["one.md"]
    assert report.failed[0][0] == "broken.md"
    html = response.content.decode()
    assert "no front matter" in html
    assert "Import 1 briefing" in html
    assert not BriefingPage.objects.exists()


def test_confirm_imports_drafts_and_the_bad_file_fails_alone(editor_client):
    response = upload(
        editor_client,
        zipped(
            "batch.zip",
            {
                "batch/one.md": article("one"),
                "batch/two.md": article("two"),
                "batch/bad.md": b"---\ntitle: x\n---\n",
                "__MACOSX/._one.md": b"\x00\x01",
            },
        ),
    )
    confirm_url = response.redirect_chain[-1][0]
    response = editor_client.post(confirm_url, {"action": "import"})
    report = response.context["report"]
    assert not report.dry_run
    assert sorted(report.created) == ["batch/one.md", "batch/two.md"]
    assert [name for name, _ in report.failed] == ["batch/bad.md"]
    assert set(BriefingPage.objects.values_list("slug", "live")) == {
        ("one", False),
        ("two", False),
    }
    # The upload is used up: going back does not import it twice.
    assert not PendingImport.objects.exists()
    again = editor_client.post(confirm_url, {"action": "import"}, follow=True)
    assert again.redirect_chain[-1][0] == UPLOAD
    assert BriefingPage.objects.count() == 2


def test_unknown_terms_stop_the_import_until_create_terms_is_ticked(
    moderator_client,
):
    response = upload(
        moderator_client, md("one.md", article("one", participant="dpko"))
    )
    assert response.context["report"].unknown_terms == {"participant": ["dpko"]}
    assert "Unknown participant" in response.content.decode()
    confirm_url = response.redirect_chain[-1][0]
    # An import stopped by unknown terms keeps the upload for another try.
    moderator_client.post(confirm_url, {"action": "import"})
    assert PendingImport.objects.filter(token=token_of(response)).exists()
    # Checking again with the option needs no new upload.
    response = moderator_client.post(
        confirm_url, {"action": "check", "create_terms": "on"}
    )
    assert response.context["report"].created == ["one.md"]
    response = moderator_client.post(
        confirm_url, {"action": "import", "create_terms": "on", "publish": "on"}
    )
    assert BriefingPage.objects.get().live


def test_editors_are_not_offered_publishing(editor_client):
    response = editor_client.get(UPLOAD)
    assert "publish" not in response.context["form"].fields
    response = upload(editor_client, md("one.md", article("one")), publish="on")
    confirm_url = response.redirect_chain[-1][0]
    editor_client.post(confirm_url, {"action": "import", "publish": "on"})
    assert not BriefingPage.objects.get().live


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (lambda: [md("notes.txt", b"hello")], "upload .md files or a .zip"),
        (lambda: [SimpleUploadedFile("a.zip", b"not a zip")], "not a readable .zip"),
        (
            lambda: [zipped("evil.zip", {"../../etc/passwd.md": article("x")})],
            "leaves the archive",
        ),
        (
            lambda: [zipped("evil.zip", {"/abs/path.md": article("x")})],
            "leaves the archive",
        ),
        (
            lambda: [zipped("bomb.zip", {"bomb.md": b"a" * (8 * 1024 * 1024)})],
            "zip bomb",
        ),
        (lambda: [zipped("empty.zip", {"readme.txt": b"hi"})], "no .md files"),
    ],
)
def test_unsafe_or_unusable_uploads_are_refused_with_a_message(
    editor_client, files, message
):
    response = upload(editor_client, *files())
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["files"])
    assert not BriefingPage.objects.exists()


def test_non_utf8_and_huge_files_fail_alone(editor_client):
    response = upload(
        editor_client,
        md("latin1.md", "café".encode("latin-1")),
        md("huge.md", b"x" * (1024 * 1024 + 1)),
        md("good.md", article("good")),
    )
    report = response.context["report"]
    assert dict(report.failed) == {
        "latin1.md": "the file is not UTF-8 text",
        "huge.md": "larger than 1 MB",
    }
    assert report.created == ["good.md"]


def test_unknown_token_sends_back_to_the_upload_form(editor_client):
    response = editor_client.get(f"{UPLOAD}not-a-token/", follow=True)
    assert response.redirect_chain[-1][0] == UPLOAD
    assert "no longer available" in response.content.decode()


def test_import_needs_a_login(client, db):
    assert client.get(UPLOAD).status_code == 302


def test_the_session_holds_no_file_text_after_an_upload(editor_client):
    marker = "A sentence only the uploaded file contains."
    body = article("one") + ("\n\n" + marker).encode() * 2000
    response = upload(editor_client, md("one.md", body))
    assert response.context["report"].created == ["one.md"]
    session = editor_client.session
    assert not [key for key, value in session.items() if marker in str(value)]
    assert len(session.encode(dict(session.items()))) < 2000
    assert marker in PendingImport.objects.get().files[0]["text"]


def test_the_upload_is_found_from_another_session_of_the_same_user(editor_client):
    response = upload(editor_client, md("one.md", article("one")))
    confirm_url = response.redirect_chain[-1][0]
    editor_client.post(confirm_url, {"action": "check", "create_terms": "on"})
    # A new session (another tab after logging in again) finds the same upload,
    # with the options last checked.
    other = client_for(PendingImport.objects.get().user)
    response = other.get(confirm_url)
    assert response.context["report"].created == ["one.md"]
    assert response.context["form"].initial["create_terms"] is True
    other.post(confirm_url, {"action": "import"})
    assert BriefingPage.objects.get().slug == "one"
    assert not PendingImport.objects.exists()


def test_an_expired_upload_is_refused_with_a_message_and_deleted(editor_client):
    response = upload(editor_client, md("one.md", article("one")))
    confirm_url = response.redirect_chain[-1][0]
    PendingImport.objects.update(
        created_at=timezone.now() - PENDING_IMPORT_LIFETIME - timedelta(minutes=1)
    )
    response = editor_client.post(confirm_url, {"action": "import"}, follow=True)
    assert response.redirect_chain[-1][0] == UPLOAD
    assert "That upload is no longer available" in response.content.decode()
    assert not PendingImport.objects.exists()
    assert not BriefingPage.objects.exists()


def test_a_new_upload_deletes_everyones_expired_uploads(editor_client):
    moderator = make_staff("Moderators")
    old = PendingImport.objects.create(user=moderator, files=[])
    PendingImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - PENDING_IMPORT_LIFETIME - timedelta(minutes=1)
    )
    current = PendingImport.objects.create(user=moderator, files=[])
    upload(editor_client, md("one.md", article("one")))
    assert PendingImport.objects.exclude(user=moderator).count() == 1
    assert not PendingImport.objects.filter(pk=old.pk).exists()
    assert PendingImport.objects.filter(pk=current.pk).exists()


def test_another_user_cannot_see_or_import_the_upload(editor_client):
    response = upload(editor_client, md("one.md", article("one")))
    confirm_url = response.redirect_chain[-1][0]
    other = client_for(make_staff("Editors", "another-editor"))
    response = other.get(confirm_url, follow=True)
    assert response.redirect_chain[-1][0] == UPLOAD
    assert "no longer available" in response.content.decode()
    assert "one.md" not in response.content.decode()
    other.post(confirm_url, {"action": "import"})
    assert not BriefingPage.objects.exists()
    # The uploader's own upload is untouched.
    editor_client.post(confirm_url, {"action": "import"})
    assert BriefingPage.objects.get().slug == "one"


def test_a_sixth_pending_upload_drops_the_oldest(editor_client):
    moderator_upload = PendingImport.objects.create(
        user=make_staff("Moderators"), files=[]
    )
    tokens = [
        token_of(upload(editor_client, md(f"n{n}.md", article(f"n{n}"))))
        for n in range(MAX_PENDING_IMPORTS + 1)
    ]
    kept = set(
        PendingImport.objects.exclude(pk=moderator_upload.pk).values_list(
            "token", flat=True
        )
    )
    assert kept == set(tokens[1:])
    # Another user's uploads do not count against the editor's.
    assert PendingImport.objects.filter(pk=moderator_upload.pk).exists()
    response = editor_client.get(f"{UPLOAD}{tokens[0]}/", follow=True)
    assert "no longer available" in response.content.decode()
    response = editor_client.get(f"{UPLOAD}{tokens[-1]}/")
    assert response.context["report"].created == [f"n{MAX_PENDING_IMPORTS}.md"]
