"""reach.young_people: distinct young people across the axes, by hand-computed fixtures."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from maillage.casework.models import AgeBand
from maillage.core.models import Commune, Organisation
from maillage.people.models import Gender
from maillage.programmes.catalogue import CATALOGUE
from maillage.programmes.indicator_sets.reach import young_people
from maillage.programmes.indicators import compute
from tests.programmes.test_indicators_builders import (
    AFTER,
    BEFORE,
    YEAR,
    Build,
    build_fixture,  # noqa: F401  (the `build` fixture)
    scope_of,
)


def breakdown(counts: Any, index: int) -> dict[Any, int]:
    """A breakdown's non-zero cells, by key."""
    return {k: v for k, v in counts.breakdowns[index][1].items() if v}


def test_a_young_person_in_every_axis_counts_once(build: Build, org_a: Organisation) -> None:
    young = build.person(org_a)
    request = build.request(org_a, person=young)
    build.intervention(build.followup(request))
    workshop = build.activity(org_a)
    build.attend(build.session(workshop), build.registration(workshop, young))
    build.signal(org_a, young)
    build.participant(org_a, young)

    counts = young_people(scope_of(org_a), YEAR)

    assert counts.total == 1
    assert breakdown(counts, 0) == {"F": 1}


def test_reached_young_people_by_gender_age_band_and_commune(
    build: Build, org_a: Organisation, commune: Commune
) -> None:
    ixelles = Commune.objects.get(name="Ixelles")
    # 15 on the last day of the period; reached by a request and an attended session.
    girl = build.person(org_a, gender="F", born=date(2010, 3, 1))
    build.request(org_a, person=girl)
    workshop = build.activity(org_a)
    build.attend(build.session(workshop), build.registration(workshop, girl))
    # 25: reached only by a session.
    man = build.person(org_a, gender="M", born=date(2000, 1, 1), commune=ixelles)
    build.attend(
        build.session(workshop, starts=time(9, 0), ends=time(10, 0)),
        build.registration(workshop, man),
    )
    # No birth date nor commune known: reached by a signal.
    unknown = build.person(org_a, gender="F", born=None)
    unknown.commune = None
    unknown.save()
    build.signal(org_a, unknown)
    # Anonymous: one received in the period, one before it but met in the period.
    build.request(org_a, gender="X", age_band="12-14", commune=commune)
    earlier = build.request(org_a, on=BEFORE, gender="M", age_band="18-21", commune=ixelles)
    build.intervention(build.followup(earlier, opened=BEFORE))

    counts = young_people(scope_of(org_a), YEAR)

    assert counts.total == 5
    assert breakdown(counts, 0) == {"F": 2, "M": 2, "X": 1}
    assert breakdown(counts, 1) == {"15-17": 1, "22+": 1, "": 1, "12-14": 1, "18-21": 1}
    assert breakdown(counts, 2) == {commune.pk: 2, ixelles.pk: 2, None: 1}
    assert counts.breakdowns[2][2][ixelles.pk] == "Ixelles"


def test_age_band_is_the_age_on_the_last_day_of_the_period(
    build: Build, org_a: Organisation
) -> None:
    for born in (date(2007, 12, 31), date(2008, 1, 1), date(2004, 1, 1), date(2003, 12, 31)):
        build.request(org_a, person=build.person(org_a, born=born))

    counts = young_people(scope_of(org_a), YEAR)

    assert breakdown(counts, 1) == {
        AgeBand.AGE_15_17: 1,  # 17 on 31 December 2025
        AgeBand.AGE_18_21: 2,  # 18 that day, and 21 (22 only on 1 January)
        AgeBand.OVER_21: 1,  # 22
    }


def test_rows_outside_the_period_are_not_counted(build: Build, org_a: Organisation) -> None:
    before = build.person(org_a)
    build.request(org_a, person=before, on=BEFORE)
    after = build.person(org_a)
    build.signal(org_a, after, on=AFTER)
    absent = build.person(org_a)
    workshop = build.activity(org_a)
    build.attend(build.session(workshop), build.registration(workshop, absent), present=False)
    late = build.person(org_a)
    build.participant(org_a, late, entered=AFTER)
    build.request(org_a, on=AFTER, gender="F", age_band="12-14")
    on_first_day = build.person(org_a)
    build.request(org_a, person=on_first_day, on=YEAR.start)
    on_last_day = build.person(org_a)
    build.signal(org_a, on_last_day, on=YEAR.end)

    assert young_people(scope_of(org_a), YEAR).total == 2


def test_only_the_scope_s_organisations_are_counted(
    build: Build, org_a: Organisation, org_b: Organisation
) -> None:
    build.request(org_a, person=build.person(org_a))
    other = build.person(org_b)
    build.signal(org_b, other)
    build.request(org_b, gender="M", age_band="15-17")

    assert young_people(scope_of(org_a), YEAR).total == 1
    assert young_people(scope_of(org_b), YEAR).total == 2
    # Persons belong to one organisation: the scope's count is the sum of each one's.
    assert young_people(scope_of(org_a, org_b), YEAR).total == 3


def test_small_cells_are_suppressed_with_a_second_cell(build: Build, org_a: Organisation) -> None:
    for gender, how_many in (("F", 3), ("M", 6), ("X", 7)):
        for _ in range(how_many):
            build.request(org_a, person=build.person(org_a, gender=gender))

    result = compute("reach.young_people", scope_of(org_a), YEAR)

    assert str(result.total) == "16"
    by_gender = result.breakdowns[0].table.as_dict()
    assert by_gender == {
        str(Gender.FEMALE.label): "<5",  # 3: primary suppression
        str(Gender.MALE.label): "×",  # 6, the smallest other cell: secondary suppression
        str(Gender.OTHER.label): "7",
    }
    assert result.breakdowns[0].table.has_masked


def test_the_indicator_is_in_the_catalogue_as_a_count_of_people() -> None:
    assert CATALOGUE["reach.young_people"].people is True
