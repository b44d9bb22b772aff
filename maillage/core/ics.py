"""iCalendar (RFC 5545) documents: feeds, downloads and e-mailed invitations (iTIP, RFC 5546).

Every document carries the VTIMEZONE of Europe/Brussels and its events are written in that
local time (`TZID`), so a calendar application shows a 9:00 session at 9:00 in summer and in
winter, and a calendar without any event still holds the component RFC 5545 requires.

Text is escaped as the RFC says (backslash, `;`, `,`, line breaks). Control characters are not
allowed in a content line: a lone CR or another line separator pasted from elsewhere becomes a
line break (`\\n`), the others are removed. Lines are folded at 75 octets, never inside a
UTF-8 character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.utils import timezone

PRODID = "-//Maillage//Maillage//FR"
TZID = "Europe/Brussels"
_ZONE = ZoneInfo(TZID)
# Belgium's rules since 1996 (the European Union's): summer time from the last Sunday of
# March, 2:00, to the last Sunday of October, 3:00 (local times before each change).
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZNAME:CEST",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "DTSTART:19810329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZNAME:CET",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "DTSTART:19961027T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


@dataclass(frozen=True)
class Person:
    """An organiser or an attendee: an e-mail address, and a name to show."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    # Raised each time the event changes, so a calendar replaces its copy (RFC 5546).
    sequence: int = 0
    organizer: Person | None = None
    attendees: Sequence[Person] = ()


# Line breaks of every kind, which Python's own splitlines() and some readers honour too.
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Control characters left once line breaks are out (TAB is allowed in text).
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    return "\n".join(_CONTROLS.sub("", line) for line in _LINE_BREAKS.split(text))


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11)."""
    return (
        _clean(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def _quoted_param(text: str) -> str:
    """A parameter value in double quotes, which may not hold a double quote or a control."""
    return '"' + " ".join(_clean(text).split("\n")).replace('"', "'") + '"'


def _uri(url: str) -> str:
    # Reversed URLs are ASCII already; anything else is percent-encoded, never broken.
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def _mailto(person: Person, parameters: str = "") -> str:
    name = f";CN={_quoted_param(person.name)}" if person.name.strip() else ""
    address = quote(person.email.strip(), safe="@.+-_!$'*=^`{|}~")
    return f"{name}{parameters}:mailto:{address}"


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a character."""
    out: list[str] = []
    chunk = ""
    for char in line:
        limit = 75 if not out else 74  # continuation lines start with a space
        if len((chunk + char).encode()) > limit:
            out.append(chunk)
            chunk = char
        else:
            chunk += char
    out.append(chunk)
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime) -> str:
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return f";TZID={TZID}:" + moment.astimezone(_ZONE).strftime("%Y%m%dT%H%M%S")


def _event_lines(event: Event, stamp: str, method: str) -> list[str]:
    if method == "REQUEST" and (event.organizer is None or not event.attendees):
        raise ValueError("an invitation (METHOD:REQUEST) needs an organiser and attendees")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART{_local(event.start)}",
        f"DTEND{_local(event.end)}",
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{_uri(event.url)}")
    if event.organizer is not None:
        lines.append(f"ORGANIZER{_mailto(event.organizer)}")
    for attendee in event.attendees:
        invited = ";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
        lines.append(f"ATTENDEE{_mailto(attendee, invited)}")
    if method == "REQUEST":
        lines.append("STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], *, name: str = "", method: str = "") -> bytes:
    """A whole calendar. `method` only for iTIP messages sent by e-mail (`REQUEST`)."""
    stamp = _utc(timezone.now())
    lines = ["BEGIN:VCALENDAR", f"PRODID:{PRODID}", "VERSION:2.0", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    lines += VTIMEZONE
    for event in events:
        lines += _event_lines(event, stamp, method)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode()
