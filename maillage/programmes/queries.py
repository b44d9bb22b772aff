"""Reads of programmes that pages share. Each is a fixed number of queries, whatever the
number of programmes, projects or spendings: totals are sums in SQL, not loops."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from maillage.core import stats
from maillage.core.charts import bar_chart
from maillage.core.scoping import current_organisation_id
from maillage.programmes.indicators import CATALOGUE
from maillage.programmes.models import (
    BudgetLine,
    FundedProject,
    IndicatorTarget,
    Programme,
    Spending,
)
from maillage.programmes.rules import money

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal(0), output_field=MONEY)
LATEST_SPENDING = 10


def _sum_of(model: type[Any], field: str = "amount") -> Coalesce:
    """The sum of `model.field` over the rows of the outer programme, as a subquery: two
    sums over two joins would multiply each other's rows."""
    rows = (
        model.objects.filter(programme=OuterRef("pk"))
        .order_by()
        .values("programme")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=MONEY), ZERO, output_field=MONEY)


def with_totals(rows: QuerySet[Programme]) -> QuerySet[Programme]:
    """Annotate `granted` (funded projects), `spent` and `remaining` (envelope − spent)."""
    return rows.annotate(granted=_sum_of(FundedProject), spent=_sum_of(Spending)).annotate(
        remaining=F("envelope") - F("spent")
    )


def programme_rows(user: Any) -> QuerySet[Programme]:
    """The programmes the user sees, with their totals: one query."""
    return with_totals(Programme.objects.visible_to(user).select_related("organisation")).order_by(
        "-starts_on", "title", "pk"
    )


def programme_for_page(user: Any) -> QuerySet[Programme]:
    return with_totals(
        Programme.objects.visible_to(user)
        .select_related("organisation")
        .prefetch_related("funders")
    )


def funded_project_rows(programme: Programme) -> QuerySet[FundedProject]:
    """The programme's funded projects with their organisation, agreement and spending."""
    return (
        programme.projects.select_related("organisation", "agreement")
        .annotate(spent=Coalesce(Sum("spendings__amount"), ZERO, output_field=MONEY))
        .order_by("organisation__name", "title", "pk")
    )


def budget_line_rows(programme: Programme) -> QuerySet[BudgetLine]:
    return programme.budget_lines.annotate(
        spent=Coalesce(Sum("spendings__amount"), ZERO, output_field=MONEY)
    ).order_by("label", "pk")


class MoneyCell(stats.Cell):
    """A cell of euros for the chart: money is no count of people, nothing is hidden; the
    bar is in whole euros, the text in the pages' format."""

    def __init__(self, amount: Decimal) -> None:
        super().__init__(int(amount))
        object.__setattr__(self, "amount", amount)

    def __str__(self) -> str:
        return money(self.amount)  # type: ignore[attr-defined]


def spending_chart(lines: list[BudgetLine], title: str) -> Any:
    total = sum((line.spent for line in lines), Decimal(0))  # type: ignore[attr-defined]
    table = stats.Table(
        rows=[(line.label, MoneyCell(line.spent)) for line in lines],  # type: ignore[attr-defined]
        total=MoneyCell(total),
    )
    return bar_chart(table, title=title)


@dataclass(frozen=True)
class TargetRow:
    code: str
    label: Any
    target: IndicatorTarget


@dataclass(frozen=True)
class Budget:
    """A programme's budget: planned against spent per line, spent per funded project, and
    what remains of the envelope."""

    programme: Programme
    is_manager: bool
    lines: list[BudgetLine]
    projects: list[FundedProject]
    latest: list[Spending]
    targets: list[TargetRow]
    planned: Decimal
    granted: Decimal
    spent: Decimal
    remaining: Decimal
    over_granted: Decimal

    @property
    def chart_lines(self) -> list[BudgetLine]:
        return [line for line in self.lines if line.spent]  # type: ignore[attr-defined]


def programme_budget(user: Any, programme: Programme, *, is_manager: bool) -> Budget:
    """Four queries: lines, projects, latest spending, targets."""
    lines = list(budget_line_rows(programme))
    projects = list(funded_project_rows(programme))
    latest = list(
        programme.spendings.select_related(
            "budget_line", "project__organisation", "recorded_by"
        ).order_by("-spent_on", "-pk")[:LATEST_SPENDING]
    )
    targets = [
        TargetRow(t.indicator, CATALOGUE[t.indicator].label if t.indicator in CATALOGUE else "", t)
        for t in IndicatorTarget.objects.filter(programme=programme).order_by(
            "indicator", "period_start", "pk"
        )
    ]
    granted = sum((p.amount for p in projects), Decimal(0))
    spent = sum((line.spent for line in lines), Decimal(0))  # type: ignore[attr-defined]
    return Budget(
        programme=programme,
        is_manager=is_manager,
        lines=lines,
        projects=projects,
        latest=latest,
        targets=targets,
        planned=sum((line.planned for line in lines), Decimal(0)),
        granted=granted,
        spent=spent,
        remaining=programme.envelope - spent,
        over_granted=max(granted - programme.envelope, Decimal(0)),
    )


def is_own(user: Any, programme: Programme) -> bool:
    return programme.organisation_id == current_organisation_id(user)


def spending_rows(programme: Programme) -> QuerySet[Spending]:
    return programme.spendings.select_related(
        "budget_line", "project__organisation", "recorded_by"
    ).order_by("-spent_on", "-pk")
