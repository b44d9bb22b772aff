"""What machines read in our HTML: htmx attributes, `<time datetime>`, `tel:` links.

The browser tests run the Nu HTML checker on every page they visit; these tests keep the three
mistakes it found on hundreds of pages from coming back on a page no browser test visits.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.utils import timezone

from maillage.core.templatetags.html_values import machine_datetime, tel_uri

SOURCE = Path(__file__).resolve().parents[2] / "maillage"
# htmx reads `data-hx-get` as well as `hx-get`; only the first is valid HTML. Response headers
# (HX-Trigger…) are capitalised, and `htmx-config` is a word of its own.
BARE_HTMX = re.compile(r"(?<![-\w])hx-[a-z]")


def _sources(*suffixes: str) -> list[Path]:
    return [
        path
        for suffix in suffixes
        for path in SOURCE.rglob(f"*{suffix}")
        if "vendor" not in path.parts and "migrations" not in path.parts
    ]


def _lines_matching(pattern: re.Pattern[str], paths: list[Path]) -> list[str]:
    return [
        f"{path.relative_to(SOURCE.parent)}:{number}: {line.strip()[:120]}"
        for path in paths
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]


def test_no_template_python_or_script_writes_a_bare_hx_attribute() -> None:
    found = _lines_matching(BARE_HTMX, _sources(".html", ".py", ".js", ".css"))
    assert not found, "write data-hx-*, never hx-*:\n" + "\n".join(found)


def test_the_guard_sees_a_bare_hx_attribute_and_lets_data_hx_and_headers_pass() -> None:
    assert BARE_HTMX.search('<form hx-post="/x">')
    assert BARE_HTMX.search('"hx-vals": json.dumps(values)')
    assert not BARE_HTMX.search('<form data-hx-post="/x">')
    assert not BARE_HTMX.search('response["HX-Trigger"] = "saved"')
    assert not BARE_HTMX.search('<meta name="htmx-config" content="{}">')


def test_every_datetime_attribute_and_tel_link_goes_through_its_filter() -> None:
    templates = _sources(".html")
    datetimes = _lines_matching(
        re.compile(r'datetime="(?!\{\{ [^}]*\|machine_datetime \}\}")'), templates
    )
    assert not datetimes, 'write datetime="{{ value|machine_datetime }}":\n' + "\n".join(datetimes)
    phones = _lines_matching(re.compile(r'"tel:'), templates)
    assert not phones, 'write href="{{ number|tel_uri }}":\n' + "\n".join(phones)


def test_no_text_a_template_translates_in_place_holds_a_bare_less_than_sign() -> None:
    """`{% translate "…" %}` writes its text, and its French, as HTML (a template's literals
    count as safe): a "<5" or a "<year>" in it starts an element. Such a text is translated
    into a variable and written with `|force_escape`."""
    catalogue = polib.pofile(str(SOURCE / "locale/fr/LC_MESSAGES/django.po"))
    french = {entry.msgid: entry.msgstr for entry in catalogue}
    translated = re.compile(
        r"""\{% (?:translate|trans) (["'])(.*?)\1(?: noop)?(?: as (\w+))? %\}"""
    )
    # The elements translated texts may carry; anything else after a "<" is text.
    bare = re.compile(r"<(?!/?(?:a|abbr|b|br|code|em|i|kbd|li|p|span|strong|time|ul)\b)")
    found = []
    for path in _sources(".html"):
        source = path.read_text(encoding="utf-8")
        for _quote, text, variable in translated.findall(source):
            if not (bare.search(text) or bare.search(french.get(text, ""))):
                continue
            if variable and f"{{{{ {variable}|force_escape }}}}" in source:
                continue
            found.append(f"{path.relative_to(SOURCE.parent)}: {text}")
    assert not found, "translate into a variable, write it with |force_escape:\n" + "\n".join(found)


def test_a_moment_is_written_to_the_second_in_brussels_time() -> None:
    moment = datetime(2026, 3, 1, 9, 15, 0, 123456, tzinfo=UTC)
    assert machine_datetime(moment) == "2026-03-01T10:15:00+01:00"
    summer = datetime(2026, 7, 1, 9, 15, 59, 999999, tzinfo=UTC)
    assert machine_datetime(summer) == "2026-07-01T11:15:59+02:00"


def test_a_day_is_written_as_a_date_and_nothing_as_nothing() -> None:
    assert machine_datetime(date(2026, 3, 1)) == "2026-03-01"
    assert machine_datetime(None) == ""


def test_a_template_writes_a_valid_datetime_attribute() -> None:
    moment = timezone.make_aware(datetime(2026, 12, 7, 17, 0, 37, 888392))
    html = Template(
        '{% load html_values %}<time datetime="{{ at|machine_datetime }}">x</time>'
    ).render(Context({"at": moment}))
    assert html == '<time datetime="2026-12-07T17:00:37+01:00">x</time>'


@pytest.mark.parametrize(
    ("typed", "uri"),
    [
        ("02 123 45 67", "tel:+3221234567"),
        ("0470/12.34.56", "tel:+32470123456"),
        ("+32 (0)2 123 45 67", "tel:+3221234567"),
        ("+32 2 123 45 67", "tel:+3221234567"),
        ("0033 1 23 45 67 89", "tel:+33123456789"),
        ("(02) 123-45-67", "tel:+3221234567"),
        ("103", "tel:103"),
        ("", ""),
        ("pas de téléphone", ""),
    ],
)
def test_a_phone_number_becomes_a_tel_uri_without_spaces_with_its_country_code(
    typed: str, uri: str
) -> None:
    assert tel_uri(typed) == uri
