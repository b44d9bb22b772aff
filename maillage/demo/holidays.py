"""The FWB school calendar for the demo: the school holidays as data, and the public holidays.

The demo records the holidays it needs so camps can be placed inside them (the rule of
`activities.rules.within_school_holidays`) and weekly workshops can skip them. The dates
follow the pattern of the reformed calendar (since the school year 2022-2023); they are
APPROXIMATIONS, not the decree: an administrator checks each year's dates against the official
calendar and corrects them in the admin (Collective axis › School holidays).
"""

from __future__ import annotations

from datetime import date, timedelta

from maillage.activities.models import SchoolHoliday
from maillage.activities.rules import within_school_holidays

DAY = timedelta(days=1)
FORTNIGHT = timedelta(days=13)
REFORM = 2022  # the first school year of the reformed calendar


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, (b, c) = year % 19, divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * shift) // 451
    month, day = divmod(h + shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def next_weekday(day: date, weekday: int) -> date:
    """`day` itself or the first day after it falling on `weekday` (0 = Monday)."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def public_holidays(year: int) -> set[date]:
    """Belgian public holidays of `year`, and New Year's Day of the next."""
    fixed = [(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25)]
    sunday = easter(year)
    return (
        {date(year, month, day) for month, day in fixed}
        | {sunday + timedelta(days=n) for n in (1, 39, 50)}  # Easter and Whit Mondays, Ascension
        | {date(year + 1, 1, 1)}
    )


def school_year_start(year: int) -> date:
    """Approximation: the first Monday on or after 24 August."""
    return next_weekday(date(year, 8, 24), 0)


def school_year_of(day: date) -> int:
    """The year in which the school year holding `day` began (summer counts as the past one)."""
    return day.year if day >= school_year_start(day.year) else day.year - 1


def fwb_holidays(year: int) -> list[tuple[str, date, date]]:
    """The holidays of the school year beginning in `year`, weekends around them included.

    Approximations of the reformed pattern: autumn, the two weeks ending with the week of
    1 November; winter, two weeks from the Monday of the week of 26 December; carnival
    (« congé de détente »), two weeks from carnival Monday (Easter - 48 days: mid-February to
    early March); spring, two weeks from the Monday nearest 1 May; summer, from the Saturday
    after the first Friday of July to the eve of the next school year.
    """
    autumn = monday_of(date(year, 11, 1)) - timedelta(days=7)
    winter = monday_of(date(year, 12, 26))
    carnival = easter(year + 1) - timedelta(days=48)
    may_first = date(year + 1, 5, 1)
    # From a Friday, the Monday after is nearer than the one before.
    spring = monday_of(may_first) if may_first.weekday() <= 3 else next_weekday(may_first, 0)
    summer = next_weekday(date(year + 1, 7, 1), 4) + DAY
    return [
        (f"Congé d'automne {year}", autumn, autumn + FORTNIGHT),
        (f"Vacances d'hiver {year}-{year + 1}", winter, winter + FORTNIGHT),
        (f"Congé de détente {year + 1}", carnival, carnival + FORTNIGHT),
        (f"Vacances de printemps {year + 1}", spring, spring + FORTNIGHT),
        (f"Vacances d'été {year + 1}", summer, school_year_start(year + 1) - DAY),
    ]


def holiday_week(*, after: date) -> tuple[date, date]:
    """The Monday and Friday of the first week of school holidays that begins after `after`:
    a holiday camp placed there passes `within_school_holidays` whatever the day.

    The recorded calendar comes first (an administrator's dates win); the approximations of
    `fwb_holidays` fill the years nobody recorded. The rule itself decides, so the two can
    never disagree. Nothing is recorded: a benchmark must not change the calendar."""
    recorded = SchoolHoliday.objects.filter(ends_on__gt=after).order_by("starts_on")
    periods = [(h.starts_on, h.ends_on) for h in recorded]
    for year in range(after.year - 1, after.year + 2):
        periods += [(start, end) for _name, start, end in fwb_holidays(year)]
    for start, end in sorted(periods):
        # Weekends next to a period count as holidays (the rule says so too).
        monday = next_weekday(max(start - 2 * DAY, after + DAY), 0)
        friday = monday + 4 * DAY
        if friday <= end + 2 * DAY and within_school_holidays(monday, friday):
            return monday, friday
    raise LookupError(f"no week of school holidays within a year after {after}")


def ensure_school_holidays(first: date, last: date) -> list[SchoolHoliday]:
    """The holidays between `first` and `last`, recording the missing ones (never before the
    reform). A period overlapping one already recorded is left alone: an administrator's
    dates win over the approximation."""
    recorded = list(SchoolHoliday.objects.filter(starts_on__lte=last, ends_on__gte=first))
    new: list[SchoolHoliday] = []
    for year in range(max(REFORM, first.year - 1), last.year + 1):
        for name, start, end in fwb_holidays(year):
            clash = any(h.starts_on <= end and start <= h.ends_on for h in recorded + new)
            if end >= first and start <= last and not clash:
                new.append(SchoolHoliday(name=name, starts_on=start, ends_on=end))
    SchoolHoliday.objects.bulk_create(new)
    return sorted(recorded + new, key=lambda h: h.starts_on)
