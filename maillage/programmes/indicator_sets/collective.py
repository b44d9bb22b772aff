"""Indicators of the catalogue: collective action (activities, sessions, attendance).

Attendance hours are counted from grouped rows (one per kind of activity and session times),
so the number of rows read depends on the timetable's variety, not on the attendance.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from maillage.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Registration,
    Session,
)
from maillage.casework.models import AgeBand
from maillage.core import stats
from maillage.people.models import Gender, Person
from maillage.programmes.indicator_sets.common import (
    age_band_at,
    choice_labels,
    hours,
    margins,
    minutes_between,
    named_labels,
    scoped,
    span,
)
from maillage.programmes.indicators import Axis, Counts, Period, Scope, indicator


def _by_kind(counts: dict[Any, int]) -> dict[Any, Any]:
    return choice_labels(ActivityKind, counts)


@indicator(
    "collective.activities",
    label=_("Collective activities"),
    axis=Axis.COLLECTIVE,
    people=False,
)
def activities(scope: Scope, period: Period) -> Counts:
    """Activities running at some point of the period (first day on or before its end,
    last day on or after its start), by kind."""
    running = Activity.objects.filter(
        scoped(scope), starts_on__lte=period.end, ends_on__gte=period.start
    )
    by_kind = stats.count_by(running, "kind")
    return Counts(
        total=sum(by_kind.values()),
        breakdowns=[(_("By kind"), by_kind, _by_kind(by_kind))],
    )


@indicator("collective.sessions", label=_("Sessions held"), axis=Axis.COLLECTIVE, people=False)
def sessions(scope: Scope, period: Period) -> Counts:
    """Sessions dated in the period, by kind of activity."""
    held = Session.objects.filter(scoped(scope, "activity"), date__range=span(period))
    by_kind = stats.count_by(held, "activity__kind")
    return Counts(
        total=sum(by_kind.values()),
        breakdowns=[(_("By kind of activity"), by_kind, _by_kind(by_kind))],
    )


def present_persons(scope: Scope, period: Period) -> QuerySet[Registration, int]:
    """The ids of the persons present at one of the scope's sessions dated in the period
    (a person registered twice appears twice: a set for `pk__in`).

    Registrations with one such attendance, not the persons of every attendance: a
    semi-join stops at the first attendance of each registration, so the work grows with
    the registrations, not with the sessions they attended (issue 18, P5).
    """
    attended = Attendance.objects.filter(
        registration=OuterRef("pk"), present=True, session__date__range=span(period)
    )
    return (
        Registration.objects.filter(scoped(scope), Exists(attended))
        .values_list("person_id", flat=True)
        .order_by()
    )


@indicator(
    "collective.participants",
    label=_("Participants (distinct young people)"),
    axis=Axis.COLLECTIVE,
)
def participants(scope: Scope, period: Period) -> Counts:
    """Distinct young people recorded present at one session or more dated in the period,
    by gender and age band (on the last day of the period). Anonymous participants (a
    school class's headcount) are not people known by name: see `school_animations`."""
    # The persons of a set of ids, not a COUNT(DISTINCT) over every attendance: one hashed
    # semi-join (issue 8, P5).
    rows = (
        Person.objects.filter(scoped(scope), pk__in=present_persons(scope, period))
        .order_by()
        .annotate(band=age_band_at("birth_date", period.end))
        .values("gender", "band")
        .annotate(n=Count("pk"))
    )
    # A person has one gender and one birth date: the cells of the cube do not overlap.
    cube = Counter({(r["gender"], r["band"]): r["n"] for r in rows})
    by_gender, by_band = margins(cube, 0), margins(cube, 1)
    return Counts(
        total=sum(cube.values()),
        breakdowns=[
            (_("By gender"), by_gender, choice_labels(Gender, by_gender)),
            (_("By age band"), by_band, choice_labels(AgeBand, by_band)),
        ],
    )


@indicator(
    "collective.attendance_hours",
    label=_("Attendance hours"),
    axis=Axis.COLLECTIVE,
    people=False,
)
def attendance_hours(scope: Scope, period: Period) -> Counts:
    """Hours spent by participants at the sessions dated in the period: for each session,
    its length times the participants present by name plus its anonymous headcount; by
    kind of activity, in whole hours."""
    within = span(period)
    # Two queries: joining attendances to sessions would repeat each session's headcount.
    named = (
        Attendance.objects.filter(
            scoped(scope, "session", "session__activity"),
            present=True,
            session__date__range=within,
        )
        .order_by()
        .values("session__activity__kind", "session__starts_at", "session__ends_at")
        .annotate(n=Count("pk"))
    )
    anonymous = (
        Session.objects.filter(scoped(scope, "activity"), date__range=within, headcount__gt=0)
        .order_by()
        .values("activity__kind", "starts_at", "ends_at")
        .annotate(n=Sum("headcount"))
    )
    minutes: Counter[Any] = Counter()
    for row in named:
        length = minutes_between(row["session__starts_at"], row["session__ends_at"])
        minutes[row["session__activity__kind"]] += length * row["n"]
    for counted in anonymous:
        length = minutes_between(counted["starts_at"], counted["ends_at"])
        minutes[counted["activity__kind"]] += length * (counted["n"] or 0)
    by_kind = {kind: hours(m, per=60) for kind, m in minutes.items()}
    return Counts(
        total=hours(sum(minutes.values()), per=60),
        breakdowns=[(_("By kind of activity"), by_kind, _by_kind(by_kind))],
    )


@indicator(
    "collective.school_animations",
    label=_("Pupils met in school animations"),
    axis=Axis.COLLECTIVE,
)
def school_animations(scope: Scope, period: Period) -> Counts:
    """Pupils met in school animations: a school animation records its class as a
    headcount on each session, not by name. An animation counts its largest headcount
    of the period's sessions (the same class seen three times is one class), by commune."""
    rows = (
        Session.objects.filter(
            scoped(scope, "activity"),
            date__range=span(period),
            activity__kind=ActivityKind.SCHOOL_ANIMATION,
        )
        .order_by()
        .values("activity_id", "activity__commune_id", "activity__commune__name")
        .annotate(pupils=Max("headcount"))
    )
    by_commune: Counter[Any] = Counter()
    names: dict[Any, str] = {}
    for row in rows:
        by_commune[row["activity__commune_id"]] += row["pupils"] or 0
        names[row["activity__commune_id"]] = row["activity__commune__name"]
    return Counts(
        total=sum(by_commune.values()),
        breakdowns=[(_("By commune"), dict(by_commune), named_labels(names))],
    )
