"""Calendars of sessions: an activity's .ics, the worker's page and their secret feed, each
read back strictly (tests/calendars.py)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse

from maillage.activities import services
from maillage.activities.models import CalendarFeed
from maillage.core.models import Membership
from tests.activities.conftest import today
from tests.calendars import NASTY, NASTY_SHOWN, check_calendar

pytestmark = pytest.mark.django_db


def unfold(content: bytes) -> list[str]:
    """The content lines of an iCalendar document, continuation lines joined (RFC 5545)."""
    text = content.decode()
    assert text.endswith("\r\n")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def start(day, at) -> str:
    """A session's start as written: Brussels time, with its time zone."""
    return f"DTSTART;TZID=Europe/Brussels:{day:%Y%m%d}T{at:%H%M%S}"


def feed_url(token: str) -> str:
    return reverse("activities:worker_feed", kwargs={"token": token})


def test_activity_calendar(login, member, camp, session, registration):
    services.session_add(
        actor=member,
        activity=camp,
        date=today() + timedelta(days=1),
        starts_at=time(9, 30),
        ends_at=time(12),
        place="Parc de Forest, entrée rue du Croissant; près du kiosque et de la plaine de jeux",
    )
    response = login(member).get(reverse("activities:activity_ics", kwargs={"pk": camp.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].endswith(f'seances-activite-{camp.pk}.ics"')
    calendar = check_calendar(response.content)
    lines = unfold(response.content)
    assert lines.count("BEGIN:VEVENT") == 2
    assert start(today(), time(9)) in lines
    assert start(today() + timedelta(days=1), time(9, 30)) in lines
    # The team's calendar links to the team's page of the activity.
    urls = {str(event["URL"]) for event in calendar.walk("VEVENT")}
    assert urls == {f"http://127.0.0.1:8000/activites/{camp.pk}/"}
    assert (
        "LOCATION:Parc de Forest\\, entrée rue du Croissant\\; près du kiosque et de la "
        "plaine de jeux"
    ) in lines
    assert any(line.startswith(" ") for line in response.content.decode().split("\r\n"))
    # Sessions, not people.
    assert "Nora" not in response.content.decode()


def test_an_activity_title_with_a_comma_is_escaped(login, member, make_activity):
    activity = make_activity(title="Sport, jeux; détente")
    services.session_add(
        actor=member, activity=activity, date=today(), starts_at=time(14), ends_at=time(16)
    )
    response = login(member).get(reverse("activities:activity_ics", kwargs={"pk": activity.pk}))
    assert "SUMMARY:Sport\\, jeux\\; détente" in unfold(response.content)


def test_my_calendar_creates_the_secret_address_once(
    login, member, colleague, camp, session, settings
):
    settings.MAILLAGE_BASE_URL = "https://maillage.example.org"
    client = login(member)
    response = client.get(reverse("activities:my_calendar"))
    assert response.status_code == 200
    feed = CalendarFeed.objects.get(user=member)
    assert len(feed.token) >= 40
    html = response.content.decode()
    # The address a calendar application subscribes to is the product's, not this request's.
    assert f"https://maillage.example.org{feed_url(feed.token)}" in html
    assert "Stage nature" in html
    assert reverse("activities:session", kwargs={"pk": session.pk}) in html
    client.get(reverse("activities:my_calendar"))
    assert CalendarFeed.objects.get(user=member).token == feed.token

    # A colleague who is not on the camp's staff has an empty calendar of their own.
    html = login(colleague).get(reverse("activities:my_calendar")).content.decode()
    assert "Stage nature" not in html
    assert CalendarFeed.objects.get(user=colleague).token != feed.token


def test_a_new_address_revokes_the_old_one(client, login, member, camp, session):
    login(member).get(reverse("activities:my_calendar"))
    old = CalendarFeed.objects.get(user=member).token
    response = client.post(reverse("activities:feed_regenerate"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=member).token
    assert new != old
    client.logout()
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_worker_feed_spans_a_month_back_and_a_year_ahead(
    client, member, colleague, make_activity, registration
):
    season = make_activity(title="Atelier long", starts_on=today() - timedelta(days=40), places=10)
    season.ends_on = today() + timedelta(days=400)
    season.save()
    for offset in (-40, -10, 0, 300, 400):
        services.session_add(
            actor=member,
            activity=season,
            date=today() + timedelta(days=offset),
            starts_at=time(18),
            ends_at=time(20),
        )
    # An activity the member does not lead.
    other = make_activity(title="Atelier d'un autre", staff=[colleague])
    services.session_add(
        actor=member, activity=other, date=today(), starts_at=time(10), ends_at=time(11)
    )
    feed = CalendarFeed.objects.create(user=member, token="t" * 43)
    response = client.get(feed_url(feed.token))  # anonymous: a calendar app
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    check_calendar(response.content)
    lines = unfold(response.content)
    starts = sorted(line for line in lines if line.startswith("DTSTART;"))
    expected = sorted(start(today() + timedelta(days=offset), time(18)) for offset in (-10, 0, 300))
    # The camp of the `registration` fixture, led by the member, is there too (today, 9:00).
    assert starts == sorted([*expected, start(today(), time(9))])
    text = response.content.decode()
    assert "Atelier d'un autre" not in text
    for private in ("Nora", "Lambert", "parent.lambert", "Malik", "member@a.example"):
        assert private not in text


def test_worker_feed_refuses_unknown_tokens_and_inactive_users(client, member, camp, session):
    feed = CalendarFeed.objects.create(user=member, token="s" * 43)
    assert client.get(feed_url("inconnu")).status_code == 404
    assert client.get(feed_url(feed.token)).status_code == 200
    member.is_active = False
    member.save()
    assert client.get(feed_url(feed.token)).status_code == 404


def test_worker_feed_forgets_a_team_the_worker_left(client, member, camp, session):
    feed = CalendarFeed.objects.create(user=member, token="u" * 43)
    assert unfold(client.get(feed_url(feed.token)).content).count("BEGIN:VEVENT") == 1
    Membership.objects.filter(user=member).update(is_active=False)
    empty = client.get(feed_url(feed.token)).content
    assert unfold(empty).count("BEGIN:VEVENT") == 0
    # Still a valid calendar: its time zone is the component RFC 5545 requires.
    assert [c.name for c in check_calendar(empty).subcomponents] == ["VTIMEZONE"]


def test_every_feed_survives_texts_that_break_calendars(client, login, member, camp, settings):
    """Control characters, a lone CR, emoji, a 200-letter accented line, ; , \\ in the title
    and the place: the team's, the worker's and the public calendar all stay valid, show the
    text line by line and link to pages on the product's address."""
    settings.MAILLAGE_BASE_URL = "https://maillage.example.org"
    services.activity_update(actor=member, activity=camp, title=NASTY)
    services.session_add(
        actor=member, activity=camp, date=today(), starts_at=time(14), ends_at=time(16), place=NASTY
    )
    feed = CalendarFeed.objects.create(user=member, token="v" * 43)
    team = login(member).get(reverse("activities:activity_ics", kwargs={"pk": camp.pk})).content
    client.logout()
    public = client.get(reverse("activities:public_activity_ics", kwargs={"pk": camp.pk})).content
    worker = client.get(feed_url(feed.token)).content
    for document, page in (
        (team, f"/activites/{camp.pk}/"),
        (public, reverse("activities:public_activity", kwargs={"pk": camp.pk})),
        (worker, f"/activites/{camp.pk}/"),
    ):
        events = check_calendar(document).walk("VEVENT")
        assert {str(event["SUMMARY"]) for event in events} == {NASTY_SHOWN}
        [event] = [e for e in events if e.decoded("DTSTART").hour == 14]
        assert str(event["LOCATION"]) == NASTY_SHOWN
        assert event["URL"] == f"https://maillage.example.org{page}"
