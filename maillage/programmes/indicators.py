"""The indicator catalogue's machinery: an indicator is a named, set-based computation over
a scope (organisations) and a period, registered by the module of its axis
(`indicator_sets/`), and computed through the statistics layer so that counts of people are
suppressed below the small-cell threshold wherever they leave a team.

An indicator function returns raw numbers: its total and its breakdowns as {key: count} with
their labels. `compute` turns them into `Result`s with `stats.Cell`s: suppressed when the
indicator counts people, plain when it measures activity (hours, sessions, meetings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from maillage.core import stats


class Axis(models.TextChoices):
    """The sections of a report, in the order of an AMO's yearly activity report."""

    INDIVIDUAL = "individual", _("Individual and family follow-ups")
    COLLECTIVE = "collective", _("Collective action")
    COMMUNITY = "community", _("Community action")
    SCHOOLING = "schooling", _("School attendance and dropout")
    NETWORK = "network", _("Network, concertation and training")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")


@dataclass(frozen=True)
class Scope:
    """Whose data an indicator counts: one organisation, or a programme's."""

    organisation_ids: tuple[int, ...]


@dataclass(frozen=True)
class Counts:
    """What an indicator function returns: raw numbers, never identities."""

    total: int
    # (title, {key: count}, labels in order: key → label) for each breakdown.
    breakdowns: Sequence[tuple[str | Promise, Mapping[Any, int], Mapping[Any, Any]]] = ()


@dataclass(frozen=True)
class Breakdown:
    title: str
    table: stats.Table


@dataclass(frozen=True)
class Result:
    code: str
    label: str
    axis: str
    people: bool
    total: stats.Cell
    breakdowns: list[Breakdown] = field(default_factory=list)


Compute = Callable[[Scope, Period], Counts]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str | Promise
    axis: str
    # Counts of people are suppressed below the threshold; measures of activity are not.
    people: bool
    compute: Compute


CATALOGUE: dict[str, Indicator] = {}


def indicator(
    code: str, *, label: str | Promise, axis: str, people: bool = True
) -> Callable[[Compute], Compute]:
    """Register an indicator function in the catalogue under a dotted code."""

    def register(function: Compute) -> Compute:
        CATALOGUE[code] = Indicator(code, label, axis, people, function)
        return function

    return register


def compute(code: str, scope: Scope, period: Period) -> Result:
    item = CATALOGUE[code]
    raw = item.compute(scope, period)
    breakdowns = []
    for title, counts, labels in raw.breakdowns:
        if item.people:
            table = stats.table(counts, list(labels))
        else:
            # Rows of hours are rounded one by one: the total is the indicator's own.
            table = stats.measures(counts, labels, total=raw.total)
        table = table.relabel(labels.__getitem__)
        breakdowns.append(Breakdown(str(title), table))
    total = stats.cell(raw.total) if item.people else stats.Cell(raw.total)
    return Result(code, str(item.label), item.axis, item.people, total, breakdowns)


def compute_all(scope: Scope, period: Period, codes: Iterable[str] | None = None) -> list[Result]:
    """The indicators (all of the catalogue, or `codes`), in the order of the axes."""
    chosen = list(codes) if codes is not None else list(CATALOGUE)
    order = {axis: index for index, axis in enumerate(Axis.values)}
    chosen.sort(key=lambda code: (order.get(CATALOGUE[code].axis, 99), code))
    return [compute(code, scope, period) for code in chosen]
