"""What a period report holds: the indicators of the catalogue grouped into the sections of an
AMO's yearly activity report, each with its targets and narrative, and the programme's budget.

Everything here comes from the statistics layer (`indicators.compute_all`) or from the
programme's own records (titles of programmes, projects, organisations, budget lines, amounts):
never a person. The same contents feed the HTML page, the PDF and the workbook, whether the
report is made by the background job or by `maillage report`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.models import Organisation
from maillage.programmes import indicators
from maillage.programmes.indicators import CATALOGUE, Axis, Period, Result
from maillage.programmes.models import (
    BudgetLine,
    FundedProject,
    IndicatorTarget,
    Programme,
    Spending,
)
from maillage.programmes.scopes import scope_of_organisation, scope_of_programme

# Indicators whose axis is none of the report's sections (reach, say) open the report.
GENERAL = "general"

Progress = Callable[[int, int], None]


def section_keys() -> list[str]:
    """The sections a narrative may be written for, in the report's order."""
    return [GENERAL, *Axis.values]


def section_title(key: str) -> str:
    if key == GENERAL:
        return _("Overview")
    return str(Axis(key).label)


@dataclass(frozen=True)
class Target:
    start: date
    end: date
    value: int


@dataclass
class Line:
    """One indicator in a section, with the targets of the programme that overlap the period."""

    result: Result
    targets: list[Target] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    narrative: str
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class ProjectBudget:
    organisation: str
    title: str
    granted: Decimal
    spent: Decimal


@dataclass(frozen=True)
class LineBudget:
    label: str
    planned: Decimal
    spent: Decimal


@dataclass(frozen=True)
class Budget:
    envelope: Decimal
    granted: Decimal
    spent: Decimal  # during the period
    spent_to_date: Decimal  # from the programme's start to the period's end
    lines: list[LineBudget]
    projects: list[ProjectBudget]

    @property
    def remaining(self) -> Decimal:
        return self.envelope - self.spent_to_date


@dataclass
class Contents:
    title: str
    organisation: str
    programme: str
    period: Period
    organisations: list[str]
    sections: list[Section]
    budget: Budget | None
    generated_on: date

    @property
    def lines(self) -> list[tuple[Section, Line]]:
        return [(section, line) for section in self.sections for line in section.lines]


def default_title(organisation: Organisation, programme: Programme | None, period: Period) -> str:
    who = programme.title if programme else organisation.name
    start, end = period.start, period.end
    if (start.month, start.day, end.month, end.day, start.year) == (1, 1, 12, 31, end.year):
        return _("Activity report %(year)s — %(who)s") % {"year": start.year, "who": who}
    return _("Activity report %(start)s – %(end)s — %(who)s") % {
        "start": period.start.strftime("%d/%m/%Y"),
        "end": period.end.strftime("%d/%m/%Y"),
        "who": who,
    }


def _targets(programme: Programme | None, period: Period) -> dict[str, list[Target]]:
    if programme is None:
        return {}
    found: dict[str, list[Target]] = {}
    rows = IndicatorTarget.objects.filter(
        programme=programme, period_start__lte=period.end, period_end__gte=period.start
    ).order_by("indicator", "period_start")
    for row in rows:
        found.setdefault(row.indicator, []).append(
            Target(row.period_start, row.period_end, row.target)
        )
    return found


def _money(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)


def budget_of(programme: Programme, period: Period) -> Budget:
    """Envelope, grants, and the spending of the period and up to its end: a few aggregates."""
    in_period = {"spent_on__gte": period.start, "spent_on__lte": period.end}
    spendings = Spending.objects.filter(programme=programme)
    lines = (
        BudgetLine.objects.filter(programme=programme)
        .annotate(
            spent_in=Sum("spendings__amount", filter=_q(in_period, "spendings__")),
        )
        .order_by("label")
    )
    projects = (
        FundedProject.objects.filter(programme=programme)
        .select_related("organisation")
        .annotate(spent_in=Sum("spendings__amount", filter=_q(in_period, "spendings__")))
        .order_by("organisation__name", "title")
    )
    return Budget(
        envelope=programme.envelope,
        granted=_money(
            FundedProject.objects.filter(programme=programme).aggregate(s=Sum("amount"))["s"]
        ),
        spent=_money(spendings.filter(**in_period).aggregate(s=Sum("amount"))["s"]),
        spent_to_date=_money(
            spendings.filter(spent_on__lte=period.end).aggregate(s=Sum("amount"))["s"]
        ),
        lines=[LineBudget(line.label, line.planned, _money(line.spent_in)) for line in lines],
        projects=[
            ProjectBudget(p.organisation.name, p.title, p.amount, _money(p.spent_in))
            for p in projects
        ],
    )


def _q(lookups: Mapping[str, object], prefix: str) -> Q:
    return Q(**{prefix + key: value for key, value in lookups.items()})


def build(
    *,
    organisation: Organisation,
    programme: Programme | None,
    period: Period,
    title: str = "",
    narratives: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> Contents:
    """Compute the report: one `compute_all` per section, so that progress can be told."""
    scope = scope_of_programme(programme) if programme else scope_of_organisation(organisation)
    narratives = narratives or {}
    targets = _targets(programme, period)
    by_section: dict[str, list[str]] = {key: [] for key in section_keys()}
    for code, item in CATALOGUE.items():
        by_section[item.axis if item.axis in Axis.values else GENERAL].append(code)
    sections = []
    keys = section_keys()
    for done, key in enumerate(keys):
        if progress:
            progress(done, len(keys))
        codes = by_section[key]
        results = indicators.compute_all(scope, period, codes=codes) if codes else []
        if key == GENERAL and not results and not narratives.get(key):
            continue  # no overview to show
        sections.append(
            Section(
                key=key,
                title=section_title(key),
                narrative=narratives.get(key, ""),
                lines=[Line(result, targets.get(result.code, [])) for result in results],
            )
        )
    names = Organisation.objects.filter(pk__in=scope.organisation_ids).order_by("name")
    return Contents(
        title=title or default_title(organisation, programme, period),
        organisation=organisation.name,
        programme=programme.title if programme else "",
        period=period,
        organisations=list(names.values_list("name", flat=True)),
        sections=sections,
        budget=budget_of(programme, period) if programme else None,
        generated_on=timezone.localdate(),
    )
