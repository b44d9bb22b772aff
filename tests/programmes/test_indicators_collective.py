"""Collective axis: activities, sessions, participants, attendance hours, school classes."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from maillage.activities.models import ActivityKind
from maillage.core.models import Commune, Organisation
from maillage.programmes.indicator_sets import collective
from maillage.programmes.indicators import Counts
from tests.programmes.test_indicators_builders import (
    AFTER,
    BEFORE,
    YEAR,
    Build,
    build_fixture,  # noqa: F401  (the `build` fixture)
    scope_of,
)


def cells(counts: Counts, index: int = 0) -> dict[Any, int]:
    return {k: v for k, v in counts.breakdowns[index][1].items() if v}


@pytest.fixture
def activities(build: Build, org_a: Organisation, org_b: Organisation) -> None:
    workshop = build.activity(org_a)
    build.activity(org_a, kind=ActivityKind.CAMP, starts=date(2024, 7, 1), ends=date(2024, 8, 31))
    animation = build.activity(
        org_a, kind=ActivityKind.SCHOOL_ANIMATION, starts=date(2025, 3, 1), ends=date(2025, 3, 31)
    )
    event = build.activity(org_a, kind=ActivityKind.EVENT, starts=YEAR.end, ends=AFTER)

    s1 = build.session(workshop)  # 14:00-16:00
    early = build.session(workshop, on=BEFORE)
    build.session(animation, on=date(2025, 3, 10), starts=time(9), ends=time(11), headcount=22)
    build.session(animation, on=date(2025, 3, 17), starts=time(9), ends=time(10), headcount=25)
    build.session(event, on=AFTER, headcount=100)

    girl = build.person(org_a, gender="F")
    boy = build.person(org_a, gender="M", born=date(2006, 5, 5))
    away = build.person(org_a, gender="M")
    before = build.person(org_a, gender="X")
    build.attend(s1, build.registration(workshop, girl))
    build.attend(s1, build.registration(workshop, boy))
    build.attend(s1, build.registration(workshop, away), present=False)
    build.attend(early, build.registration(workshop, before))

    theirs = build.activity(org_b)
    build.attend(build.session(theirs), build.registration(theirs, build.person(org_b)))


@pytest.mark.usefixtures("activities")
class TestCollectiveAxis:
    def test_activities_running_in_the_period_by_kind(self, org_a: Organisation) -> None:
        counts = collective.activities(scope_of(org_a), YEAR)
        assert counts.total == 3
        assert cells(counts) == {"workshop": 1, "school_animation": 1, "event": 1}

    def test_sessions_held_in_the_period(self, org_a: Organisation) -> None:
        counts = collective.sessions(scope_of(org_a), YEAR)
        assert counts.total == 3
        assert cells(counts) == {"workshop": 1, "school_animation": 2}

    def test_participants_are_the_distinct_present_young_people(self, org_a: Organisation) -> None:
        counts = collective.participants(scope_of(org_a), YEAR)
        assert counts.total == 2
        assert cells(counts, 0) == {"F": 1, "M": 1}
        assert cells(counts, 1) == {"15-17": 1, "18-21": 1}

    def test_attendance_hours_count_names_and_headcounts(self, org_a: Organisation) -> None:
        counts = collective.attendance_hours(scope_of(org_a), YEAR)
        # Workshop: 2 present × 2 h. Animation: 22 × 2 h + 25 × 1 h.
        assert cells(counts) == {"workshop": 4, "school_animation": 69}
        assert counts.total == 73

    def test_school_animations_count_the_largest_class_of_each(
        self, org_a: Organisation, commune: Commune
    ) -> None:
        counts = collective.school_animations(scope_of(org_a), YEAR)
        assert counts.total == 25
        assert cells(counts) == {commune.pk: 25}

    def test_the_other_organisation_s_sessions_are_its_own(self, org_b: Organisation) -> None:
        assert collective.sessions(scope_of(org_b), YEAR).total == 1
        assert collective.participants(scope_of(org_b), YEAR).total == 1


def test_a_participant_counts_once_whatever_their_registrations_and_sessions(
    build: Build, org_a: Organisation
) -> None:
    workshop = build.activity(org_a)
    camp = build.activity(org_a, kind=ActivityKind.CAMP)
    inside, before = build.session(workshop), build.session(workshop, on=BEFORE)
    # Present in the period in two activities, and before it too: one participant.
    twice = build.person(org_a, gender="F")
    first = build.registration(workshop, twice)
    build.attend(before, first)
    build.attend(inside, first)
    build.attend(build.session(camp), build.registration(camp, twice))
    # Present only before the period, absent inside it: not a participant of the period.
    earlier = build.person(org_a, gender="M")
    theirs = build.registration(workshop, earlier)
    build.attend(before, theirs)
    build.attend(inside, theirs, present=False)

    counts = collective.participants(scope_of(org_a), YEAR)

    assert counts.total == 1
    assert cells(counts, 0) == {"F": 1}


@pytest.mark.usefixtures("activities")
def test_a_scope_of_two_organisations_counts_the_sum_of_each(
    org_a: Organisation, org_b: Organisation
) -> None:
    both = scope_of(org_a, org_b)
    assert collective.participants(both, YEAR).total == 3
    assert collective.sessions(both, YEAR).total == 4
    # B's session (14:00-16:00) with its one participant adds 2 hours to A's 73.
    assert collective.attendance_hours(both, YEAR).total == 75
