"""A strict reading of the calendars Maillage writes (RFC 5545, and RFC 5546 for invitations).

`check_calendar` checks the bytes themselves, as RFC 5545 states them (CRLF line endings, no
bare CR or LF, lines of at most 75 octets folded without cutting a UTF-8 character, no control
character but HTAB, BEGIN/END balanced and nested, the properties each component requires, a
VTIMEZONE for every TZID used), then reads the document with the `icalendar` package and
requires that it found nothing broken. It returns what `icalendar` read, for the test's own
assertions.

Texts that break calendars, for the tests to write into titles, places and descriptions.
"""

from __future__ import annotations

import re
from datetime import datetime

from icalendar import Calendar

# Control characters (NUL aside: no database stores it and forms refuse it), a lone CR, a lone
# LF, CRLF, Unicode line separators, emoji, the characters TEXT escapes, and accented letters;
# short enough for a 200-character field.
NASTY = (
    "Réunion ; ordre, du jour \\ «\u00a0fête\u00a0» 🎉👨‍👩‍👧\x07\x1b[31m\rlone CR\nLF\r\nCRLF"
    "\x0bVT\x0cFF\u2028LS\u2029PS\x85NEL\x7fDEL\tTAB " + "éèàçœ" * 20
)
# What a calendar application must show of NASTY: controls removed, every line break a line.
NASTY_SHOWN = (
    "Réunion ; ordre, du jour \\ «\u00a0fête\u00a0» 🎉👨‍👩‍👧[31m\nlone CR\nLF\nCRLF"
    "\nVT\nFF\nLS\nPS\nNEL" + "DEL\tTAB " + "éèàçœ" * 20
)
# 200 accented letters (400 octets) on one line: folded between characters only.
LONG_ACCENTED = "éèàçœ" * 40

_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
_NAME = re.compile(r"^[A-Za-z0-9-]+")
_UTC = re.compile(r"^\d{8}T\d{6}Z$")
_REQUIRED = {
    "VCALENDAR": ("PRODID", "VERSION"),
    "VEVENT": ("UID", "DTSTAMP", "DTSTART"),
    "VTIMEZONE": ("TZID",),
    "STANDARD": ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"),
    "DAYLIGHT": ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"),
}


def _lines(document: bytes) -> list[str]:
    """The physical lines, each checked, then unfolded into content lines."""
    assert document.endswith(b"\r\n"), "the last line does not end with CRLF"
    physical = document[:-2].split(b"\r\n")
    for number, line in enumerate(physical, 1):
        assert b"\r" not in line and b"\n" not in line, f"line {number}: a bare CR or LF"
        assert len(line) <= 75, f"line {number}: {len(line)} octets, more than 75"
        line.decode("utf-8")  # a fold inside a character would not decode
        assert not _CONTROL.search(line), f"line {number}: a control character: {line!r}"
        assert line, f"line {number}: empty"
    content: list[str] = []
    for line in physical:
        if line.startswith((b" ", b"\t")):
            assert content, "a continuation line starts the document"
            content[-1] += line[1:].decode()
        else:
            content.append(line.decode())
    return content


def _structure(content: list[str]) -> None:
    stack: list[tuple[str, set[str]]] = []
    tzids_used: set[str] = set()
    tzids_defined: set[str] = set()
    components = 0
    for line in content:
        match = _NAME.match(line)
        assert match and line[match.end()] in ";:", f"not a content line: {line!r}"
        name = match.group().upper()
        value = line.split(":", 1)[1] if ":" in line else ""
        if name == "BEGIN":
            if stack and stack[0][0] == "VCALENDAR" and len(stack) == 1:
                components += 1
            stack.append((value.upper(), set()))
            continue
        if name == "END":
            assert stack, f"END:{value} without BEGIN"
            component, properties = stack.pop()
            assert component == value.upper(), f"END:{value} closes BEGIN:{component}"
            missing = [p for p in _REQUIRED.get(component, ()) if p not in properties]
            assert not missing, f"{component} lacks {missing}"
            continue
        assert stack, f"{name} outside any component"
        stack[-1][1].add(name)
        if name == "TZID" and stack[-1][0] == "VTIMEZONE":
            tzids_defined.add(value)
        for tzid in re.findall(r";TZID=([^;:]+)", line.split(":", 1)[0]):
            tzids_used.add(tzid)
        if name == "DTSTAMP":
            assert _UTC.match(value), f"DTSTAMP not in UTC: {value}"
        if name in ("DTSTART", "DTEND") and stack[-1][0] == "VEVENT":
            assert ";TZID=" in line or value.endswith("Z"), f"floating time: {line}"
    assert not stack, f"components left open: {[c for c, _p in stack]}"
    assert content[0] == "BEGIN:VCALENDAR" and content[-1] == "END:VCALENDAR"
    assert components >= 1, "a VCALENDAR must hold at least one component"
    assert tzids_used <= tzids_defined, f"TZID without VTIMEZONE: {tzids_used - tzids_defined}"


def _invitation(calendar: Calendar) -> None:
    """RFC 5546, 3.2.2: what a REQUEST's events must carry."""
    assert calendar["METHOD"] == "REQUEST"
    for event in calendar.walk("VEVENT"):
        for required in ("ORGANIZER", "ATTENDEE", "SUMMARY", "SEQUENCE", "DTSTART", "UID"):
            assert required in event, f"an invitation's event lacks {required}"
        assert str(event["ORGANIZER"]).startswith("mailto:")
        attendees = event["ATTENDEE"]
        for attendee in attendees if isinstance(attendees, list) else [attendees]:
            assert str(attendee).startswith("mailto:")
            assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
            assert attendee.params["RSVP"] == "TRUE"


def check_calendar(document: bytes, *, method: str = "") -> Calendar:
    _structure(_lines(document))
    calendar = Calendar.from_ical(document)
    broken = [(c.name, c.errors) for c in calendar.walk() if c.errors]
    assert not broken, f"icalendar could not read: {broken}"
    assert calendar.get("METHOD", "") == method
    if method == "REQUEST":
        _invitation(calendar)
    for event in calendar.walk("VEVENT"):
        assert isinstance(event.decoded("DTSTART"), datetime)
    return calendar
