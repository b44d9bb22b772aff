"""The iCalendar writer: what calendar applications need to read our sessions right, checked
on the bytes (RFC 5545) and read back by a strict parser (tests/calendars.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from maillage.core import ics
from tests.calendars import LONG_ACCENTED, NASTY, NASTY_SHOWN, check_calendar

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


def test_an_empty_calendar_is_still_valid_with_its_time_zone() -> None:
    document = ics.calendar([], name="Mes séances")
    calendar = check_calendar(document)
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]


def test_times_are_written_in_brussels_time_with_its_time_zone() -> None:
    document = ics.calendar([event(), event(uid="2", start=datetime(2026, 1, 5, 8, tzinfo=UTC))])
    lines = unfold(document)
    assert "DTSTART;TZID=Europe/Brussels:20260706T090000" in lines  # summer
    assert "DTEND;TZID=Europe/Brussels:20260706T160000" in lines
    assert "DTSTART;TZID=Europe/Brussels:20260105T090000" in lines  # 8:00 UTC in winter
    [summer, winter] = check_calendar(document).walk("VEVENT")
    assert summer.decoded("DTSTART") == datetime(2026, 7, 6, 7, tzinfo=UTC)
    assert winter.decoded("DTSTART") == datetime(2026, 1, 5, 8, tzinfo=UTC)


def test_the_time_zone_written_follows_belgian_summer_time_hour_by_hour() -> None:
    """The VTIMEZONE, read back by icalendar, gives the offset zoneinfo gives, at every hour
    from 2024 to 2036 (each change of time included)."""
    [vtimezone] = check_calendar(ics.calendar([])).walk("VTIMEZONE")
    written = vtimezone.to_tz()
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    while moment < datetime(2036, 1, 1, tzinfo=UTC):
        assert moment.astimezone(written).utcoffset() == moment.astimezone(BRUSSELS).utcoffset()
        moment += timedelta(hours=1)


def test_a_calendar_holds_one_event_per_session() -> None:
    document = ics.calendar([event(), event(uid="session-2@maillage")], name="Stage")
    lines = unfold(document)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 2
    assert "X-WR-CALNAME:Stage" in lines
    assert document.endswith(b"END:VCALENDAR\r\n")
    assert len(check_calendar(document).walk("VEVENT")) == 2


def test_commas_semicolons_and_new_lines_are_escaped() -> None:
    lines = unfold(ics.calendar([event(location="Rue Haute, 12; 1000 Bruxelles\nSalle 2")]))
    assert "LOCATION:Rue Haute\\, 12\\; 1000 Bruxelles\\nSalle 2" in lines


def test_control_characters_and_lone_carriage_returns_never_reach_the_file() -> None:
    """Each text field takes NASTY (controls, a lone CR, emoji, 200 accented letters, ; , \\):
    the file stays valid and the parser reads the text with every break as a new line."""
    document = ics.calendar(
        [
            event(
                summary=NASTY,
                location=NASTY,
                description=f"{NASTY}\x00\r{LONG_ACCENTED}",
                uid=f"x{NASTY}",
            )
        ],
        name=NASTY,
    )
    calendar = check_calendar(document)
    [found] = calendar.walk("VEVENT")
    assert str(found["SUMMARY"]) == str(found["LOCATION"]) == NASTY_SHOWN
    assert str(found["DESCRIPTION"]) == f"{NASTY_SHOWN}\n{LONG_ACCENTED}"


def test_long_lines_are_folded_at_75_octets_without_cutting_a_character() -> None:
    summary = "Atelier d'expression créative et théâtre pour les élèves de l'école 🎭" * 3
    document = ics.calendar([event(summary=summary)])
    check_calendar(document)
    assert f"SUMMARY:{summary}" in unfold(document)


def test_an_invitation_names_its_organiser_and_attendees_for_an_answer() -> None:
    organiser = ics.Person("contact@amo.example", 'AMO "Alpha"; Saint-Gilles, 1060')
    attendees = [ics.Person("jeanne@externe.example", "Jeanne D'Arc,\x07 Université\r")]
    document = ics.calendar(
        [event(organizer=organiser, attendees=attendees, sequence=2, url="https://m.example/r/1")],
        method="REQUEST",
    )
    [found] = check_calendar(document, method="REQUEST").walk("VEVENT")
    assert found["ORGANIZER"] == "mailto:contact@amo.example"
    assert found["ORGANIZER"].params["CN"] == "AMO 'Alpha'; Saint-Gilles, 1060"
    attendee = found["ATTENDEE"]
    assert attendee == "mailto:jeanne@externe.example"
    assert attendee.params["CN"] == "Jeanne D'Arc, Université "
    assert found["SEQUENCE"] == 2
    assert found["URL"] == "https://m.example/r/1"
    assert "ORGANIZER;CN=\"AMO 'Alpha'; Saint-Gilles, 1060\":mailto:contact@amo.example" in (
        unfold(document)
    )


def test_an_invitation_without_organiser_or_attendee_is_refused() -> None:
    with pytest.raises(ValueError, match="organiser"):
        ics.calendar([event()], method="REQUEST")
