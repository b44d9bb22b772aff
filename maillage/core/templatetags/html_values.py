"""Values written into HTML attributes that machines read: a `<time datetime>` and a `tel:` link.

People read the text of the element, in Belgian formats; browsers, screen readers, phones and
the HTML checker read the attribute, which has a grammar of its own. Every template writes those
attributes through these filters, so the grammar is kept in one place
(tests/core/test_html_values.py checks that no template writes them another way).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()

# Numbers in this product are Belgian unless written with their country code.
HOME_COUNTRY_CODE = "32"
_NOT_A_DIGIT = re.compile(r"[^0-9]")


@register.filter
def machine_datetime(value: date | datetime | None) -> str:
    """A valid `datetime` attribute: a date as YYYY-MM-DD; a moment in Brussels time to the
    second, with its offset. HTML allows at most 3 digits of a second's fraction, and no page
    needs the microseconds Django's `date:"c"` writes."""
    if not value:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def tel_uri(number: str) -> str:
    """A `tel:` URI (RFC 3966) for a number as people type it: no spaces, dots, slashes or
    brackets, and the country code in front of a national number (`02 123 45 67` →
    `tel:+3221234567`), so a phone abroad dials it too. Short numbers (`103`) stay local."""
    # "+32 (0)2 …": the bracketed trunk prefix is dialled only from inside the country.
    text = number.strip().replace("(0)", "")
    digits = _NOT_A_DIGIT.sub("", text)
    if not digits:
        return ""
    if text.startswith("+"):
        return f"tel:+{digits}"
    if digits.startswith("00"):
        return f"tel:+{digits[2:]}"
    if digits.startswith("0"):
        return f"tel:+{HOME_COUNTRY_CODE}{digits[1:]}"
    return f"tel:{digits}"


register.filter("tel_uri", tel_uri)
