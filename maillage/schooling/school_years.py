"""The FWB school calendar: which school year a date belongs to.

Since 2022 the school year runs from the last Monday of August to the first Friday of July;
before, from 1 September to 30 June. Rows of `SchoolYear` are created from this rule the first
time a date needs them; an administrator corrects a row when a decree moves a date, and the
row, not the rule, is what counts from then on.
"""

from __future__ import annotations

from datetime import date, timedelta

from maillage.schooling.models import SchoolYear

REFORM_YEAR = 2022
MONDAY, FRIDAY = 0, 4


def label(start_year: int) -> str:
    return f"{start_year}-{start_year + 1}"


def fwb_bounds(start_year: int) -> tuple[date, date]:
    """First and last day of the school year starting in `start_year`, by the rule."""
    if start_year < REFORM_YEAR:
        return date(start_year, 9, 1), date(start_year + 1, 6, 30)
    last_of_august = date(start_year, 8, 31)
    first = last_of_august - timedelta(days=(last_of_august.weekday() - MONDAY) % 7)
    first_of_july = date(start_year + 1, 7, 1)
    last = first_of_july + timedelta(days=(FRIDAY - first_of_july.weekday()) % 7)
    return first, last


def school_year_of(start_year: int) -> SchoolYear:
    """The row of a school year, created from the rule if it does not exist yet."""
    starts_on, ends_on = fwb_bounds(start_year)
    year, _created = SchoolYear.objects.get_or_create(
        label=label(start_year), defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    return year


def school_year_for(day: date) -> SchoolYear | None:
    """The school year `day` falls in, or None for a day of the summer holidays."""
    for start_year in (day.year, day.year - 1):
        year = school_year_of(start_year)
        if year.contains(day):
            return year
    return None


def current_school_year(today: date) -> SchoolYear:
    """The school year under way, or during the summer the one about to start."""
    return school_year_for(today) or school_year_of(today.year)
