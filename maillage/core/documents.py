"""Every file the product writes for people to open elsewhere: CSV, XLSX and PDF.

Spreadsheets. A spreadsheet runs a text cell that starts with `=`, `+`, `-`, `@` (and, in
some programs, `|` for DDE, `%`, a tab or a carriage return, or the full-width forms of
those signs) as a formula: a parent's name typed as `=HYPERLINK(…)` becomes a link that
sends the sheet away when a worker clicks it. Every text cell therefore goes through
`spreadsheet_text`, which puts a single quote in front of such a text (OWASP's advice):
the cell then shows the text as it was typed, quote first, and never runs. Numbers and dates
given as numbers and dates are written as they are: a negative amount stays a number. A
text that is only a number ("-4,35", a phone number "+32 2 123 45 67") or a structured
communication is left alone too: it cannot call a function nor refer to a cell. The CSV and
the XLSX of the same data carry the same visible quote, so that a sheet copied from one to
the other agrees. In a workbook, `xlsx_bytes` checks every cell once more before saving: no
formula ever leaves the product.

PDF. `pdf_from_html` makes every PDF tagged (a structure tree that screen readers follow,
PDF/UA-1), with the document's language and title, the title shown by the viewer. It fetches
nothing from the network or the disk: our templates are self-contained.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any, Protocol

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

CREATOR = "Maillage"
# The documents' language (BCP 47): the interface's only language today.
DOCUMENT_LANG = "fr-BE"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"

# --- The guard against formulas ---------------------------------------------------------

# ASCII signs, then their full-width forms (U+FF1D…), then the small forms (U+FE62…):
# Excel and LibreOffice read some of those as the ASCII sign.
FORMULA_STARTS = frozenset("=+-@|%＝＋－＠｜％﹦﹢﹣﹫﹪")
# Some programs drop these before reading a cell: a cell starting with one is quoted
# whatever follows, and the spaces are looked through to the first sign.
CONTROL_STARTS = ("\t", "\r")
LEADING_SPACE = " \n\u00a0\u2007\u202f\u3000"
# Texts that start with a sign but are no formula, left readable:
# - a sign alone, or a number with spaces, dots and commas (amounts, phone numbers);
# - a Belgian structured communication (+++123/4567/89012+++): as a formula it is a syntax
#   error, and a quote in front would be copied into the bank's payment form.
NOT_A_FORMULA = re.compile(r"[+-]?(?:\d[\d .,\u00a0\u202f]*)?|([+*]{3})\d{3}/\d{4}/\d{5}\1")
# What XML 1.0 cannot hold (openpyxl refuses it and a half-written download would follow):
# control characters other than tab, line feed and carriage return, and U+FFFE/U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def defuse(text: str) -> str:
    """`text` with a single quote in front when a spreadsheet would run it as a formula."""
    if text.startswith(CONTROL_STARTS):
        return "'" + text
    head = text.lstrip(LEADING_SPACE)
    if head[:1] in FORMULA_STARTS and not NOT_A_FORMULA.fullmatch(head):
        return "'" + text
    return text


def spreadsheet_text(text: str) -> str:
    """A text as a cell of a CSV or a workbook holds it: characters XML refuses dropped, the
    guard against formulas applied."""
    return defuse(NOT_XML.sub("", text))


def spreadsheet_value(value: Any) -> Any:
    """What a cell holds: text through `spreadsheet_text`; numbers, dates and booleans as
    they are (a time zone made local: a workbook has none)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return spreadsheet_text(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


# --- CSV ---------------------------------------------------------------------------------


class TextOut(Protocol):
    def write(self, text: str, /) -> Any: ...


class CsvWriter:
    """`csv.writer` whose every cell goes through the guard; None is an empty cell."""

    def __init__(self, out: TextOut, *, delimiter: str = ";") -> None:
        self._writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow(["" if v is None else spreadsheet_value(v) for v in values])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_bytes(rows: Iterable[Iterable[Any]], *, delimiter: str = ";") -> bytes:
    """A whole CSV file in UTF-8 with a byte-order mark, `;` between cells by default:
    what Excel opens correctly in Belgium."""

    class Buffer:
        def __init__(self) -> None:
            self.parts: list[str] = ["\ufeff"]

        def write(self, text: str, /) -> None:
            self.parts.append(text)

    out = Buffer()
    CsvWriter(out, delimiter=delimiter).writerows(rows)
    return "".join(out.parts).encode("utf-8")


# --- XLSX --------------------------------------------------------------------------------

SHEET_NAME_LIMIT = 31
# Excel refuses these in a sheet's name; each becomes its nearest readable neighbour.
SHEET_NAME_SWAPS = str.maketrans(
    {"/": "-", "\\": "-", "[": "(", "]": ")", ":": " ", "*": " ", "?": " "}
)
# Excel keeps this name for itself (in any case).
RESERVED_SHEET_NAMES = frozenset({"history"})
# Excel's page headers read `&` as the start of a code (&P: page number…).
HEADER_LIMIT = 200


def _units(text: str) -> int:
    """Excel counts a name's length in UTF-16 code units (an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str, limit: int) -> str:
    """The longest start of `text` within `limit` units."""
    while _units(text) > limit:
        text = text[:-1]
    return text


def shorten(text: str, limit: int) -> str:
    """`text` within `limit` units: cut after a whole word where one fits, with an
    ellipsis."""
    if _units(text) <= limit:
        return text
    cut = _fit(text, limit - 1)
    rest = text[len(cut) :]
    head, space, _tail = cut.rpartition(" ")
    if not rest.startswith(" ") and space and _units(head) >= limit // 2:
        cut = head
    return cut.rstrip(" -–—,;.(") + "…"


def sheet_name(title: str, taken: Iterable[str] = ()) -> str:
    """A sheet's name from a title: legal for Excel (no []:*?/\\, no quote at either end,
    at most 31 units), readable (cut after a word, with an ellipsis) and unique among the
    `taken` names, compared as Excel does, without case (" (2)", " (3)"… otherwise)."""
    name = " ".join(NOT_XML.sub("", str(title)).translate(SHEET_NAME_SWAPS).split())
    name = name.strip("'").strip() or _("Sheet")
    used = {t.lower() for t in taken} | RESERVED_SHEET_NAMES
    candidate, number = shorten(name, SHEET_NAME_LIMIT), 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate = shorten(name, SHEET_NAME_LIMIT - len(suffix)) + suffix
        number += 1
    return candidate


def new_workbook(title: str) -> Workbook:
    """An empty workbook (add its sheets with `add_sheet`) whose properties name it and
    its maker, as a file manager and Excel show them."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    properties = workbook.properties
    properties.title = str(title)
    properties.creator = CREATOR
    properties.lastModifiedBy = CREATOR
    properties.language = DOCUMENT_LANG
    return workbook


def add_sheet(workbook: Workbook, title: str) -> Worksheet:
    """A new sheet named from `title` by `sheet_name`."""
    return workbook.create_sheet(sheet_name(title, workbook.sheetnames))


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one cell through the guard."""
    cell: Cell = sheet.cell(row=row, column=column, value=spreadsheet_value(value))
    return cell


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Add a row under the last one, every cell through the guard."""
    sheet.append([spreadsheet_value(v) for v in values])


def page_header(sheet: Worksheet, text: str) -> None:
    """The printed pages' centred header: `text` as typed (`&` doubled, since a header
    reads `&` as the start of a code)."""
    sheet.oddHeader.center.text = shorten(NOT_XML.sub("", text), HEADER_LIMIT).replace("&", "&&")


def xlsx_bytes(workbook: Workbook) -> bytes:
    """The workbook's file. Each cell is checked once more: a formula or a text that came
    in some other way than `put` or `append_row` leaves as guarded text, never as a
    formula."""
    for sheet in workbook.worksheets:
        # The cells that exist; `iter_rows` would create the empty ones of the rectangle.
        for cell in list(sheet._cells.values()):
            if cell.data_type == "f" or isinstance(cell.value, str):
                cell.value = spreadsheet_text(str(cell.value))
                cell.data_type = "s"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------------

PDF_OPTIONS: dict[str, Any] = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"}


def pdf_from_html(html: str, *, title: str, lang: str = DOCUMENT_LANG) -> bytes:
    """A tagged PDF (PDF/UA-1) of an HTML document rendered by our own templates: a
    structure tree from the headings, lists and tables; `lang` as the document's language;
    `title` in the document information and the XMP metadata, shown by the viewer instead
    of the file name. Only `data:` addresses are read: nothing else is fetched."""
    import weasyprint

    if not title.strip():
        raise ValueError("A PDF needs a title (PDF/UA).")
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(**PDF_OPTIONS)
    document.metadata.title = title
    document.metadata.lang = lang
    document.metadata.generator = CREATOR
    pdf: bytes = document.write_pdf(**PDF_OPTIONS)
    return pdf
