"""The reads of the signal inbox: the list's order and filters, the absence curve by school
week and the trend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from maillage.core.models import Organisation, User
from maillage.schooling import signalling
from maillage.schooling.models import Enrolment, SchoolYear, SignalStatus, ThresholdRule
from maillage.schooling.signal_queries import absence_curve, absence_trend, signal_rows
from maillage.schooling.thresholds import ensure_default_rules
from tests.schooling.conftest import acting
from tests.schooling.test_signal_services import threshold_signal

END_OF_YEAR = date(2026, 7, 3)


def _curve(enrolment: Enrolment, year: SchoolYear, today: date = END_OF_YEAR) -> Any:
    ensure_default_rules(enrolment.organisation_id)
    return absence_curve(
        organisation_id=enrolment.organisation_id,
        person_id=enrolment.person_id,
        school_year=year,
        today=today,
    )


def test_the_curve_counts_unjustified_half_days_cumulated_by_school_week(
    pupil: Callable[..., Enrolment], absences: Callable[..., Any], year: SchoolYear
) -> None:
    lina = pupil()
    absences(lina, 4, start=date(2025, 9, 1))  # Monday and Tuesday of week 2
    absences(lina, 3, start=date(2025, 9, 17))  # Wednesday and Thursday of week 3
    absences(lina, 5, start=date(2025, 10, 6), status="justified")  # not counted
    curve = _curve(lina, year, today=date(2025, 10, 10))
    # The year starts on Monday 25 August 2025: week 1; today is in week 7.
    assert [w.starts_on for w in curve.weeks][:4] == [
        date(2025, 8, 25),
        date(2025, 9, 1),
        date(2025, 9, 8),
        date(2025, 9, 15),
    ]
    assert len(curve.weeks) == 7
    assert [w.half_days for w in curve.weeks] == [0, 4, 0, 3, 0, 0, 0]
    assert [w.cumulative for w in curve.weeks] == [0, 4, 4, 7, 7, 7, 7]
    assert curve.total == 7


def test_the_curve_is_one_query_for_the_weeks_whatever_their_number(
    pupil: Callable[..., Enrolment],
    absences: Callable[..., Any],
    year: SchoolYear,
    django_assert_num_queries: Any,
) -> None:
    lina = pupil()
    absences(lina, 60)
    ensure_default_rules(lina.organisation_id)
    # The weeks, the rules, the trend.
    with django_assert_num_queries(3):
        curve = absence_curve(
            organisation_id=lina.organisation_id,
            person_id=lina.person_id,
            school_year=year,
            today=END_OF_YEAR,
        )
    assert curve.total == 60
    assert curve.weeks[-1].starts_on == date(2026, 6, 29)


def test_the_curve_draws_the_active_thresholds_and_says_which_are_reached(
    pupil: Callable[..., Enrolment],
    absences: Callable[..., Any],
    year: SchoolYear,
    org_a: Organisation,
) -> None:
    lina = pupil()
    absences(lina, 12)
    ensure_default_rules(org_a.pk)
    ThresholdRule.objects.create(
        organisation=org_a, label="Ancienne règle", half_days=15, is_active=False
    )
    curve = _curve(lina, year)
    assert [(line.half_days, line.reached) for line in curve.lines] == [(9, True), (20, False)]
    assert curve.y_max == 25
    # Higher values are drawn higher up: a smaller y in SVG.
    nine, twenty = curve.lines
    assert twenty.y < nine.y
    assert curve.weeks[-1].y < curve.weeks[0].y
    assert "12" in curve.summary and nine.label in curve.summary
    assert curve.points.startswith(f"{curve.left:.1f},{curve.bottom_edge:.1f}")


def test_the_curve_of_a_pupil_without_absences_is_flat(
    pupil: Callable[..., Enrolment], year: SchoolYear
) -> None:
    curve = _curve(pupil(), year)
    assert curve.total == 0
    assert {w.cumulative for w in curve.weeks} == {0}
    assert curve.trend.direction == "stable"


@pytest.mark.parametrize(
    ("before", "recent", "direction"),
    [(2, 6, "rising"), (4, 5, "stable"), (5, 4, "stable"), (6, 2, "falling"), (0, 0, "stable")],
)
def test_the_trend_compares_the_last_four_weeks_with_the_four_before(
    pupil: Callable[..., Enrolment],
    absences: Callable[..., Any],
    year: SchoolYear,
    before: int,
    recent: int,
    direction: str,
) -> None:
    lina = pupil()
    today = date(2026, 3, 27)  # a Friday
    if before:
        absences(lina, before, start=date(2026, 2, 2))  # 5 to 8 weeks ago
    if recent:
        absences(lina, recent, start=date(2026, 3, 9))  # 1 to 3 weeks ago
    absences(lina, 10, start=date(2025, 10, 6))  # long ago: not in either window
    trend = absence_trend(
        organisation_id=lina.organisation_id,
        person_id=lina.person_id,
        school_year=year,
        today=today,
    )
    assert (trend.before, trend.recent, trend.direction) == (before, recent, direction)
    word = {"rising": "En hausse", "stable": "Stable", "falling": "En baisse"}[direction]
    assert trend.words.startswith(word)


def test_the_inbox_lists_open_signals_first_then_newest_first(
    pupil: Callable[..., Enrolment],
    absences: Callable[..., Any],
    coordinator: User,
    member: User,
    org_a: Organisation,
) -> None:
    lead = acting(coordinator, org_a, "coordinator")
    old_open = threshold_signal(pupil("Ali"), absences, start=date(2025, 9, 1))
    new_closed = threshold_signal(pupil("Bea"), absences, start=date(2025, 11, 3))
    new_open = threshold_signal(pupil("Cem"), absences, start=date(2025, 10, 6))
    signalling.signal_close(actor=lead, signal=new_closed, reason="Doublon")
    signalling.signal_assign(actor=lead, signal=old_open, worker=member)
    assert list(signal_rows(lead)) == [new_open, old_open, new_closed]
    assert list(signal_rows(lead, status="open")) == [new_open, old_open]
    assert list(signal_rows(lead, status=SignalStatus.CLOSED)) == [new_closed]
    assert list(signal_rows(lead, assigned="none")) == [new_open, new_closed]
    assert list(signal_rows(lead, assigned=str(member.pk))) == [old_open]
    assert list(signal_rows(acting(member, org_a, "field_worker"), assigned="me")) == [old_open]
    assert list(signal_rows(lead, source="family")) == []
