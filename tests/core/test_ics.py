"""The iCalendar writer: what calendar applications need to read our sessions right."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from maillage.core import ics

BRUSSELS = ZoneInfo("Europe/Brussels")


def event(**extra):
    values = {
        "uid": "session-1@maillage",
        "start": datetime(2026, 7, 6, 9, 0, tzinfo=BRUSSELS),
        "end": datetime(2026, 7, 6, 16, 0, tzinfo=BRUSSELS),
        "summary": "Stage nature",
        **extra,
    }
    return ics.Event(**values)


def unfold(document: bytes) -> list[str]:
    return document.decode().replace("\r\n ", "").split("\r\n")


def test_times_are_written_in_utc() -> None:
    lines = unfold(ics.calendar([event()]))
    assert "DTSTART:20260706T070000Z" in lines  # 9:00 in Brussels in summer
    assert "DTEND:20260706T140000Z" in lines


def test_a_calendar_holds_one_event_per_session() -> None:
    document = ics.calendar([event(), event(uid="session-2@maillage")], name="Stage")
    lines = unfold(document)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 2
    assert "X-WR-CALNAME:Stage" in lines
    assert document.endswith(b"END:VCALENDAR\r\n")


def test_commas_semicolons_and_new_lines_are_escaped() -> None:
    lines = unfold(ics.calendar([event(location="Rue Haute, 12; 1000 Bruxelles\nSalle 2")]))
    assert "LOCATION:Rue Haute\\, 12\\; 1000 Bruxelles\\nSalle 2" in lines


def test_long_lines_are_folded_at_75_octets_without_cutting_a_character() -> None:
    summary = "Atelier d'expression créative et théâtre pour les élèves de l'école " * 3
    document = ics.calendar([event(summary=summary)])
    for line in document.split(b"\r\n"):
        assert len(line) <= 75
        line.decode()  # a fold inside a multi-byte character would not decode
    assert f"SUMMARY:{summary}" in unfold(document)
