"""Reads of the schools, pupils and rules pages: each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth

from maillage.core.scoping import current_organisation_id
from maillage.schooling.models import (
    Absence,
    AbsenceStatus,
    Enrolment,
    School,
    SchoolYear,
    ThresholdRule,
)
from maillage.schooling.thresholds import ADULT_AGE, ensure_default_rules

RECENT_ABSENCES = 20
COUNTED: tuple[str, ...] = (
    AbsenceStatus.UNJUSTIFIED,
    AbsenceStatus.JUSTIFIED,
    AbsenceStatus.LATE,
)


def school_rows(user: Any, year: SchoolYear, *, text: str = "", mine: bool = False) -> Any:
    """Schools and CPMS of the directory, with how many pupils the user's team follows there
    in `year`."""
    org_id = current_organisation_id(user)
    ours = Q(enrolments__organisation_id=org_id, enrolments__school_year=year)
    rows = (
        School.objects.visible_to(user)
        .select_related("organisation", "organisation__commune")
        .annotate(pupils=Count("enrolments", filter=ours))
    )
    for word in text.split():
        rows = rows.filter(
            Q(organisation__name__icontains=word)
            | Q(fwb_number__startswith=word)
            | Q(organisation__commune__name__icontains=word)
        )
    if mine:
        rows = rows.filter(pupils__gt=0)
    return rows.order_by("organisation__name", "pk")


def unjustified_count() -> Coalesce:
    """Per enrolment row: the pupil's unjustified half-days in its school year, counted as
    the thresholds count them (per person and school year, whatever the school)."""
    counted = (
        Absence.objects.filter(
            organisation_id=OuterRef("organisation_id"),
            person_id=OuterRef("person_id"),
            school_year_id=OuterRef("school_year_id"),
            status=AbsenceStatus.UNJUSTIFIED,
        )
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def school_pupils(user: Any, school: School, year: SchoolYear) -> QuerySet[Enrolment]:
    """The team's pupils of `school` in `year`, most unjustified half-days first."""
    return (
        Enrolment.objects.visible_to(user)
        .filter(school=school, school_year=year)
        .select_related("person")
        .annotate(unjustified=unjustified_count())
        .order_by("-unjustified", "person__last_name", "person__first_name", "pk")
    )


def age_on(birth_date: date | None, day: date) -> int | None:
    if birth_date is None:
        return None
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def rule_applies(
    rule: ThresholdRule, *, birth_date: date | None, grade: int | None, on: date
) -> bool:
    """As the recompute decides it: unknown birth dates count as minors."""
    age = age_on(birth_date, on)
    adult = age is not None and age >= ADULT_AGE
    degree_ok = (
        rule.from_degree is not None and grade is not None and grade >= 2 * rule.from_degree - 1
    )
    return bool(
        (rule.applies_to_minors and not adult) or (rule.applies_to_adults and adult) or degree_ok
    )


def reached_rules(
    rules: list[ThresholdRule], enrolment: Enrolment, count: int, on: date
) -> list[ThresholdRule]:
    """The active rules whose threshold the pupil has reached, for the badges."""
    return [
        rule
        for rule in rules
        if rule.is_active
        and count >= rule.half_days
        and rule_applies(rule, birth_date=enrolment.person.birth_date, grade=enrolment.grade, on=on)
    ]


def active_rules(user: Any) -> list[ThresholdRule]:
    """The team's rules in force; the decree's defaults if it has none yet."""
    org_id = current_organisation_id(user)
    if org_id is not None:
        ensure_default_rules(org_id)
    return list(ThresholdRule.objects.visible_to(user).filter(is_active=True))


def badge_day(year: SchoolYear, today: date) -> date:
    """The day a pupil's age is taken for a badge: today, or the last day of a past year."""
    return min(today, year.ends_on)


@dataclass
class MonthRow:
    month: date
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def unjustified(self) -> int:
        return self.counts.get(AbsenceStatus.UNJUSTIFIED, 0)

    @property
    def justified(self) -> int:
        return self.counts.get(AbsenceStatus.JUSTIFIED, 0)

    @property
    def late(self) -> int:
        return self.counts.get(AbsenceStatus.LATE, 0)


def _months(first: date, last: date) -> list[date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)
    return months


def pupil_absences(user: Any, enrolment: Enrolment) -> QuerySet[Absence]:
    """The pupil's absences of the enrolment's school year in the team (any school)."""
    return Absence.objects.visible_to(user).filter(
        person_id=enrolment.person_id, school_year_id=enrolment.school_year_id
    )


def absences_by_month(
    user: Any, enrolment: Enrolment, today: date
) -> tuple[list[MonthRow], MonthRow]:
    """Half-days per month and status over the school year until this month (one aggregate
    query), and the totals."""
    year = enrolment.school_year
    by_status = {status: Count("pk", filter=Q(status=status)) for status in COUNTED}
    rows = (
        pupil_absences(user, enrolment)
        .order_by()
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(**by_status)
    )
    found: dict[date, Any] = {row["month"]: row for row in rows}
    months = []
    totals = MonthRow(month=year.starts_on, counts=dict.fromkeys(COUNTED, 0))
    for month in _months(year.starts_on, min(year.ends_on, today)):
        row = found.get(month, {})
        counts: dict[str, int] = {status: int(row.get(status) or 0) for status in COUNTED}
        for status, n in counts.items():
            totals.counts[status] += n
        months.append(MonthRow(month=month, counts=counts))
    return months, totals


def recent_absences(user: Any, enrolment: Enrolment) -> list[Absence]:
    return list(
        pupil_absences(user, enrolment)
        .defer("reason")
        .order_by("-date", "-half_day")[:RECENT_ABSENCES]
    )
