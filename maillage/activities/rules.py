"""Checks shared by the writes of the collective axis."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from maillage.activities.models import Activity, ActivityKind, SchoolHoliday
from maillage.core.scoping import current_organisation_id


def require_own(actor: Any, activity: Activity) -> None:
    """Only the organisation that runs an activity changes it (partners read the calendar)."""
    if current_organisation_id(actor) != activity.organisation_id:
        raise PermissionDenied


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_in_range(activity: Activity, birth_date: date | None) -> bool:
    """Age on the first day of the activity. Unknown birth dates are not refused."""
    if birth_date is None:
        return True
    age = age_on(birth_date, activity.starts_on)
    if activity.age_min is not None and age < activity.age_min:
        return False
    return activity.age_max is None or age <= activity.age_max


def activity_errors(
    *,
    kind: str,
    starts_on: date,
    ends_on: date,
    age_min: int | None,
    age_max: int | None,
    places: int | None,
    school: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if ends_on < starts_on:
        errors["ends_on"] = [_("The last day cannot be before the first day.")]
    if age_min is not None and age_max is not None and age_max < age_min:
        errors["age_max"] = [_("The maximum age cannot be below the minimum age.")]
    if kind == ActivityKind.SCHOOL_ANIMATION and not school.strip():
        errors["school"] = [_("Name the school of the class.")]
    if kind == ActivityKind.CAMP:
        if places is None:
            errors["places"] = [_("A holiday camp needs a number of places.")]
        if "ends_on" not in errors and not within_school_holidays(starts_on, ends_on):
            errors["starts_on"] = [
                _(
                    "A holiday camp takes place during the school holidays. Recorded holidays "
                    "around these dates: %(holidays)s."
                )
                % {"holidays": holidays_near(starts_on)}
            ]
    return errors


def within_school_holidays(starts_on: date, ends_on: date) -> bool:
    """True inside one recorded holiday period, or when no calendar is recorded for that
    time of year (the check needs the year's dates; an administrator enters them)."""
    nearby = SchoolHoliday.objects.filter(
        starts_on__lte=date(ends_on.year + 1, 1, 1), ends_on__gte=date(starts_on.year - 1, 12, 31)
    )
    if not nearby.exists():
        return True
    # Weekends next to a holiday period are part of it.
    return any(
        h.starts_on.toordinal() - 2 <= starts_on.toordinal()
        and ends_on.toordinal() <= h.ends_on.toordinal() + 2
        for h in nearby
    )


def holidays_near(day: date) -> str:
    periods = SchoolHoliday.objects.filter(
        ends_on__gte=date(day.year, 1, 1), starts_on__lte=date(day.year, 12, 31)
    )
    return ", ".join(str(p) for p in periods) or "—"
