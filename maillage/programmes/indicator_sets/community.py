"""Indicators of the catalogue: community action (projects, observations, consultations).

Observations and consultations never name anyone; a consultation records how many young
people took part, a headcount, which is still a count of people and suppressed as such.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from maillage.community.models import (
    ConsultationMethod,
    Observation,
    ObservationSource,
    Project,
    ProjectKind,
    ProjectStatus,
    Theme,
    YouthConsultation,
)
from maillage.core import stats
from maillage.programmes.indicator_sets.common import choice_labels, margins, scoped, span
from maillage.programmes.indicators import Axis, Counts, Period, Scope, indicator


@indicator("community.projects", label=_("Community projects"), axis=Axis.COMMUNITY, people=False)
def projects(scope: Scope, period: Period) -> Counts:
    """Projects run by the scope's organisations and under way at some point of the period:
    started on or before its end (or, without a start date, created by then) and not ended
    before its start (no end date: still running). By status today and by kind."""
    started = Q(starts_on__lte=period.end) | Q(
        starts_on__isnull=True, created_at__date__lte=period.end
    )
    not_ended = Q(ends_on__isnull=True) | Q(ends_on__gte=period.start)
    rows = (
        Project.objects.filter(scoped(scope))
        .filter(started, not_ended)
        .order_by()
        .values("status", "kind")
        .annotate(n=Count("pk"))
    )
    cube: Counter[tuple[Any, ...]] = Counter({(r["status"], r["kind"]): r["n"] for r in rows})
    by_status, by_kind = margins(cube, 0), margins(cube, 1)
    return Counts(
        total=sum(cube.values()),
        breakdowns=[
            (_("By status"), by_status, choice_labels(ProjectStatus)),
            (_("By kind"), by_kind, choice_labels(ProjectKind)),
        ],
    )


@indicator(
    "community.observations",
    label=_("Field observations"),
    axis=Axis.COMMUNITY,
    people=False,
)
def observations(scope: Scope, period: Period) -> Counts:
    """Observations dated in the period, by theme and by source."""
    rows = (
        Observation.objects.filter(scoped(scope), date__range=span(period))
        .order_by()
        .values("theme", "source")
        .annotate(n=Count("pk"))
    )
    cube: Counter[tuple[Any, ...]] = Counter({(r["theme"], r["source"]): r["n"] for r in rows})
    by_theme, by_source = margins(cube, 0), margins(cube, 1)
    return Counts(
        total=sum(cube.values()),
        breakdowns=[
            (_("By theme"), by_theme, choice_labels(Theme)),
            (_("By source"), by_source, choice_labels(ObservationSource)),
        ],
    )


@indicator(
    "community.consultations",
    label=_("Youth consultations"),
    axis=Axis.COMMUNITY,
    people=False,
)
def consultations(scope: Scope, period: Period) -> Counts:
    """Youth consultations held in the period, by method."""
    held = YouthConsultation.objects.filter(scoped(scope), date__range=span(period))
    by_method = stats.count_by(held, "method")
    return Counts(
        total=sum(by_method.values()),
        breakdowns=[(_("By method"), by_method, choice_labels(ConsultationMethod))],
    )


@indicator(
    "community.consultation_participants",
    label=_("Young people consulted"),
    axis=Axis.COMMUNITY,
)
def consultation_participants(scope: Scope, period: Period) -> Counts:
    """The young people who took part in the period's youth consultations: the sum of the
    headcounts each consultation records (someone consulted twice counts twice: nobody is
    named), by method."""
    rows = (
        YouthConsultation.objects.filter(scoped(scope), date__range=span(period))
        .order_by()
        .values("method")
        .annotate(n=Sum("participants"))
    )
    by_method = {row["method"]: row["n"] or 0 for row in rows}
    return Counts(
        total=sum(by_method.values()),
        breakdowns=[(_("By method"), by_method, choice_labels(ConsultationMethod))],
    )
