"""The reads behind the home-page panels of `programmes/panels.py`: aggregates computed in
SQL, a fixed number of queries whatever the size of the data, and every count of people
through the statistics layer. Nothing here returns a young person's identity.

The team's figures (interventions, overdue next steps) are counted over the organisation's
rows directly rather than through `visible_to`: a coordinator sees that follow-ups exist and
who works on them (casework.access), and counts reveal no more than that.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncWeek
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from maillage.activities.models import Session
from maillage.casework.models import Assignment, FollowUp, Intervention, Status
from maillage.core import stats
from maillage.programmes.indicators import CATALOGUE, Period, Result, Scope, compute
from maillage.programmes.models import FundedProject, IndicatorTarget, Programme, Spending

ACTIVE = (Status.OPEN, Status.PAUSED)
TEAM_DAYS = 30
# The director's short list: the first indicator of each axis, in this order (the catalogue
# registers an axis's headline figure first), after those the organisation has targets for.
DIRECTOR_PREFIXES = ("reach.", "individual.", "collective.", "community.", "schooling.")
DIRECTOR_LIMIT = 5
PROGRAMME_LIMIT = 4
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _monday(day: date | datetime) -> date:
    day = day.date() if isinstance(day, datetime) else day
    return day - timedelta(days=day.weekday())


def _by_week(rows: Iterable[Mapping[str, Any]]) -> dict[date, int]:
    return {_monday(row["week"]): row["n"] for row in rows}


@dataclass(frozen=True)
class TeamActivity:
    interventions: stats.Table
    sessions: stats.Table


def team_activity(org_id: int, today: date) -> TeamActivity:
    """Interventions and sessions of the organisation over the last 30 days, by week (two
    grouped queries)."""
    since = today - timedelta(days=TEAM_DAYS - 1)
    weeks = []
    monday = _monday(since)
    while monday <= today:
        weeks.append(monday)
        monday += timedelta(days=7)
    interventions = _by_week(
        Intervention.objects.filter(organisation_id=org_id, date__range=(since, today))
        .annotate(week=TruncWeek("date"))
        .order_by()
        .values("week")
        .annotate(n=Count("pk"))
    )
    sessions = _by_week(
        Session.objects.filter(organisation_id=org_id, date__range=(since, today))
        .annotate(week=TruncWeek("date"))
        .order_by()
        .values("week")
        .annotate(n=Count("pk"))
    )

    def label(week: date) -> str:
        return _("Week of %(date)s") % {"date": f"{week:%d/%m}"}

    return TeamActivity(
        interventions=stats.measures({label(w): interventions.get(w, 0) for w in weeks}),
        sessions=stats.measures({label(w): sessions.get(w, 0) for w in weeks}),
    )


@dataclass(frozen=True)
class WorkerCount:
    worker: str
    count: int


def overdue_by_worker(org_id: int, today: date) -> tuple[int, list[WorkerCount]]:
    """How many open or paused follow-ups have a next step overdue, and how many per worker
    assigned (a follow-up with two workers counts for each). Counts and workers' names only."""
    overdue = Q(status__in=ACTIVE, next_step_due__lt=today)
    total = FollowUp.objects.filter(overdue, organisation_id=org_id).count()
    if not total:
        return 0, []
    rows = (
        Assignment.objects.filter(
            organisation_id=org_id,
            followup__status__in=ACTIVE,
            followup__next_step_due__lt=today,
        )
        .order_by()
        .values("worker_id", "worker__first_name", "worker__last_name", "worker__email")
        .annotate(n=Count("followup_id", distinct=True))
    )
    workers = [
        WorkerCount(
            f"{row['worker__first_name']} {row['worker__last_name']}".strip()
            or row["worker__email"],
            row["n"],
        )
        for row in rows
    ]
    workers.sort(key=lambda w: (-w.count, w.worker))
    return total, workers


@dataclass(frozen=True)
class IndicatorFigure:
    result: Result
    target: int | None
    programme: str
    chart: Any = None


def director_codes(with_targets: Iterable[str]) -> list[str]:
    """The indicators shown to a director: those with a target first, then the first of each
    axis prefix; if the catalogue has none of these, its first indicators."""
    chosen = [code for code in with_targets if code in CATALOGUE]
    for prefix in DIRECTOR_PREFIXES:
        first = next((code for code in CATALOGUE if code.startswith(prefix)), None)
        if first is not None and first not in chosen:
            chosen.append(first)
    if not chosen:
        chosen = list(CATALOGUE)
    return list(dict.fromkeys(chosen))[:DIRECTOR_LIMIT]


# The home dashboards' figures since 1 January are aggregates (small cells suppressed) of
# a team or a network, the same for every member allowed to see them: kept a few minutes,
# they spare each visit the scan of a year of attendances (issue 8, P5).
DASHBOARD_CACHE_SECONDS = 5 * 60


def _cached[T](name: str, key: object, compute_figures: Callable[[], T]) -> T:
    cache_key = f"programmes.dashboard.{name}.{hashlib.sha256(repr(key).encode()).hexdigest()}"
    return cast(T, cache.get_or_set(cache_key, compute_figures, DASHBOARD_CACHE_SECONDS))


def director_figures(org_id: int, today: date) -> list[IndicatorFigure]:
    """The organisation's key indicators since 1 January, each with the target of a
    programme it coordinates whose period includes today (one query for the targets, then
    each indicator's own queries: a bounded number), kept a few minutes."""
    return _cached("director", (org_id, today), lambda: _director_figures(org_id, today))


def _director_figures(org_id: int, today: date) -> list[IndicatorFigure]:
    targets: dict[str, tuple[int, str]] = {}
    for row in (
        IndicatorTarget.objects.filter(
            programme__organisation_id=org_id, period_start__lte=today, period_end__gte=today
        )
        .order_by("period_end", "pk")
        .values("indicator", "target", "programme__title")
    ):
        targets.setdefault(row["indicator"], (row["target"], row["programme__title"]))
    scope = Scope((org_id,))
    period = Period(date(today.year, 1, 1), today)
    figures = []
    for code in director_codes(targets):
        target, programme = targets.get(code, (None, ""))
        figures.append(IndicatorFigure(compute(code, scope, period), target, programme))
    return figures


@dataclass(frozen=True)
class MoneyCell(stats.Cell):
    """A cell of euros for a chart: its bar never goes below zero, its text is the amount."""

    text: str = ""

    def __str__(self) -> str:
        return self.text


def euros(amount: Decimal | int) -> str:
    return f"{number_format(Decimal(amount), 0, use_l10n=True, force_grouping=True)} €"


def money_table(rows: Iterable[tuple[str, Decimal]]) -> stats.Table:
    cells: list[tuple[Any, stats.Cell]] = [
        (label, MoneyCell(max(int(amount), 0), text=euros(amount))) for label, amount in rows
    ]
    return stats.Table(rows=cells, total=stats.Cell(None, masked=False))


@dataclass
class ProgrammeFigures:
    programme: Programme
    projects: int
    granted: Decimal
    spent: Decimal
    remaining: Decimal
    table: stats.Table = field(init=False)

    def __post_init__(self) -> None:
        self.table = money_table(
            [
                (_("Envelope"), self.programme.envelope),
                (_("Granted to projects"), self.granted),
                (_("Spent"), self.spent),
                (_("Remaining"), self.remaining),
            ]
        )


def _sum_of(model: Any, column: str) -> Coalesce:
    total = (
        model.objects.filter(programme=OuterRef("pk"))
        .order_by()
        .values("programme")
        .annotate(s=Sum(column))
        .values("s")
    )
    return Coalesce(Subquery(total, output_field=MONEY), Decimal(0), output_field=MONEY)


def programme_figures(user: Any) -> tuple[int, list[ProgrammeFigures]]:
    """The programmes the user's organisation coordinates, latest first: funded projects,
    envelope, granted, spent and remaining (one query, subqueries for the sums so that the
    joins do not multiply them), and how many there are."""
    projects = (
        FundedProject.objects.filter(programme=OuterRef("pk"))
        .order_by()
        .values("programme")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        Programme.objects.managed_by(user)
        .annotate(
            n_projects=Coalesce(Subquery(projects), 0),
            granted=_sum_of(FundedProject, "amount"),
            spent=_sum_of(Spending, "amount"),
        )
        .only("pk", "title", "envelope", "starts_on", "ends_on", "organisation_id")
        .order_by("-ends_on", "title")[: PROGRAMME_LIMIT + 1]
    )
    shown = [
        ProgrammeFigures(p, p.n_projects, p.granted, p.spent, p.envelope - p.spent)  # type: ignore[attr-defined]
        for p in rows[:PROGRAMME_LIMIT]
    ]
    count = (
        len(rows) if len(rows) <= PROGRAMME_LIMIT else Programme.objects.managed_by(user).count()
    )
    return count, shown


@dataclass(frozen=True)
class CommuneFigures:
    reached: stats.Table
    requests: stats.Table

    @property
    def rows(self) -> list[tuple[Any, stats.Cell, stats.Cell]]:
        return [
            (label, reached, requests)
            for (label, reached), (_l, requests) in zip(
                self.reached.rows, self.requests.rows, strict=True
            )
        ]


def statistics_scope(org_id: int) -> tuple[int, ...]:
    """A statistics viewer's organisation and those funded by the programmes it coordinates:
    an alderman or a funder looks at the network they pay for."""
    funded = FundedProject.objects.filter(programme__organisation_id=org_id).values_list(
        "organisation_id", flat=True
    )
    return tuple(sorted({org_id, *funded}))


def _by_commune(code: str, scope: Scope, period: Period) -> tuple[dict[Any, int], dict[Any, Any]]:
    """The raw commune breakdown of a catalogue indicator, and its labels."""
    counts = CATALOGUE[code].compute(scope, period)
    title = str(_("By commune"))
    for name, raw, labels in counts.breakdowns:
        if str(name) == title:
            return dict(raw), dict(labels)
    return {}, {}


def by_commune(org_ids: tuple[int, ...], today: date) -> CommuneFigures:
    """`_by_commune_figures`, kept a few minutes."""
    return _cached("communes", (org_ids, today), lambda: _by_commune_figures(org_ids, today))


def _by_commune_figures(org_ids: tuple[int, ...], today: date) -> CommuneFigures:
    """Young people reached and requests received since 1 January, by commune, suppressed:
    the catalogue's `reach.young_people` and `individual.requests`, side by side, so the
    panel and the reports say the same. A young person known to two organisations counts in
    each: records are not linked across organisations."""
    scope, period = Scope(org_ids), Period(date(today.year, 1, 1), today)
    reached, reached_labels = _by_commune("reach.young_people", scope, period)
    requests, request_labels = _by_commune("individual.requests", scope, period)
    labels = {**reached_labels, **request_labels}
    named = sorted((k for k in labels if k is not None), key=lambda k: str(labels[k]))
    order: list[Any] = [*named, *([None] if None in labels else [])]
    return CommuneFigures(
        reached=stats.table(reached, order).relabel(lambda k: labels[k]),
        requests=stats.table(requests, order).relabel(lambda k: labels[k]),
    )
