"""Schooling axis: signals raised and resolved, and the ESF+ tables by organisation ids."""

from __future__ import annotations

from typing import Any

from maillage.core.models import Organisation
from maillage.programmes.indicator_sets import schooling
from maillage.programmes.indicators import Counts
from maillage.schooling.models import (
    AgeBand,
    EsfGender,
    Isced,
    LabourStatus,
    ResultMoment,
    SignalSource,
    SignalStatus,
)
from tests.programmes.test_indicators_builders import (
    AFTER,
    BEFORE,
    INSIDE,
    YEAR,
    Build,
    build_fixture,  # noqa: F401  (the `build` fixture)
    scope_of,
)


def cells(counts: Counts, index: int = 0) -> dict[Any, int]:
    return {k: v for k, v in counts.breakdowns[index][1].items() if v}


def test_signals_raised_by_source_and_resolved(
    build: Build, org_a: Organisation, org_b: Organisation
) -> None:
    pupil = build.person(org_a)
    request = build.request(org_a, person=pupil)
    followup = build.followup(request, opened=INSIDE)
    build.signal(
        org_a, pupil, source=SignalSource.SCHOOL, status=SignalStatus.FOLLOWED_UP, followup=followup
    )
    build.signal(
        org_a,
        pupil,
        on=YEAR.start,
        source=SignalSource.THRESHOLD,
        status=SignalStatus.CLOSED,
        closed_on=AFTER,
    )
    build.signal(
        org_a,
        pupil,
        on=BEFORE,
        source=SignalSource.FAMILY,
        status=SignalStatus.CLOSED,
        closed_on=INSIDE,
    )
    build.signal(org_b, build.person(org_b))
    scope = scope_of(org_a)

    raised = schooling.signals(scope, YEAR)
    resolved = schooling.signals_resolved(scope, YEAR)

    assert raised.total == 2
    assert cells(raised) == {"school": 1, "threshold": 1}
    assert resolved.total == 2
    assert cells(resolved) == {"followed_up": 1, "closed": 1}


def test_esf_entries_exits_and_results(
    build: Build, org_a: Organisation, org_b: Organisation
) -> None:
    p1 = build.participant(org_a, build.person(org_a), exited_on=YEAR.end)
    build.participant(
        org_a,
        build.person(org_a),
        entered=YEAR.start,
        gender=EsfGender.MAN,
        age_band=AgeBand.AGE_18_29,
        labour_status=LabourStatus.UNEMPLOYED,
        isced=Isced.ISCED_3_4,
    )
    p3 = build.participant(
        org_a,
        build.person(org_a),
        entered=BEFORE,
        gender=EsfGender.NON_BINARY,
        exited_on=INSIDE,
    )
    p4 = build.participant(org_a, build.person(org_a), entered=BEFORE, exited_on=BEFORE)
    build.participant(org_a, build.person(org_a), entered=AFTER)
    build.participant(org_b, build.person(org_b))
    build.result(p1, exit_on=YEAR.end)
    build.result(p1, exit_on=YEAR.end, moment=ResultMoment.WEEKS_4, in_education_or_training=True)
    build.result(p3, exit_on=INSIDE)
    build.result(p3, exit_on=INSIDE, moment=ResultMoment.WEEKS_4, employed=True)
    build.result(
        p3, exit_on=INSIDE, moment=ResultMoment.MONTHS_6, employed=True, qualification_gained=True
    )
    build.result(p4, exit_on=BEFORE)
    build.result(p4, exit_on=BEFORE, moment=ResultMoment.MONTHS_6, employed=True)
    scope = scope_of(org_a)

    entries = schooling.esf_entries(scope, YEAR)
    assert entries.total == 2
    assert cells(entries, 0) == {"woman": 1, "man": 1}
    assert cells(entries, 1) == {"under_18": 1, "18_29": 1}
    assert cells(entries, 2) == {"neet": 1, "unemployed": 1}
    assert cells(entries, 3) == {"0-2": 1, "3-4": 1}
    assert cells(entries, 4) == {("woman", "under_18"): 1, ("man", "18_29"): 1}

    exits = schooling.esf_exits(scope, YEAR)
    assert exits.total == 2
    assert cells(exits) == {"woman": 1, "non_binary": 1}

    four = schooling.esf_results_4_weeks(scope, YEAR)
    assert four.total == 2
    assert cells(four) == {"in_education_or_training": 1, "employed": 1}
    six = schooling.esf_results_6_months(scope, YEAR)
    assert six.total == 1
    assert cells(six) == {"employed": 1, "qualification_gained": 1}
