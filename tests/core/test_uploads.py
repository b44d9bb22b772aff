"""The shared mechanism for uploaded files: the real type from the bytes, the size limit,
a random private name, a safe download, and the file gone with its row."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from maillage.core import uploads
from maillage.core.uploads import FileKind


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
SAMPLES = {
    FileKind.PDF: b"%PDF-1.7\n%%EOF\n",
    FileKind.PNG: b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
    FileKind.JPEG: b"\xff\xd8\xff\xe0" + b"\x00" * 20,
    FileKind.DOCX: DOCX,
    FileKind.XLSX: XLSX,
    FileKind.ODT: ODT,
}


def upload(content: bytes, name: str = "file.bin") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refused(**kwargs) -> str:
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        uploads.validate_upload(**kwargs)
    return " ".join(caught.value.message_dict["file"])


@pytest.mark.parametrize("kind", list(FileKind))
def test_each_accepted_type_is_recognised_from_its_bytes_whatever_its_name(kind):
    checked = uploads.validate_upload(upload(SAMPLES[kind], "nom-trompeur.txt"))
    assert checked.kind == kind
    assert checked.content_type == uploads.CONTENT_TYPES[kind]


def test_a_file_named_pdf_that_is_not_one_is_refused_in_french():
    message = refused(file=upload(b"<html><script>alert(1)</script>", "convention.pdf"))
    assert "type de fichier" in message.lower()


def test_a_zip_that_is_not_an_office_document_is_refused():
    refused(file=upload(zipped({"virus.exe": b"MZ"}), "document.docx"))


def test_a_broken_zip_is_refused():
    refused(file=upload(b"PK\x03\x04" + b"\x00" * 30, "tableau.xlsx"))


def test_a_type_outside_the_allowed_ones_is_refused():
    message = refused(file=upload(SAMPLES[FileKind.PNG]), allowed=frozenset({FileKind.PDF}))
    assert "PDF" in message and "PNG" not in message


def test_a_too_large_file_is_refused_with_the_limit():
    message = refused(file=upload(SAMPLES[FileKind.PDF] + b"x" * 2000), max_bytes=1024)
    assert "trop volumineux" in message


def test_an_empty_file_is_refused():
    assert "vide" in refused(file=upload(b""))


def test_stored_files_get_a_random_name_in_the_private_media_folder(settings):
    checked = uploads.validate_upload(upload(SAMPLES[FileKind.PDF], "../../etc/passwd.pdf"))
    first = uploads.store_upload(checked, folder="tests")
    second = uploads.store_upload(checked, folder="tests")
    assert first != second
    assert first.startswith("tests/") and first.endswith(".pdf")
    assert "passwd" not in first
    path = uploads.stored_path(first)
    assert path.read_bytes() == SAMPLES[FileKind.PDF]
    assert str(path).startswith(str(settings.PRIVATE_ROOT / "uploads"))
    assert checked.original_name == "passwd.pdf"


def test_a_stored_name_cannot_escape_the_private_folder():
    with pytest.raises(ValueError):
        uploads.stored_path("../../secret.txt")


def test_folder_names_are_checked():
    checked = uploads.validate_upload(upload(SAMPLES[FileKind.PDF]))
    with pytest.raises(ValueError):
        uploads.store_upload(checked, folder="../static")


def test_safe_names_for_the_download_header():
    assert uploads.safe_name('a"b;c\r\n.pdf') == "abc.pdf"
    assert uploads.safe_name("") == "document"
