"""How services report bad input: French messages keyed by the form field they belong to
(`__all__` for the others), raised together so the form shows every mistake at once; and
how a view reads an id from a query string or a field's name."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from maillage.core.lookups import BIGINT_MAX

Errors = dict[str, list[str]]


def raise_errors(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


# ASCII digits only: str.isdigit() and int() also take other scripts' digits ("٤٢" is 42)
# and superscripts ("²" passes isdigit(), then int() raises: a 500).
_ID = re.compile(r"[0-9]{1,19}")


def has_other_digits(text: str) -> bool:
    """Whether `text` holds digits other than 0 to 9 (Arabic-Indic, full-width, superscript…),
    which look like digits to the person who typed them: worth its own message."""
    return any(char.isdigit() and char not in "0123456789" for char in text)


def parse_id(text: str | None) -> int | None:
    """The id a query string or a field's name carries (`?fait=42`, `presence-42`), or None
    when it is not one: digits 0 to 9, a number a row's id can be."""
    if text is None or not _ID.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value <= BIGINT_MAX else None
