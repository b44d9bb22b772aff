"""Column parsers of the import pipeline: each turns one non-empty cell into a value or raises
`CellError` with a French message. Blank cells never reach a parser (see `Column`). A parser
is a pure function of its cell, returning an immutable value: the pipeline remembers its
result for each distinct text of a column."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from maillage.core.imports_files import Cell, cell_text

Parser = Callable[[Cell], Any]

# Excel counts days from 30 December 1899 (its 1900 leap-year bug included).
EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y", "%Y/%m/%d")


class CellError(ValueError):
    """A cell's value is not acceptable; the message is French and names no row."""


def normalise(value: str) -> str:
    """Compare headers and choices ignoring case, accents, spaces, `_`, `-` and punctuation."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(char for char in decomposed if char.isalnum())


def text(max_length: int | None = None, *, multiline: bool = False) -> Parser:
    """Spaces tidied; `multiline` keeps the line breaks of a cell (Alt+Enter in Excel)."""

    def parse(value: Cell) -> str:
        lines = cell_text(value).splitlines() if multiline else [cell_text(value)]
        result = "\n".join(" ".join(line.split()) for line in lines).strip()
        if max_length is not None and len(result) > max_length:
            raise CellError(_("This text is longer than %(max)s characters.") % {"max": max_length})
        return result

    return parse


def integer(min_value: int | None = None, max_value: int | None = None) -> Parser:
    def parse(value: Cell) -> int:
        if isinstance(value, bool | date):
            raise CellError(_("Enter a whole number."))
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError(_("Enter a whole number."))
            result = int(value)
        elif isinstance(value, int):
            result = value
        else:
            raw = re.sub(r"\s", "", str(value))
            raw = re.sub(r"[.,]0+$", "", raw)
            if not re.fullmatch(r"[+-]?[0-9]+", raw):
                raise CellError(_("Enter a whole number."))
            result = int(raw)
        if min_value is not None and result < min_value:
            raise CellError(_("Enter a number of at least %(min)s.") % {"min": min_value})
        if max_value is not None and result > max_value:
            raise CellError(_("Enter a number of at most %(max)s.") % {"max": max_value})
        return result

    return parse


def decimal(places: int = 2, min_value: Decimal | None = None) -> Parser:
    def parse(value: Cell) -> Decimal:
        if isinstance(value, bool | date):
            raise CellError(_("Enter a number, such as 12,50."))
        raw = re.sub(r"[\s\u202f€]", "", cell_text(value))
        if "," in raw and "." in raw:  # 1.234,50
            raw = raw.replace(".", "")
        raw = raw.replace(",", ".")
        if not raw.isascii():  # Decimal() also reads other scripts' digits ("٣" is 3)
            raise CellError(_("Enter a number, such as 12,50."))
        try:
            result = Decimal(raw)
        except InvalidOperation:
            raise CellError(_("Enter a number, such as 12,50.")) from None
        if not result.is_finite():
            raise CellError(_("Enter a number, such as 12,50."))
        if min_value is not None and result < min_value:
            raise CellError(_("Enter a number of at least %(min)s.") % {"min": min_value})
        return result.quantize(Decimal(1).scaleb(-places))

    return parse


def parse_date(value: Cell) -> date:
    """A date cell, an Excel serial number, dd/mm/yyyy or yyyy-mm-dd."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(float(value))
    raw = str(value).strip()
    if re.fullmatch(r"[0-9]{1,5}([.,][0-9]+)?", raw):
        return _excel_serial(float(raw.replace(",", ".")))
    raw = raw.split(" ")[0].split("T")[0]  # "2026-05-01 00:00:00" from a database export
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise CellError(_("Enter a date as dd/mm/yyyy."))


def _excel_serial(serial: float) -> date:
    if not 1 <= serial < 2958466:
        raise CellError(_("Enter a date as dd/mm/yyyy."))
    return EXCEL_EPOCH + timedelta(days=int(serial))


def date_value() -> Parser:
    return parse_date


def choice(options: Iterable[tuple[str, Iterable[str]]]) -> Parser:
    """`options`: (stored value, accepted spellings): the value itself always matches."""
    table: dict[str, str] = {}
    shown: list[str] = []
    for value, spellings in options:
        words = [value, *(str(spelling) for spelling in spellings)]
        shown.append(words[1] if len(words) > 1 else value)
        for word in words:
            table.setdefault(normalise(word), value)

    def parse(value: Cell) -> str:
        found = table.get(normalise(cell_text(value)))
        if found is None:
            raise CellError(
                _("“%(value)s” is not one of the accepted values: %(choices)s.")
                % {"value": cell_text(value)[:60], "choices": ", ".join(shown)}
            )
        return found

    return parse


_TRUE = {"oui", "o", "yes", "y", "vrai", "true", "1", "x", "ja"}
_FALSE = {"non", "n", "no", "faux", "false", "0", "nee"}


def boolean() -> Parser:
    def parse(value: Cell) -> bool:
        if isinstance(value, bool):
            return value
        word = normalise(cell_text(value))
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise CellError(_("Enter “oui” or “non”."))

    return parse


def list_of(item: Parser | None = None) -> Parser:
    """Several values in one cell, separated by `,` or `;`. Duplicates are dropped."""
    inner = item or text()

    def parse(value: Cell) -> list[Any]:
        result: list[Any] = []
        for part in re.split(r"[;,]", cell_text(value)):
            if part.strip() and (parsed := inner(part.strip())) not in result:
                result.append(parsed)
        return result

    return parse
