"""The statistics layer: every count that leaves a team goes through here.

Cells counting fewer than MAILLAGE_SMALL_CELL_THRESHOLD people show as "<5". When a
single cell of a group is hidden, the next smallest is hidden too, so the total can't
give it away (secondary suppression). Zero is shown: it reveals no one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet


def threshold() -> int:
    value: int = settings.MAILLAGE_SMALL_CELL_THRESHOLD
    return value


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return f"<{threshold()}" if self.value is None else str(self.value)


def cell(count: int) -> Cell:
    return Cell(None if 0 < count < threshold() else count)


def suppress(counts: Mapping[Any, int]) -> dict[Any, Cell]:
    """Suppress small cells of one group, with secondary suppression."""
    cells = {key: cell(n) for key, n in counts.items()}
    hidden = [key for key, c in cells.items() if c.suppressed]
    if len(hidden) == 1:
        shown = sorted((n, str(key)) for key, n in counts.items() if key not in hidden and n > 0)
        if shown:
            smallest = next(key for key in counts if str(key) == shown[0][1])
            cells[smallest] = Cell(None)
    return cells


@dataclass(frozen=True)
class Table:
    """A one-way table of counts, ready to show or export."""

    rows: list[tuple[Any, Cell]]
    total: Cell

    @property
    def threshold(self) -> int:
        return threshold()

    def as_dict(self) -> dict[str, str]:
        return {str(label): str(value) for label, value in self.rows}


def table(counts: Mapping[Any, int], labels: Iterable[Any] | None = None) -> Table:
    """Suppress `counts`; `labels` fixes the row order and adds the zero rows."""
    keys = list(labels) if labels is not None else list(counts)
    full = {key: counts.get(key, 0) for key in keys}
    cells = suppress(full)
    return Table(rows=[(key, cells[key]) for key in keys], total=cell(sum(full.values())))


def count_by(queryset: QuerySet[Any], field: str, *, distinct: str = "pk") -> dict[Any, int]:
    """Raw counts of distinct `distinct` per value of `field`: one grouped query."""
    rows = queryset.order_by().values(field).annotate(n=Count(distinct, distinct=True))
    return {row[field]: row["n"] for row in rows}
