"""Uploaded files: one mechanism for every area that takes a document from a user.

- `validate_upload` checks the size and the real type, read from the first bytes (and, for
  office documents, from the zip's content), never from the name or the browser's claim.
  Errors are French `ValidationError`s keyed by the form field.
- `store_upload` writes the file under `PRIVATE_ROOT/uploads/<folder>/` with a random name,
  in the store that background jobs use too. Nothing maps that directory to a URL:
  WhiteNoise serves only the static files.
- `serve_upload` answers with the stored file as an attachment, with the content type of the
  validated kind and `nosniff`. Call it only from a view that fetched the row through
  `get_visible_or_404`.
- `StoredFile` is an abstract model for the rows describing a stored file; the file is
  removed from the disk when its row is deleted (after the transaction commits).
"""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.signals import class_prepared, post_delete
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # 10 MB: a signed agreement scanned at a decent quality
PRIVATE_DIR = "uploads"
# An office document's `mimetype` entry is a few dozen bytes; larger is not one of ours.
_MAX_MIMETYPE_ENTRY = 200


class FileKind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    ODT = "odt"
    PNG = "png"
    JPEG = "jpeg"


CONTENT_TYPES: dict[FileKind, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
}
EXTENSIONS: dict[FileKind, str] = {
    FileKind.PDF: "pdf",
    FileKind.DOCX: "docx",
    FileKind.XLSX: "xlsx",
    FileKind.ODT: "odt",
    FileKind.PNG: "png",
    FileKind.JPEG: "jpg",
}
DOCUMENTS = frozenset(FileKind)


@dataclass(frozen=True)
class ValidatedUpload:
    file: UploadedFile[Any]
    kind: FileKind
    size: int
    original_name: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def _zip_kind(handle: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= _MAX_MIMETYPE_ENTRY:
                    mimetype = archive.read("mimetype").strip()
                    if mimetype == CONTENT_TYPES[FileKind.ODT].encode():
                        return FileKind.ODT
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return FileKind.DOCX
                if "xl/workbook.xml" in names:
                    return FileKind.XLSX
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return None
    return None


def sniff(handle: IO[bytes]) -> FileKind | None:
    """The kind of file the bytes say it is, or None when it is none of ours."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    kind: FileKind | None = None
    if head.startswith(b"%PDF-"):
        kind = FileKind.PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = FileKind.PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = FileKind.JPEG
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(handle)
    handle.seek(0)
    return kind


def _kinds_label(allowed: frozenset[FileKind]) -> str:
    order = [kind for kind in FileKind if kind in allowed]
    return ", ".join(EXTENSIONS[kind].upper() for kind in order)


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def validate_upload(
    file: UploadedFile[Any] | None,
    *,
    field: str = "file",
    max_bytes: int = DEFAULT_MAX_BYTES,
    allowed: frozenset[FileKind] = DOCUMENTS,
) -> ValidatedUpload:
    """Check an uploaded file; raise a ValidationError keyed by `field` if it is refused."""
    if file is None:
        raise ValidationError({field: [_("Choose a file.")]})
    size = file.size or 0
    if size == 0:
        raise ValidationError({field: [_("The file is empty.")]})
    if size > max_bytes:
        raise ValidationError(
            {
                field: [
                    _("The file is too large (%(size)s MB): the limit is %(max)s MB.")
                    % {"size": _megabytes(size), "max": _megabytes(max_bytes)}
                ]
            }
        )
    kind = sniff(file)
    if kind is None or kind not in allowed:
        raise ValidationError(
            {
                field: [
                    _("This type of file is not accepted. Accepted types: %(kinds)s.")
                    % {"kinds": _kinds_label(allowed)}
                ]
            }
        )
    return ValidatedUpload(file=file, kind=kind, size=size, original_name=safe_name(file.name))


def safe_name(name: str | None, default: str = "document") -> str:
    """A file name fit for a Content-Disposition header: no path, no control characters."""
    base = Path(str(name or "")).name
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[\x00-\x1f\x7f\"\\/;]", "", base).strip(" .")
    return base[:150] or default


def private_root() -> Path:
    return Path(settings.PRIVATE_ROOT) / PRIVATE_DIR


def store_upload(upload: ValidatedUpload, *, folder: str) -> str:
    """Write the file with a random name; return its name relative to the private root."""
    if not re.fullmatch(r"[a-z0-9_-]+", folder):
        raise ValueError(f"invalid upload folder: {folder!r}")
    relative = f"{folder}/{secrets.token_urlsafe(24)}.{EXTENSIONS[upload.kind]}"
    path = private_root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    upload.file.seek(0)
    try:
        with path.open("xb") as out:
            for chunk in upload.file.chunks():
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return relative


def stored_path(relative: str) -> Path:
    root = private_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError("stored file outside the private root")
    return path


def delete_stored(relative: str) -> None:
    if relative:
        stored_path(relative).unlink(missing_ok=True)


class StoredFile(models.Model):
    """The description of a stored file: concrete models add their owner (an agreement…)."""

    stored_name = models.CharField(max_length=200, editable=False)
    original_name = models.CharField(gettext_lazy("file name"), max_length=150)
    kind = models.CharField(
        gettext_lazy("type"), max_length=10, choices=[(k.value, k.value.upper()) for k in FileKind]
    )
    size = models.PositiveIntegerField(gettext_lazy("size (bytes)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @classmethod
    def fields_from(cls, upload: ValidatedUpload, stored_name: str) -> dict[str, Any]:
        return {
            "stored_name": stored_name,
            "original_name": upload.original_name,
            "kind": upload.kind.value,
            "size": upload.size,
        }

    @property
    def size_display(self) -> str:
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} ko"
        return f"{_megabytes(self.size)} Mo"


def serve_upload(row: StoredFile) -> FileResponse:
    """The stored file as an attachment. The caller has checked that the user may see `row`."""
    kind = FileKind(row.kind)
    try:
        handle = stored_path(row.stored_name).open("rb")
    except FileNotFoundError:
        # The row outlived its file (a restore without the private folder, a manual clean-up):
        # the person sees "not found", the operator gets the row to look at, never its name.
        log.warning("stored file missing for %s #%s", row._meta.label, row.pk)
        raise Http404("stored file missing") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_name(row.original_name),
        content_type=CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _delete_file_of(sender: type[StoredFile], instance: StoredFile, **kwargs: Any) -> None:
    name = instance.stored_name
    transaction.on_commit(lambda: delete_stored(name))


def _watch(sender: type[models.Model], **kwargs: Any) -> None:
    if issubclass(sender, StoredFile) and not sender._meta.abstract:
        post_delete.connect(_delete_file_of, sender=sender, dispatch_uid=f"upload-{sender}")


class_prepared.connect(_watch, dispatch_uid="maillage-uploads")
