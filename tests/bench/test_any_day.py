"""The benchmarks give the same figures whatever the day they run: a holiday camp lands in the
school holidays, the absence file finds its school year in the summer too, the reports ask
for the data's own year. The clock is moved with time-machine, as a run on that day would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from maillage.activities.models import ActivityKind, SchoolHoliday
from maillage.activities.rules import activity_errors
from maillage.bench.context import Actor
from maillage.bench.figures.p2_import import latest_year_with_pupils
from maillage.bench.figures.p6_registrations import prepare
from maillage.bench.options import Options
from maillage.core.models import Organisation, User
from maillage.core.roles import Role
from maillage.demo.holidays import ensure_school_holidays, holiday_week
from maillage.people.models import Person
from maillage.schooling.models import Enrolment, School
from maillage.schooling.school_years import school_year_of

FIRST, LAST = date(2026, 1, 1), date(2027, 12, 31)


def every_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def camp_refusal(monday: date, friday: date) -> list[str]:
    """What the camp rule says of a camp on those days (nothing: accepted)."""
    errors = activity_errors(
        kind=ActivityKind.CAMP,
        starts_on=monday,
        ends_on=friday,
        age_min=6,
        age_max=16,
        places=10,
        school="",
    )
    return errors.get("starts_on", [])


@pytest.mark.django_db
def test_a_holiday_week_follows_every_day_of_two_years() -> None:
    ensure_school_holidays(FIRST - timedelta(days=400), LAST + timedelta(days=400))
    for day in every_day(FIRST, LAST):
        monday, friday = holiday_week(after=day)
        assert day < monday <= day + timedelta(days=120), day
        assert (monday.weekday(), (friday - monday).days) == (0, 4), day
        assert camp_refusal(monday, friday) == [], day


@pytest.mark.django_db
def test_a_holiday_week_keeps_to_an_administrators_corrected_dates() -> None:
    ensure_school_holidays(FIRST, LAST)
    # The administrator moved the 2026 autumn holidays a week later than the approximation.
    autumn = SchoolHoliday.objects.get(name="Congé d'automne 2026")
    autumn.starts_on += timedelta(days=7)
    autumn.ends_on += timedelta(days=7)
    autumn.save()

    monday, friday = holiday_week(after=date(2026, 10, 1))

    assert autumn.starts_on <= monday and friday <= autumn.ends_on
    assert camp_refusal(monday, friday) == []


@pytest.mark.django_db
def test_without_a_recorded_calendar_the_week_is_in_the_approximated_holidays() -> None:
    monday, friday = holiday_week(after=date(2026, 12, 7))

    assert (monday, friday) == (date(2026, 12, 21), date(2026, 12, 25))
    assert not SchoolHoliday.objects.exists()  # a benchmark never writes the calendar


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    # The day this fix was written (thirty days later fell outside the winter holidays), a day
    # inside the winter holidays, the eve of the summer and a day in mid-summer.
    [date(2026, 12, 7), date(2026, 12, 28), date(2027, 7, 2), date(2027, 8, 10)],
)
def test_the_registration_figure_prepares_its_camp_on_any_day(
    today: date,
    org_a: Organisation,
    make_user: Callable[..., User],
) -> None:
    ensure_school_holidays(date(2026, 1, 1), date(2028, 12, 31))
    user = make_user("bench@a.example", (org_a, Role.COORDINATOR))
    with time_machine.travel(datetime(today.year, today.month, today.day, 9, tzinfo=UTC)):
        activity, children = prepare(Actor(user, org_a), Options(registrations=3, places=2), run=0)

    assert activity.kind == ActivityKind.CAMP and activity.starts_on > today
    assert len(children) == 3


@pytest.fixture
def enrolled_in(org_a: Organisation, make_org: Callable[..., Organisation]) -> Any:
    school = School.objects.create(organisation=make_org("Athénée Exemple"), fwb_number="1234")

    def enrol(start_year: int) -> Enrolment:
        person = Person.objects.create(organisation=org_a, first_name="Lina", last_name="Ex")
        return Enrolment.objects.create(
            organisation=org_a,
            person=person,
            school=school,
            school_year=school_year_of(start_year),
            matricule=f"M{person.pk}",
        )

    return enrol


@pytest.mark.django_db
@pytest.mark.parametrize(
    "yesterday", [date(2026, 3, 10), date(2026, 7, 20), date(2026, 9, 2), date(2027, 11, 5)]
)
def test_the_import_figure_finds_the_last_year_with_pupils_in_any_season(
    yesterday: date, enrolled_in: Callable[[int], Enrolment]
) -> None:
    enrolled_in(2024)
    pupils_year = enrolled_in(2025).school_year
    school_year_of(2026)  # the next year is known, but nobody is enrolled in it yet

    assert latest_year_with_pupils(yesterday) == pupils_year
