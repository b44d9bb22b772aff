"""Attendance rates per participant and per activity (maillage/activities/presence.py)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from maillage.activities import services
from maillage.activities.presence import Rate, attendance_summary
from maillage.core.roles import Role
from tests.activities.conftest import acting, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(make_activity, member):
    """A workshop that started three days ago: sessions two days ago, yesterday, today and
    tomorrow."""
    activity = make_activity(title="Atelier arts", starts_on=today() - timedelta(days=3), places=10)
    for offset in (-2, -1, 0, 1):
        services.session_add(
            actor=member,
            activity=activity,
            date=today() + timedelta(days=offset),
            starts_at=time(14),
            ends_at=time(16),
        )
    return activity


def enrol(member, activity, person):
    return services.registration_create(
        actor=acting(member, activity.organisation, Role.FIELD_WORKER),
        activity=activity,
        person=person,
    )


def mark(member, activity, registration, *answers):
    """Record `answers` (True, False or None for "not recorded") on the past sessions."""
    past = activity.sessions.filter(date__lte=today()).order_by("date")
    for session, answer in zip(past, answers, strict=False):
        if answer is not None:
            services.attendance_record(
                actor=member, session=session, registration=registration, present=answer
            )


def test_nothing_recorded_gives_no_rate(workshop):
    summary = attendance_summary(workshop)
    assert summary.rate is None
    assert summary.sessions_past == 3
    assert summary.by_registration == {}
    assert summary.headcount_total == 0


def test_rates_per_participant_and_per_activity(workshop, member, make_child):
    nora = enrol(member, workshop, make_child("Nora"))
    theo = enrol(member, workshop, make_child("Théo"))
    lina = enrol(member, workshop, make_child("Lina"))
    mark(member, workshop, nora, True, True, False)
    mark(member, workshop, theo, False, None, True)
    summary = attendance_summary(workshop)
    assert summary.by_registration[nora.pk] == Rate(present=2, recorded=3)
    assert summary.by_registration[nora.pk].rate == pytest.approx(2 / 3)
    assert summary.by_registration[theo.pk] == Rate(present=1, recorded=2)
    # Not recorded is not absent: Lina has no rate at all.
    assert lina.pk not in summary.by_registration
    assert summary.for_registration(lina.pk).rate is None
    assert summary.rate == pytest.approx(3 / 5)
    assert summary.percent == 60
    assert summary.sessions_past == 3


def test_cancelled_registrations_no_longer_count(workshop, member, make_child):
    nora = enrol(member, workshop, make_child("Nora"))
    theo = enrol(member, workshop, make_child("Théo"))
    mark(member, workshop, nora, True, True)
    mark(member, workshop, theo, False, False)
    services.registration_cancel(actor=member, registration=theo)
    summary = attendance_summary(workshop)
    assert set(summary.by_registration) == {nora.pk}
    assert summary.rate == 1.0


def test_headcounts_of_past_sessions_are_totalled(workshop, member):
    sessions = list(workshop.sessions.order_by("date"))
    services.session_set_headcount(actor=member, session=sessions[0], headcount=12)
    services.session_set_headcount(actor=member, session=sessions[2], headcount=5)
    summary = attendance_summary(workshop)
    assert summary.headcount_total == 17
    assert summary.sessions_with_headcount == 2
    html = render_to_string("activities/partials/attendance_summary.html", {"summary": summary})
    assert "17" in html


def test_the_summary_is_two_queries_whatever_the_size(workshop, member, make_child):
    def count() -> int:
        workshop.refresh_from_db()
        with CaptureQueriesContext(connection) as queries:
            attendance_summary(workshop)
        return len(queries)

    first = enrol(member, workshop, make_child("Nora"))
    mark(member, workshop, first, True, False, True)
    small = count()
    for number in range(8):
        registration = enrol(member, workshop, make_child(f"Enfant{number}"))
        mark(member, workshop, registration, True, True, number % 2 == 0)
    assert count() == small == 2


def test_the_summary_partial_shows_the_rate(workshop, member, make_child):
    nora = enrol(member, workshop, make_child("Nora"))
    mark(member, workshop, nora, True, False, True, None)
    html = render_to_string(
        "activities/partials/attendance_summary.html", {"summary": attendance_summary(workshop)}
    )
    assert "67 %" in html
