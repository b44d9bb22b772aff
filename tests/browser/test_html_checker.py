"""The HTML check of the browser tests itself: installed where it must be, and catching what it
was brought in for (htmx's bare `hx-*` attributes, datetimes with microseconds)."""

from __future__ import annotations

import os

import pytest

from tests.browser import html_checker

pytestmark = pytest.mark.browser

PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title></head>
<body data-hx-headers='{"X-CSRFToken": "t"}'>
CONTENT
</body></html>"""
VALID = PAGE.replace(
    "CONTENT",
    '<p><time datetime="2026-03-01T10:15:00+01:00">1er mars</time>'
    ' <a href="tel:+3221234567">02 123 45 67</a></p>',
)


def test_the_html_checker_is_installed() -> None:
    missing = html_checker.missing_reason()
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(missing)
    pytest.skip(f"pages are not checked as HTML: {missing}")


def test_the_html_checker_accepts_valid_html(
    html_checking: html_checker.HtmlChecker | None,
) -> None:
    if html_checking is None:
        pytest.skip(f"{html_checker.missing_reason()}")
    assert html_checking.errors(VALID.encode()) == []


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ('<p hx-get="/a">x</p>', "“hx-get” not allowed"),
        ('<time datetime="2026-03-01T10:15:00.123456+01:00">x</time>', "datetime"),
        ('<a href="tel:02 123 45 67">x</a>', "tel:02 123 45 67"),
    ],
)
def test_the_html_checker_reports_the_line_and_the_message(
    html_checking: html_checker.HtmlChecker | None, fragment: str, message: str
) -> None:
    if html_checking is None:
        pytest.skip(f"{html_checker.missing_reason()}")
    errors = html_checking.errors(PAGE.replace("CONTENT", fragment).encode())
    assert len(errors) == 1 and errors[0].startswith("line 3: "), errors
    assert message in errors[0], errors
