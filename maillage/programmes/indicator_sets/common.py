"""What the indicator modules share: the period and scope filters, labels with an "unknown"
row, the age band of a birth date as a SQL expression, and hours from minutes or decimals.

Every helper here builds or reads aggregates: no identity leaves these modules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case, CharField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from maillage.casework.models import AgeBand
from maillage.programmes.indicators import Period, Scope

UNKNOWN = ""
NOT_KNOWN = _("Not known")
# Lowest age of each band after the first, in the order of casework's AgeBand.
_BAND_FLOORS = ((12, AgeBand.UNDER_12), (15, AgeBand.AGE_12_14), (18, AgeBand.AGE_15_17))


def span(period: Period) -> tuple[date, date]:
    """The period as a `__range` lookup value (both bounds included)."""
    return (period.start, period.end)


def scoped(scope: Scope, *joined: str) -> Q:
    """Rows of the scope's organisations; `joined` names the relations the query joins
    (`session`, `registration__person`…), each restricted to the same organisations.

    The rows an activity or a follow-up is made of all belong to its organisation (a
    registration's person too: only the activity's organisation registers its own files),
    so restricting the joined tables changes no count. It changes the plan: PostgreSQL
    reads those tables by their organisation's index instead of hashing them whole, and
    no longer overestimates the rows tenfold (which also set off its JIT compiler, a third
    of a yearly report's time).
    """
    condition = Q(organisation_id__in=scope.organisation_ids)
    for relation in joined:
        condition &= Q(**{f"{relation}__organisation_id__in": scope.organisation_ids})
    return condition


def choice_labels(choices: Any, counts: Mapping[Any, int] = {}) -> dict[Any, Any]:
    """The labels of a TextChoices in order, then "not known" when some count has no value
    (blank or null): `compute` keeps only the keys it is given labels for."""
    labels: dict[Any, Any] = {value: label for value, label in choices.choices}
    for key in counts:
        if key not in labels and counts[key]:
            labels[key] = NOT_KNOWN
    return labels


def named_labels(names: Mapping[Any, str | None]) -> dict[Any, Any]:
    """Labels of keys (ids) with a name, ordered by name; None (no value) last."""
    known = sorted((name or "", key) for key, name in names.items() if key is not None)
    labels: dict[Any, Any] = {key: name for name, key in known}
    if None in names:
        labels[None] = NOT_KNOWN
    return labels


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_band_at(field: str, on: date) -> Case:
    """The casework age band of the birth date in `field` on the day `on`, in SQL.

    Someone is at least N years old on `on` when born on or before `on` minus N years, so
    each band is a comparison with a date computed here, the same on both engines.
    """
    whens = [When(**{f"{field}__isnull": True}, then=Value(UNKNOWN))]
    for floor, band in _BAND_FLOORS:
        whens.append(When(**{f"{field}__gt": years_before(on, floor)}, then=Value(band.value)))
    whens.append(
        When(**{f"{field}__gt": years_before(on, 22)}, then=Value(AgeBand.AGE_18_21.value))
    )
    return Case(*whens, default=Value(AgeBand.OVER_21.value), output_field=CharField())


def hours(value: Decimal | int | float | None, *, per: int = 1) -> int:
    """Whole hours (half up) of `value` units of 1/`per` hour: minutes with per=60."""
    exact = Decimal(value or 0) / per
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def margins(cube: Mapping[tuple[Any, ...], int], *axes: int) -> dict[Any, int]:
    """The counts of a cube {(a, b, c…): n} summed onto some of its axes."""
    counts: Counter[Any] = Counter()
    for key, n in cube.items():
        picked = tuple(key[a] for a in axes)
        counts[picked if len(picked) > 1 else picked[0]] += n
    return dict(counts)


def minutes_between(starts: Any, ends: Any) -> int:
    """Minutes from one time of day to a later one (session and meeting times)."""
    start = timedelta(hours=starts.hour, minutes=starts.minute)
    end = timedelta(hours=ends.hour, minutes=ends.minute)
    return int((end - start).total_seconds() // 60)
