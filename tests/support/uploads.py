"""The admin import's upload, as its tests make it: article files, zips, the
upload request and the token it redirects to, and the terms the articles name."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from briefings.importing.writer import ensure_site_structure
from tests.support.factories import (
    ARTICLE,
    make_challenge,
    make_participant,
    make_source,
)

UPLOAD = "/admin/briefings/import/"


def article(slug: str, **values) -> bytes:
    fields = {
        "title": f"Title of {slug}",
        "slug": slug,
        "source": "inex",
        "url": f"https://example.org/{slug}",
        "challenge": "mandates",
        "participant": "african-union",
        **values,
    }
    return ARTICLE.format(**fields).encode()


def md(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/markdown")


def zipped(name: str, members: dict[str, bytes], **kwargs) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def make_upload_terms() -> None:
    """The source, challenge and participant that `article` names."""
    ensure_site_structure()
    make_source(slug="inex")
    make_challenge(slug="mandates")
    make_participant("African Union", slug="african-union")


def upload(client, *files, **options):
    return client.post(UPLOAD, {"files": list(files), **options}, follow=True)


def token_of(response) -> str:
    """The token in the confirm URL an upload redirected to."""
    return response.redirect_chain[-1][0].removeprefix(UPLOAD).strip("/")
