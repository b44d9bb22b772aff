"""Belgian structured communications (« communication structurée »): +++123/4567/89002+++.

Ten digits chosen by the creditor, then two check digits: the ten-digit number modulo 97,
with 97 instead of 0. Banks refuse a transfer whose check digits are wrong, so a reference
typed with a mistake is caught here, before it marks the wrong registration paid.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s+*/.\-]")
# The digits 0 to 9 only: str.isdigit() and int() also take other scripts' digits (an
# Arabic-Indic "١٢٣" read as 123) and superscripts ("²" passes isdigit(), then int() raises).
_TWELVE_DIGITS = re.compile(r"[0-9]{12}")


def check_digits(base: str) -> str:
    remainder = int(base) % 97
    return f"{remainder or 97:02d}"


def format_reference(base: str) -> str:
    digits = base + check_digits(base)
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def reference_base(registration_pk: int) -> str:
    """The ten digits of a registration: its number, so each is unique in the instance."""
    if not 0 < registration_pk < 10**10:
        raise ValueError("registration number out of range")
    return f"{registration_pk:010d}"


def parse_reference(text: str) -> str | None:
    """The ten-digit base of a reference typed in any usual way (with or without the plus
    signs, slashes or spaces, or `***` as some banks print it), or None when it is not a
    valid structured communication."""
    digits = _SEPARATORS.sub("", text or "")
    if not _TWELVE_DIGITS.fullmatch(digits):
        return None
    base, check = digits[:10], digits[10:]
    if check_digits(base) != check:
        return None
    return base
