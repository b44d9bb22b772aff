"""Long lists built in Python: one function per kind of row, not a template include per row.

Through the template engine a table row or list item costs about 0.35 to 0.45 ms (an
include, its context, a `{% url %}`, a `blocktranslate`, the `date` filter): a caseload of 50
rows spent most of its page on them (issue 18). A row function writes the same markup with
`format_html`, which escapes every value it is given (`conditional_escape`: text is escaped,
markup already made safe, such as another helper's output, is kept as it is), exactly as the
template would. As `core.renderers` does for `<select>`, every value goes through the escaping;
nothing is pasted into markup unescaped.

A page's template shows the result of `rows(items, row)` as `{{ rows }}`; an HTMX fragment
returns the same row function's output for one new item, so a row has one definition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from maillage.core.templatetags.html_values import machine_datetime

# A number no object has, replaced in the URL reversed once by each row's own key.
_SENTINEL = 9_876_543_210_123


def rows[T](items: Iterable[T], row: Callable[[T], str]) -> SafeString:
    """The rows of `items`, one after the other. A row function's plain text (not marked
    safe) is escaped here rather than trusted."""
    return mark_safe("".join(conditional_escape(row(item)) for item in items))  # noqa: S308


def url_for_pk(name: str, **kwargs: Any) -> Callable[[Any], str]:
    """`reverse(name, kwargs={"pk": pk, **kwargs})` for many rows, resolved once: reversing a
    URL per row costs more than the rest of the row."""
    url = reverse(name, kwargs={**kwargs, "pk": _SENTINEL})
    head, sentinel, tail = url.partition(str(_SENTINEL))
    assert sentinel, f"{name}: no <int:pk> in its route"
    return lambda pk: f"{head}{int(pk)}{tail}"


def day(value: date | datetime) -> str:
    """A date as people read it here (the `date:"d/m/Y"` of the templates)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


def time_tag(value: date | datetime) -> SafeString:
    """`<time datetime="…">dd/mm/yyyy</time>`: the attribute as machines read it
    (`machine_datetime`, as every template writes it), the text as people do."""
    return format_html('<time datetime="{}">{}</time>', machine_datetime(value), day(value))


def joined(values: Iterable[Any], separator: str = ", ") -> SafeString:
    """Values as text, each escaped, between separators."""
    return mark_safe(separator.join(str(conditional_escape(value)) for value in values))  # noqa: S308
