"""What a file must be before it is kept: not empty, within the size limit, a name that is a
name, and one of the allowed types, read from its content (never from its name or what the
browser says). A Word document is a zip, so it is also unpacked against a budget: a "zip bomb"
that would unpack to gigabytes is refused. Then the virus scan (scanner.py) has the last word.

Each refusal is a ValidationError with the message the worker sees on the form.
"""

from __future__ import annotations

import os
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class FileType:
    media_type: str
    extension: str
    name: str  # what the worker is told it is


PDF = FileType("application/pdf", ".pdf", "PDF")
JPEG = FileType("image/jpeg", ".jpg", "JPEG photo")
PNG = FileType("image/png", ".png", "PNG image")
HEIC = FileType("image/heic", ".heic", "HEIC photo")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    "Word document",
)
DOC = FileType("application/msword", ".doc", "Word 97-2003 document")
TEXT = FileType("text/plain", ".txt", "plain text")
ALLOWED = [PDF, JPEG, PNG, HEIC, DOCX, DOC, TEXT]

# The file input's `accept`: what a phone's file picker and camera offer.
ACCEPT = ",".join(
    [*(t.media_type for t in ALLOWED), ".pdf", ".jpg", ".jpeg", ".png", ".heic", ".heif"]
    + [".docx", ".doc", ".txt"]
)

EMPTY = "The selected file is empty. Choose the file again, or a different one."
NOT_ALLOWED = (
    "The selected file must be a PDF, a JPEG, PNG or HEIC photo, a Word document or a plain text "
    "file. Other kinds of file (programs, web pages, spreadsheets) cannot be attached."
)
SVG = (
    "The selected file is an SVG drawing, which can carry a program inside it, so it cannot be "
    "attached. Save it as a PDF or PNG and attach that instead."
)
MARKUP = (
    "The selected file is a web page or holds web page code, which can carry a program, so it "
    "cannot be attached. Save it as a PDF and attach that instead."
)
ZIP_BOMB = (
    "The selected Word document unpacks to far more than any real document does, so it was not "
    "kept. Open it in Word, save it again and attach the new copy; if it is not your own "
    "document, tell your IT service desk."
)
BAD_NAME = (
    "The selected file's name has characters that cannot be used in a name (hidden control "
    "characters). Rename the file on your device, then choose it again."
)

_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
_HEIF_GENERIC = {b"mif1", b"msf1"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Every Word 97-2003 file holds a stream of this name, in its directory (UTF-16).
_WORD_STREAM = "WordDocument".encode("utf-16-le")
# Markup that a browser, or a viewer that renders it, would run: refused in "plain text".
_MARKUP = ("<script", "<html", "<!doctype", "<iframe", "<object", "<embed", "<body", "<?xml")
_CHUNK = 64 * 1024


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_MB * 1024 * 1024


def too_large_message() -> str:
    return f"The selected file must be smaller than {settings.ATTACHMENT_MAX_MB} MB."


def clean_file_name(name: str, file_type: FileType) -> str:
    """The name the file is listed and downloaded under: the last part of what the device sent
    (no folders), normalised, with the extension of what the file really is. Control
    characters are refused (ValidationError), not silently dropped: the worker renames it."""
    name = unicodedata.normalize("NFC", name or "")
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in name):
        raise ValidationError(BAD_NAME, code="bad_name")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, extension = os.path.splitext(name)
    stem = " ".join(stem.split()).strip(" .")[:120] or "document"
    extension = extension.lower()
    same_kind = {
        ".jpg": {".jpg", ".jpeg"},
        ".heic": {".heic", ".heif"},
    }.get(file_type.extension, {file_type.extension})
    return stem + (extension if extension in same_kind else file_type.extension)


def identify(upload: BinaryIO) -> FileType:
    """The allowed type this file's content is, or ValidationError."""
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if _is_heic(head):
        return HEIC
    if head.startswith(b"PK\x03\x04"):
        _check_word_zip(upload)
        return DOCX
    if head.startswith(_OLE2):
        if _WORD_STREAM not in upload.read():
            raise ValidationError(NOT_ALLOWED, code="type")
        upload.seek(0)
        return DOC
    _check_plain_text(upload)
    return TEXT


def _is_heic(head: bytes) -> bool:
    if head[4:8] != b"ftyp":
        return False
    box_size = int.from_bytes(head[0:4], "big")
    major = head[8:12]
    compatible = {head[i : i + 4] for i in range(16, min(box_size, len(head)), 4)}
    return major in _HEIC_BRANDS or (major in _HEIF_GENERIC and bool(compatible & _HEIC_BRANDS))


def _check_word_zip(upload: BinaryIO) -> None:
    """A .docx is a zip of XML parts. Refuse a zip that is not a Word document, and one whose
    parts unpack past the budget: first by what its directory claims, then by really
    unpacking it (a zip may lie about its sizes), stopping as soon as the budget is spent."""
    budget = settings.ATTACHMENT_MAX_UNPACKED_MB * 1024 * 1024
    ratio = settings.ATTACHMENT_MAX_UNPACK_RATIO
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise ValidationError(NOT_ALLOWED, code="type")
            if len(members) > 10_000 or sum(m.file_size for m in members) > budget:
                raise ValidationError(ZIP_BOMB, code="zip_bomb")
            for member in members:
                packed = max(member.compress_size, 1)
                if member.file_size > 1024 * 1024 and member.file_size / packed > ratio:
                    raise ValidationError(ZIP_BOMB, code="zip_bomb")
            unpacked = 0
            for member in members:
                with archive.open(member) as part:
                    while chunk := part.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > budget:
                            raise ValidationError(ZIP_BOMB, code="zip_bomb")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, OSError):
        # Damaged, encrypted or using a compression Word never writes.
        raise ValidationError(NOT_ALLOWED, code="type") from None
    finally:
        upload.seek(0)


def _check_plain_text(upload: BinaryIO) -> None:
    """Plain text: UTF-8 (or the Windows code page older letters use), no control characters
    but tabs and line ends, and no web page or SVG markup."""
    data = upload.read()
    upload.seek(0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ValidationError(NOT_ALLOWED, code="type") from None
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f" for ch in text):
        raise ValidationError(NOT_ALLOWED, code="type")
    lowered = text.lower()
    if "<svg" in lowered:
        raise ValidationError(SVG, code="svg")
    if any(tag in lowered for tag in _MARKUP):
        raise ValidationError(MARKUP, code="markup")
