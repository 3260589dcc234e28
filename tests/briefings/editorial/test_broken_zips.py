"""A corpus of damaged and unusual zip archives uploaded to the admin import: each
bad member fails alone with a message, the good one imports, nothing answers 500."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from briefings.importing.writer import ensure_site_structure
from briefings.models import BriefingPage
from tests.support.factories import (
    article_text,
    make_challenge,
    make_participant,
    make_source,
)
from tests.support.staff import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_own_briefings")]

UPLOAD = "/admin/briefings/import/"
GOOD = article_text(slug="good").encode()
BAD = article_text(slug="bad", title='"The damaged one"').encode() * 3


def archive(members: dict[str, bytes], compression=zipfile.ZIP_STORED) -> bytearray:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as zipped:
        for name, content in members.items():
            zipped.writestr(name, content)
    return bytearray(buffer.getvalue())


def headers_of(data: bytearray, name: str) -> tuple[int, int]:
    """The offsets of `name`'s local header and central directory entry."""
    encoded = name.encode()
    local = data.find(b"PK\x03\x04")
    while data[local + 30 : local + 30 + len(encoded)] != encoded:
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(encoded)] != encoded:
        central = data.find(b"PK\x01\x02", central + 4)
    return local, central


def with_bad_member(change) -> bytes:
    """good.md, and bad.md changed by `change(data, local, central)`."""
    data = archive({"good.md": GOOD, "bad.md": BAD})
    change(data, *headers_of(data, "bad.md"))
    return bytes(data)


def encrypted(data, local, central):
    for offset in (local + 6, central + 8):
        data[offset] |= 0x1


def unsupported_method(data, local, central):
    for offset in (local + 8, central + 10):
        struct.pack_into("<H", data, offset, 9)  # Deflate64


def bad_crc(data, local, central):
    start = local + 30 + len("bad.md")
    data[start + 10] ^= 0xFF


def size_understated(data, local, central):
    for offset in (local + 22, central + 24):
        struct.pack_into("<I", data, offset, 20)


def size_overstated(data, local, central):
    for offset in (local + 18, local + 22, central + 20, central + 24):
        struct.pack_into("<I", data, offset, len(BAD) * 4)


def corrupt_deflate() -> bytes:
    data = archive({"good.md": GOOD, "bad.md": BAD}, compression=zipfile.ZIP_DEFLATED)
    local, _central = headers_of(data, "bad.md")
    start = local + 30 + len("bad.md")
    for offset in range(start + 2, start + 12):
        data[offset] ^= 0x5A
    return bytes(data)


def truncated_deflate() -> bytes:
    """bad.md's compressed data is a valid deflate stream cut short."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = compressor.compress(BAD)  # no flush: the end of the stream is missing
    data = archive({"good.md": GOOD, "bad.md": BAD})
    local, central = headers_of(data, "bad.md")
    start = local + 30 + len("bad.md")
    cut = data[:start] + stream + data[start + len(BAD) :]
    shift = len(stream) - len(BAD)
    local, central = headers_of(cut, "bad.md")
    for offset, value in ((local + 8, 8), (central + 10, 8)):
        struct.pack_into("<H", cut, offset, value)
    for offset in (local + 18, central + 20):
        struct.pack_into("<I", cut, offset, len(stream))
    end = cut.find(b"PK\x05\x06")
    directory_offset = struct.unpack_from("<I", cut, end + 16)[0]
    struct.pack_into("<I", cut, end + 16, directory_offset + shift)
    good_central = headers_of(cut, "good.md")[1]
    assert struct.unpack_from("<I", cut, good_central + 42)[0] == 0
    return bytes(cut)


CORPUS = {
    "encrypted": (lambda: with_bad_member(encrypted), "encrypted"),
    "deflate64": (lambda: with_bad_member(unsupported_method), "cannot read (9)"),
    "bad crc": (lambda: with_bad_member(bad_crc), "damaged in the archive"),
    "size understated": (
        lambda: with_bad_member(size_understated),
        "damaged in the archive",
    ),
    "size overstated": (lambda: with_bad_member(size_overstated), "damaged"),
    "corrupt deflate": (corrupt_deflate, "damaged in the archive"),
    "truncated deflate": (truncated_deflate, "damaged in the archive"),
}


@pytest.fixture
def editor_client(client, db):
    ensure_site_structure()
    make_source(slug="inex")
    make_challenge(slug="mandates")
    make_participant("African Union", slug="african-union")
    client.force_login(make_staff("Editors"))
    return client


@pytest.mark.parametrize("kind", list(CORPUS))
def test_a_damaged_member_fails_alone_and_the_upload_stays_usable(editor_client, kind):
    build, message = CORPUS[kind]
    upload = SimpleUploadedFile("batch.zip", build(), content_type="application/zip")
    response = editor_client.post(UPLOAD, {"files": [upload]}, follow=True)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.created == ["good.md"]
    failed = dict(report.failed)
    assert list(failed) == ["bad.md"]
    assert message in failed["bad.md"]
    confirm_url = response.redirect_chain[-1][0]
    # The upload's page answers again and again, and imports the good file.
    assert editor_client.get(confirm_url).status_code == 200
    imported = editor_client.post(confirm_url, {"action": "import"})
    assert imported.status_code == 200
    assert list(BriefingPage.objects.values_list("slug", flat=True)) == ["good"]
