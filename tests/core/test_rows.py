"""Rows built in Python (core.rows): the same escaping as a template, one `reverse()` a list."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from maillage.core.rows import day, joined, rows, time_tag, url_for_pk


def test_rows_keep_the_markup_of_their_row_function_and_escape_plain_text() -> None:
    made = rows(["<b>a</b>", "c & d"], lambda text: format_html("<li>{}</li>", text))
    assert made == "<li>&lt;b&gt;a&lt;/b&gt;</li><li>c &amp; d</li>"
    assert isinstance(made, SafeString)
    # A row function that forgets format_html gets its text escaped, never trusted.
    assert rows(["<i>x</i>"], lambda text: text) == "&lt;i&gt;x&lt;/i&gt;"


@pytest.mark.parametrize("pk", [1, 42, 9_876_543_210])
def test_a_url_reversed_once_is_the_url_of_each_row(pk: int) -> None:
    assert url_for_pk("casework:followup")(pk) == reverse("casework:followup", kwargs={"pk": pk})


def test_a_url_without_a_key_is_refused() -> None:
    with pytest.raises(NoReverseMatch):
        url_for_pk("casework:caseload")


def test_dates_read_as_people_write_them_and_as_machines_read_them() -> None:
    assert day(date(2026, 3, 7)) == "07/03/2026"
    assert time_tag(date(2026, 3, 7)) == '<time datetime="2026-03-07">07/03/2026</time>'
    # 23:30 UTC on the 6th is already the 7th in Brussels.
    moment = datetime(2026, 3, 6, 23, 30, 15, 123456, tzinfo=UTC)
    assert time_tag(moment) == '<time datetime="2026-03-07T00:30:15+01:00">07/03/2026</time>'


def test_joined_escapes_each_value() -> None:
    assert joined(["A & B", SafeString("<b>C</b>")]) == "A &amp; B, <b>C</b>"
