"""`manage.py import_briefings`: drafts by default, updates in place, a bad file
fails alone."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from briefings.models import BriefingPage, Challenge, Participant, Source
from tests.support.factories import (
    ARTICLE,
    make_challenge,
    make_participant,
    make_source,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_own_briefings")]


@pytest.fixture
def terms(db):
    return {
        "source": make_source(slug="inex").slug,
        "challenge": make_challenge(slug="mandates").slug,
        "participant": make_participant("African Union", slug="african-union").slug,
    }


def write(folder: Path, name: str, **values) -> Path:
    fields = {
        "title": "A meeting",
        "slug": Path(name).stem,
        "source": "inex",
        "url": f"https://example.org/{Path(name).stem}",
        "challenge": "mandates",
        "participant": "african-union",
        **values,
    }
    path = folder / name
    path.write_text(ARTICLE.format(**fields), encoding="utf-8")
    return path


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_briefings", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


def test_imports_a_folder_as_drafts(terms, tmp_path):
    write(tmp_path, "first.md")
    write(tmp_path, "second.md")
    out, error = run(tmp_path)
    assert error == ""
    assert "2 created, 0 updated, 0 unchanged, 0 failed" in out
    pages = BriefingPage.objects.order_by("slug")
    assert [p.slug for p in pages] == ["first", "second"]
    assert not any(p.live for p in pages)
    assert pages[0].participant_links.get().role == "speaker"
    assert [c.slug for c in pages[0].challenges.all()] == ["mandates"]


def test_publish_option_publishes(terms, tmp_path):
    run(write(tmp_path, "first.md"), "--publish")
    assert BriefingPage.objects.get(slug="first").live


def test_bad_file_fails_alone_with_its_name_and_reason(terms, tmp_path):
    write(tmp_path, "good.md")
    (tmp_path / "broken.md").write_text("no front matter here", encoding="utf-8")
    (tmp_path / "latin1.md").write_bytes("caf\xe9".encode("latin-1"))
    out, error = run(tmp_path)
    assert "2 file(s) failed" in error
    assert "failed: broken.md: no front matter" in out
    assert "failed: latin1.md: the file is not UTF-8 text" in out
    assert "created: good.md" in out
    assert BriefingPage.objects.filter(slug="good").exists()


def test_unknown_terms_are_listed_and_nothing_is_written(terms, tmp_path):
    write(tmp_path, "first.md", participant="new-person", challenge="new-theme")
    out, error = run(tmp_path)
    assert "unknown terms" in error
    assert "unknown challenge(s): new-theme" in out
    assert "unknown participant(s): new-person" in out
    assert not BriefingPage.objects.exists()
    assert not Challenge.objects.filter(slug="new-theme").exists()


def test_create_terms_option_creates_unknown_terms(terms, tmp_path):
    write(tmp_path, "first.md", participant="new-person", source="new-source")
    out, error = run(tmp_path, "--create-terms")
    assert error == ""
    assert Participant.objects.get(slug="new-person").name == "New person"
    assert Source.objects.filter(slug="new-source").exists()
    assert "new term: participant new-person" in out
    assert BriefingPage.objects.get(slug="first").participant_links.count() == 1


def test_existing_briefing_found_by_slug_is_updated_not_duplicated(terms, tmp_path):
    path = write(tmp_path, "first.md")
    run(path, "--publish")
    write(tmp_path, "first.md", title="A renamed meeting")
    out, _ = run(path)
    assert "updated: first.md" in out
    page = BriefingPage.objects.get()
    # A draft by default: readers still see the published title.
    assert page.title == "A meeting"
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "A renamed meeting"


def test_existing_briefing_found_by_source_url_is_updated(terms, tmp_path):
    run(write(tmp_path, "old-slug.md", url="https://example.org/report"))
    out, _ = run(
        write(tmp_path, "new-slug.md", url="https://example.org/report"), "--publish"
    )
    assert "updated: new-slug.md" in out
    assert BriefingPage.objects.get().slug == "new-slug"


def test_importing_the_same_files_twice_changes_nothing(terms, tmp_path):
    write(tmp_path, "first.md")
    run(tmp_path)
    out, _ = run(tmp_path)
    assert "0 created, 0 updated, 1 unchanged, 0 failed" in out
    assert BriefingPage.objects.get().revisions.count() == 1


def test_dry_run_reports_and_saves_nothing(terms, tmp_path):
    write(tmp_path, "first.md", participant="new-person")
    out, error = run(tmp_path, "--dry-run", "--create-terms")
    assert error == ""
    assert "Dry run, nothing saved: 1 created" in out
    assert not BriefingPage.objects.exists()
    assert not Participant.objects.filter(slug="new-person").exists()


def test_missing_path_is_reported(terms, tmp_path):
    out, error = run(tmp_path / "nowhere.md")
    assert "no such file or folder" in out
    assert "1 file(s) failed" in error
