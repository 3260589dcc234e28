"""Reading uploaded article files (.md, or a .zip of them) safely, for the import
view in `editorial/imports.py`.

Nothing is written to disk: each file is read, size-checked and decoded in memory.
A zip is refused whole if it is unsafe (too many members, a member far larger than
its compressed size, paths leaving the archive); one bad member otherwise fails alone.
"""

import lzma
import posixpath
import zipfile
import zlib

from django.core.files.uploadedfile import UploadedFile

from .bulk_import import MAX_FILE_BYTES, ArticleFile

MAX_ZIP_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 5 * 1024 * 1024
MAX_FILES = 200
# Markdown compresses well, but not a thousandfold; more means a zip bomb.
MAX_COMPRESSION_RATIO = 100
SMALL_FILE_BYTES = 64 * 1024


class UploadError(ValueError):
    """An upload refused as a whole; the message says why, for the editor."""


def read_uploads(uploads: list[UploadedFile]) -> list[ArticleFile]:
    """The article files in the uploads, in order; UploadError if unsafe."""
    files: list[ArticleFile] = []
    for upload in uploads:
        name = upload.name or "upload"
        if name.lower().endswith(".zip"):
            files.extend(_read_zip(upload, name))
        elif name.lower().endswith(".md"):
            if upload.size > MAX_FILE_BYTES:
                files.append(ArticleFile(name, problem="larger than 1 MB"))
            else:
                files.append(_decode(name, upload.read()))
        else:
            raise UploadError(f"{name}: upload .md files or a .zip of them.")
    if len(files) > MAX_FILES:
        raise UploadError(f"More than {MAX_FILES} files; split the upload.")
    if sum(len(f.text) for f in files) > MAX_TOTAL_BYTES:
        raise UploadError("The files hold more than 5 MB of text; split the upload.")
    if not files:
        raise UploadError("The upload holds no .md files.")
    return files


def _decode(name: str, data: bytes) -> ArticleFile:
    try:
        return ArticleFile(name, text=data.decode("utf-8"))
    except UnicodeDecodeError:
        return ArticleFile(name, problem="the file is not UTF-8 text")


def _read_zip(upload: UploadedFile, name: str) -> list[ArticleFile]:
    if upload.size > MAX_ZIP_BYTES:
        raise UploadError(f"{name}: larger than 10 MB.")
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UploadError(f"{name}: not a readable .zip file.") from None
    except NotImplementedError:  # e.g. an archive split over several files
        raise UploadError(f"{name}: a kind of .zip file that cannot be read.") from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_FILES:
            raise UploadError(f"{name}: more than {MAX_FILES} files.")
        for info in members:
            _check_member(name, info)
        files = []
        for info in members:
            member = info.filename
            if not member.lower().endswith(".md") or _is_noise(member):
                continue
            if info.file_size > MAX_FILE_BYTES:
                files.append(ArticleFile(member, problem="larger than 1 MB"))
                continue
            problem = _unreadable(info)
            if problem is None:
                data, problem = _read_member(archive, info)
            if problem is not None:
                files.append(ArticleFile(member, problem=problem))
            elif len(data) > MAX_FILE_BYTES:
                files.append(ArticleFile(member, problem="larger than 1 MB"))
            else:
                files.append(_decode(member, data))
    return files


# The compression methods Python's zipfile reads (Deflate64, PPMd and others
# raise NotImplementedError).
READABLE_METHODS = {
    zipfile.ZIP_STORED,
    zipfile.ZIP_DEFLATED,
    zipfile.ZIP_BZIP2,
    zipfile.ZIP_LZMA,
}


def _unreadable(info: zipfile.ZipInfo) -> str | None:
    """Why a member cannot be read, known from its header alone, or None."""
    if info.flag_bits & 0x1:
        return (
            "encrypted (password-protected); add it to the archive without a password"
        )
    if info.compress_type not in READABLE_METHODS:
        return (
            f"compressed with a method this site cannot read ({info.compress_type}); "
            "use ordinary (deflate) compression"
        )
    return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """(the member's bytes, None), or (None, why it could not be read): a damaged
    member fails alone."""
    try:
        with archive.open(info) as stream:
            # Read no more than the limit, whatever the header claims.
            return stream.read(MAX_FILE_BYTES + 1), None
    except zipfile.BadZipFile as error:
        # zipfile says "Bad CRC-32" for a member that is not what its header
        # says (damaged, or lying about its size), and names other damage too.
        return None, f"damaged in the archive ({error})"
    except (
        zlib.error,
        lzma.LZMAError,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ):
        # Corrupt compressed data (zlib, bz2 and lzma errors), a stream cut short,
        # an unexpected encryption or method.
        return None, "damaged in the archive: its compressed data cannot be read"


def _check_member(name: str, info: zipfile.ZipInfo) -> None:
    member = info.filename
    normalised = posixpath.normpath(member.replace("\\", "/"))
    if (
        member.startswith(("/", "\\"))
        or normalised.startswith("..")
        or ":" in member.split("/")[0]
    ):
        raise UploadError(f"{name}: the path '{member}' leaves the archive.")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > SMALL_FILE_BYTES and ratio > MAX_COMPRESSION_RATIO:
        raise UploadError(
            f"{name}: '{member}' expands more than {MAX_COMPRESSION_RATIO} times; "
            "refusing a possible zip bomb."
        )
    if info.file_size > MAX_TOTAL_BYTES * 4:
        raise UploadError(f"{name}: '{member}' is far too large.")


def _is_noise(member: str) -> bool:
    """Folders and files archivers add (macOS resource forks, hidden files)."""
    parts = member.split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith(".")
