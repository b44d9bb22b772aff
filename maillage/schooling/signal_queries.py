"""Reads of the signal inbox: the list, its counts, a pupil's absence curve and trend.

Each function is a fixed number of queries whatever the number of signals or absences: the
curve is one aggregate grouped by week, the trend one aggregate with two filtered counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.validation import parse_id
from maillage.schooling.models import (
    Absence,
    AbsenceStatus,
    SchoolYear,
    Signal,
    SignalStatus,
    ThresholdRule,
)

OPEN = (SignalStatus.NEW, SignalStatus.ACKNOWLEDGED)
# What the list pages and the inbox never need to decrypt.
_SECRETS = ("details", "person__phone", "person__email", "person__address")

ASSIGNED_ME, ASSIGNED_NONE = "me", "none"
TREND_WEEKS = 4
# One half-day either way is noise, not a change of course.
TREND_TOLERANCE = 1


def signal_rows(
    user: Any, *, status: str = "", source: str = "", assigned: str = ""
) -> QuerySet[Signal]:
    """The inbox: open signals first, newest first. `assigned` is `me`, `none` or a user's
    primary key; `status` is one of SignalStatus or `open`."""
    rows = Signal.objects.visible_to(user)
    if status == "open":
        rows = rows.filter(status__in=OPEN)
    elif status:
        rows = rows.filter(status=status)
    if source:
        rows = rows.filter(source=source)
    if assigned == ASSIGNED_ME:
        rows = rows.filter(assigned_to=user)
    elif assigned == ASSIGNED_NONE:
        rows = rows.filter(assigned_to__isnull=True)
    elif (worker := parse_id(assigned)) is not None:
        rows = rows.filter(assigned_to_id=worker)
    return (
        rows.select_related("person", "school__organisation", "rule", "assigned_to")
        .defer(*_SECRETS)
        .annotate(
            is_open=Case(
                When(status__in=OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("is_open", "-raised_on", "-pk")
    )


def signal_for_page(user: Any) -> QuerySet[Signal]:
    return Signal.objects.visible_to(user).select_related(
        "person",
        "school__organisation",
        "rule",
        "school_year",
        "assigned_to",
        "acknowledged_by",
        "followup",
    )


def inbox_counts(user: Any) -> dict[str, int]:
    """New, unassigned and assigned-to-me open signals, in one query."""
    counts: dict[str, int] = Signal.objects.visible_to(user).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN)),
        new=Count("pk", filter=Q(status=SignalStatus.NEW)),
        unassigned=Count("pk", filter=Q(status__in=OPEN, assigned_to__isnull=True)),
        mine=Count("pk", filter=Q(status__in=OPEN, assigned_to=user)),
    )
    return counts


# The chart's drawing area, in the SVG's own units (it scales to the page's width).
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 16, 36
MIN_TICK_GAP = 30


@dataclass(frozen=True)
class Week:
    starts_on: date
    half_days: int
    cumulative: int
    x: float
    y: float


@dataclass(frozen=True)
class Line:
    """A threshold rule drawn across the chart."""

    half_days: int
    label: str
    y: float
    reached: bool


@dataclass(frozen=True)
class Tick:
    value: str
    at: float


@dataclass(frozen=True)
class Trend:
    recent: int
    before: int
    direction: str  # rising, stable or falling

    @property
    def words(self) -> str:
        counts = {"recent": self.recent, "before": self.before}
        if self.direction == "rising":
            text = ngettext(
                "Rising: %(recent)s unjustified half-day in the last 4 weeks, against "
                "%(before)s in the 4 weeks before.",
                "Rising: %(recent)s unjustified half-days in the last 4 weeks, against "
                "%(before)s in the 4 weeks before.",
                self.recent,
            )
        elif self.direction == "falling":
            text = ngettext(
                "Falling: %(recent)s unjustified half-day in the last 4 weeks, against "
                "%(before)s in the 4 weeks before.",
                "Falling: %(recent)s unjustified half-days in the last 4 weeks, against "
                "%(before)s in the 4 weeks before.",
                self.recent,
            )
        else:
            text = ngettext(
                "Stable: %(recent)s unjustified half-day in the last 4 weeks, against "
                "%(before)s in the 4 weeks before.",
                "Stable: %(recent)s unjustified half-days in the last 4 weeks, against "
                "%(before)s in the 4 weeks before.",
                self.recent,
            )
        return text % counts


@dataclass(frozen=True)
class Curve:
    """A pupil's cumulative unjustified half-days by school week, ready to draw."""

    school_year: SchoolYear
    weeks: list[Week]
    total: int
    lines: list[Line]
    trend: Trend
    y_max: int
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    bottom_edge: int = HEIGHT - BOTTOM
    top: int = TOP

    @property
    def points(self) -> str:
        """The polyline, starting from zero at the first school week."""
        if not self.weeks:
            return ""
        start = f"{self.weeks[0].x:.1f},{self.bottom_edge:.1f}"
        return " ".join([start, *(f"{w.x:.1f},{w.y:.1f}" for w in self.weeks)])

    @property
    def summary(self) -> str:
        reached = [line.label for line in self.lines if line.reached]
        text = ngettext(
            "%(total)s unjustified half-day in the school year %(year)s.",
            "%(total)s unjustified half-days in the school year %(year)s.",
            self.total,
        ) % {"total": self.total, "year": self.school_year.label}
        if reached:
            text += " " + _("Thresholds reached: %(rules)s.") % {"rules": ", ".join(reached)}
        return f"{text} {self.trend.words}"


def _as_date(value: date | datetime) -> date:
    # A backend may hand the truncated week back as a datetime.
    return value.date() if isinstance(value, datetime) else value


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _reference_day(school_year: SchoolYear, today: date | None) -> date:
    """Today, or the last day of a school year that is over."""
    today = today or timezone.localdate()
    return min(today, school_year.ends_on)


def _direction(recent: int, before: int) -> str:
    if recent > before + TREND_TOLERANCE:
        return "rising"
    if recent < before - TREND_TOLERANCE:
        return "falling"
    return "stable"


def absence_trend(
    *, organisation_id: int, person_id: int, school_year: SchoolYear, today: date | None = None
) -> Trend:
    """Unjustified half-days in the last 4 weeks against the 4 weeks before (one query)."""
    end = _reference_day(school_year, today)
    middle = end - timedelta(weeks=TREND_WEEKS)
    start = middle - timedelta(weeks=TREND_WEEKS)
    counts = Absence.objects.filter(
        organisation_id=organisation_id,
        person_id=person_id,
        school_year=school_year,
        status=AbsenceStatus.UNJUSTIFIED,
        date__gt=start,
        date__lte=end,
    ).aggregate(
        recent=Count("pk", filter=Q(date__gt=middle)),
        before=Count("pk", filter=Q(date__lte=middle)),
    )
    return Trend(counts["recent"], counts["before"], _direction(counts["recent"], counts["before"]))


def _y_max(top_value: int) -> int:
    """A round top for the vertical axis, above the highest point or threshold."""
    step = 5 if top_value <= 40 else 10 if top_value <= 100 else 50
    return max(step, ((top_value // step) + 1) * step)


def absence_curve(
    *, organisation_id: int, person_id: int, school_year: SchoolYear, today: date | None = None
) -> Curve:
    """The pupil's curve for the school year, up to today (or the year's end), with the
    organisation's active threshold rules: three queries whatever the number of absences."""
    rows = (
        Absence.objects.filter(
            organisation_id=organisation_id,
            person_id=person_id,
            school_year=school_year,
            status=AbsenceStatus.UNJUSTIFIED,
        )
        .annotate(week=TruncWeek("date"))
        .values_list("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
        .order_by()
    )
    by_week: dict[date, int] = {_as_date(week): n for week, n in rows}
    rules = list(
        ThresholdRule.objects.filter(organisation_id=organisation_id, is_active=True)
        .order_by("half_days", "pk")
        .values_list("half_days", "label")
    )
    first = _monday(school_year.starts_on)
    last = _monday(_reference_day(school_year, today))
    # Absences recorded after the reference day (an import dated ahead) still count.
    if by_week:
        last = max(last, max(by_week))
    starts = []
    day = first
    while day <= last:
        starts.append(day)
        day += timedelta(weeks=1)
    total = sum(by_week.values())
    y_max = _y_max(max([total, *(h for h, _label in rules)]))
    plot_w = WIDTH - RIGHT - LEFT
    plot_h = HEIGHT - BOTTOM - TOP
    span = max(len(starts) - 1, 1)

    def y_of(value: int) -> float:
        return HEIGHT - BOTTOM - plot_h * value / y_max

    weeks: list[Week] = []
    running = 0
    for index, start in enumerate(starts):
        count = by_week.get(start, 0)
        running += count
        weeks.append(Week(start, count, running, LEFT + plot_w * index / span, y_of(running)))
    step = y_max // 5
    y_ticks = [Tick(str(v), y_of(v)) for v in range(0, y_max + 1, step)]
    # A tick at each month's first school week, unless it would overwrite the previous one
    # (a year starting in the last week of August).
    x_ticks: list[Tick] = []
    month = 0
    for week in weeks:
        if week.starts_on.month != month:
            month = week.starts_on.month
            if x_ticks and week.x - x_ticks[-1].at < MIN_TICK_GAP:
                x_ticks.pop()
            x_ticks.append(Tick(date_format(week.starts_on, "M"), week.x))
    lines = [Line(h, label, y_of(h), total >= h) for h, label in rules]
    trend = absence_trend(
        organisation_id=organisation_id,
        person_id=person_id,
        school_year=school_year,
        today=today,
    )
    return Curve(
        school_year=school_year,
        weeks=weeks,
        total=total,
        lines=lines,
        trend=trend,
        y_max=y_max,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )
