"""Reading the files users bring: CSV or XLSX, streamed row by row, whatever their encoding
and delimiter. Uploaded files are kept in the private storage until their import is done.

Problems with the file as a whole (empty, binary, unreadable) raise `FileProblem` with French
messages; problems with a row are the pipeline's business (see `imports.py`).
"""

from __future__ import annotations

import codecs
import csv
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from maillage.core.jobs import private_path

CHUNK = 1 << 16
UPLOAD_DIR = "imports"
# An upload never confirmed is removed after a day.
UPLOAD_MAX_AGE = 24 * 3600
DELIMITERS = (";", ",", "\t")

Cell = str | int | float | bool | date | datetime | None


class FileProblem(Exception):
    """The file cannot be imported at all; `messages` say why, in French."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


@dataclass
class Table:
    """An open file: its header and an iterator of (line number, cells)."""

    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    info: dict[str, str] = field(default_factory=dict)


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(CHUNK)


def detect_format(path: Path) -> str:
    """ "csv" or "xlsx", from the content (never trusting the file's name)."""
    head = _head(path)
    if not head.strip(b" \r\n\t\xef\xbb\xbf"):
        raise FileProblem(_("The file is empty."))
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            _("This is an old Excel file (.xls): save it as .xlsx or CSV, then try again.")
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16, as Excel's "Unicode text" export writes it
    if b"\x00" in head:
        raise FileProblem(_("This file is neither a CSV file nor an Excel workbook (XLSX)."))
    return "csv"


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) or UTF-16 when the file says so; else cp1252, or latin-1
    for the few bytes cp1252 leaves undefined. The whole file is checked, in chunks."""
    head = _head(path)
    announced = ""
    if head.startswith(codecs.BOM_UTF8):
        announced = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        announced = "utf-16"
    if announced:
        # A file cut short or damaged after its byte-order mark would fail mid-import.
        if not _decodes(path, announced):
            raise FileProblem(
                _(
                    "This file is damaged: its text is not valid %(encoding)s. Save it again "
                    "as CSV (UTF-8), then try again."
                )
                % {"encoding": "UTF-8" if announced == "utf-8-sig" else "UTF-16"}
            )
        return announced
    if _decodes(path, "utf-8"):
        return "utf-8"
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                chunk.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def sniff_delimiter(line: str) -> str:
    """The most frequent of `;`, `,` and tab outside quotes in the header line."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _looks_binary(text: str) -> bool:
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\r\n")
    return controls > max(2, len(text) // 100)


def _csv_rows(handle: Any, delimiter: str) -> Iterator[tuple[int, list[Cell]]]:
    reader = csv.reader(handle, delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            yield line, list(cells)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise FileProblem(
            _("Line %(line)s cannot be read: %(error)s") % {"line": line, "error": exc}
        ) from exc


@contextmanager
def _open_csv(path: Path) -> Iterator[Table]:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(CHUNK)
        if _looks_binary(sample):
            raise FileProblem(_("This file is neither a CSV file nor an Excel workbook (XLSX)."))
        handle.seek(0)
        first = sample.lstrip("\ufeff\r\n").split("\n", 1)[0]
        delimiter = sniff_delimiter(first)
        rows = _csv_rows(handle, delimiter)
        header = _first_non_empty(rows)
        yield Table(
            header=[str(cell or "").lstrip("\ufeff") for cell in header],
            rows=rows,
            info={"format": "csv", "encoding": encoding, "delimiter": delimiter},
        )


def _xlsx_rows(sheet: Any) -> Iterator[tuple[int, list[Cell]]]:
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, list(values)
    except Exception as exc:
        # Read-only workbooks parse each sheet's XML (and inflate its zip entry) lazily: a
        # damaged one is only found here, rows into the import.
        raise FileProblem(
            _("This Excel workbook cannot be read: is it a valid .xlsx file?")
        ) from exc


@contextmanager
def _open_xlsx(path: Path) -> Iterator[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged zip, a .docx, openpyxl's own kinds of error…
        raise FileProblem(
            _("This Excel workbook cannot be read: is it a valid .xlsx file?")
        ) from exc
    try:
        if not workbook.worksheets:
            raise FileProblem(_("The file has no header line."))
        sheet = workbook.worksheets[0]
        # Some programs write a wrong size in the file: read the rows as they are.
        sheet.reset_dimensions()
        rows = _xlsx_rows(sheet)
        header = _first_non_empty(rows)
        yield Table(
            header=[cell_text(cell) for cell in header],
            rows=rows,
            info={"format": "xlsx", "encoding": "", "delimiter": ""},
        )
    finally:
        workbook.close()


def _first_non_empty(rows: Iterator[tuple[int, list[Cell]]]) -> list[Cell]:
    for _line, cells in rows:
        if any(cell_text(cell) for cell in cells):
            return cells
    raise FileProblem(_("The file has no header line."))


@contextmanager
def open_table(path: Path) -> Iterator[Table]:
    """Open a CSV or XLSX file for streaming. Raises FileProblem."""
    if not path.is_file():
        raise FileProblem(_("The file is no longer available: upload it again."))
    opener = _open_xlsx if detect_format(path) == "xlsx" else _open_csv
    with opener(path) as table:
        yield table


def cell_text(value: Cell) -> str:
    """How a cell reads in a preview or an error message."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(
            "%d/%m/%Y %H:%M" if value.time() != datetime.min.time() else "%d/%m/%Y"
        )
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- Uploads, kept in the private storage (never served) until their import is done ---


def _upload_dir(organisation_id: int, user_id: int) -> str:
    return f"{UPLOAD_DIR}/{organisation_id}/{user_id}"


def store_upload(
    upload: UploadedFile[bytes], *, organisation_id: int, user_id: int, max_bytes: int
) -> str:
    """Save an uploaded file; returns its token. Raises FileProblem when it is too large."""
    if upload.size is not None and upload.size > max_bytes:
        raise FileProblem(
            _("The file is too large: %(size)s MB at most.") % {"size": max_bytes // 1_000_000}
        )
    if not upload.size:
        raise FileProblem(_("The file is empty."))
    sweep_uploads()
    token = uuid.uuid4().hex
    path = private_path(f"{_upload_dir(organisation_id, user_id)}/{token}.upload")
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def upload_path(token: str, *, organisation_id: int, user_id: int) -> Path | None:
    """The stored file of a token, only for the user and organisation that uploaded it."""
    try:
        token = uuid.UUID(hex=token).hex
    except (ValueError, TypeError):
        return None
    path = private_path(f"{_upload_dir(organisation_id, user_id)}/{token}.upload")
    return path if path.is_file() else None


def sweep_uploads(max_age: int = UPLOAD_MAX_AGE) -> int:
    """Remove uploads older than `max_age` seconds (previews never confirmed)."""
    root = private_path(f"{UPLOAD_DIR}/.keep").parent
    limit = time.time() - max_age
    removed = 0
    for path in root.glob("*/*/*.upload"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
