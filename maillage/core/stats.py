"""The statistics layer: every count that leaves a team goes through here.

Cells counting fewer than MAILLAGE_SMALL_CELL_THRESHOLD people show as "<5" (primary
suppression). So that the total can't give them away, more cells are masked, smallest first,
until at least two are hidden and together count at least the threshold (secondary
suppression, shown as "×"). If the hidden cells could still be worked out exactly from the
total, the total is masked too. Zero is shown: it reveals no one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet

MASKED = "×"


def threshold() -> int:
    value: int = settings.MAILLAGE_SMALL_CELL_THRESHOLD
    return value


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when hidden
    masked: bool = False  # hidden although not small, to protect a small one

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        if self.value is not None:
            return str(self.value)
        return MASKED if self.masked else f"<{threshold()}"


def cell(count: int) -> Cell:
    return Cell(None if 0 < count < threshold() else count)


def suppress(counts: Mapping[Any, int]) -> dict[Any, Cell]:
    """Primary and secondary suppression of the cells of one group."""
    limit = threshold()
    cells = {key: cell(n) for key, n in counts.items()}
    hidden = {key for key, c in cells.items() if c.suppressed}
    while hidden and (len(hidden) < 2 or sum(counts[k] for k in hidden) < limit):
        candidates = sorted(
            (n, index)
            for index, (key, n) in enumerate(counts.items())
            if key not in hidden and n > 0
        )
        if not candidates:
            break
        key = list(counts)[candidates[0][1]]
        cells[key] = Cell(None, masked=True)
        hidden.add(key)
    return cells


def _exactly_derivable(counts: Mapping[Any, int], cells: Mapping[Any, Cell]) -> bool:
    """Whether some hidden cell is pinned to one value by the total and its known range."""
    limit = threshold()
    hidden = [key for key, c in cells.items() if c.suppressed]
    if not hidden:
        return False
    ranges = [(limit, float("inf")) if cells[k].masked else (1, limit - 1) for k in hidden]
    total_hidden = sum(counts[k] for k in hidden)
    for i, (low, high) in enumerate(ranges):
        others_low = sum(r[0] for j, r in enumerate(ranges) if j != i)
        others_high = sum(r[1] for j, r in enumerate(ranges) if j != i)
        if max(low, total_hidden - others_high) == min(high, total_hidden - others_low):
            return True
    return False


@dataclass(frozen=True)
class Table:
    """A one-way table of counts, ready to show or export."""

    rows: list[tuple[Any, Cell]]
    total: Cell

    @property
    def threshold(self) -> int:
        return threshold()

    @property
    def has_masked(self) -> bool:
        return self.total.masked or any(c.masked for _label, c in self.rows)

    def as_dict(self) -> dict[str, str]:
        return {str(label): str(value) for label, value in self.rows}

    def relabel(self, label: Any) -> Table:
        """The same table with each row label passed through `label` (codes to names)."""
        return Table(rows=[(label(key), value) for key, value in self.rows], total=self.total)


def table(counts: Mapping[Any, int], labels: Iterable[Any] | None = None) -> Table:
    """Suppress `counts`; `labels` fixes the row order and adds the zero rows."""
    keys = list(labels) if labels is not None else list(counts)
    full = {key: counts.get(key, 0) for key in keys}
    cells = suppress(full)
    total = cell(sum(full.values()))
    if not total.suppressed and _exactly_derivable(full, cells):
        total = Cell(None, masked=True)
    return Table(rows=[(key, cells[key]) for key in keys], total=total)


def measures(
    counts: Mapping[Any, int], labels: Iterable[Any] | None = None, *, total: int | None = None
) -> Table:
    """A table of measures of activity (hours, sessions, meetings), not of people: nothing
    is suppressed. `total` when it is not the rows' sum (rows of hours rounded one by one)."""
    keys = list(labels) if labels is not None else list(counts)
    rows = [(key, Cell(counts.get(key, 0))) for key in keys]
    return Table(
        rows=rows, total=Cell(sum(c.value or 0 for _k, c in rows) if total is None else total)
    )


def count_by(queryset: QuerySet[Any], field: str, *, distinct: str = "pk") -> dict[Any, int]:
    """Raw counts of distinct `distinct` per value of `field`: one grouped query."""
    rows = queryset.order_by().values(field).annotate(n=Count(distinct, distinct=True))
    return {row[field]: row["n"] for row in rows}
