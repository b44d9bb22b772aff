"""Figures, their statistics and their targets, and the table and RESULTS.md they make."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

from maillage.bench.quiet import LoadAtStart

MET, MISSED, SKIPPED, INFO = "met", "missed", "skipped", "-"


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def median(samples: list[float]) -> float:
    return float(statistics.median(samples))


@dataclass(frozen=True)
class Target:
    """`at_most` or `at_least` (or `exactly`) a bound, read on the median or the p95."""

    kind: str  # "at_most" | "at_least" | "exactly"
    bound: float
    on: str = "median"  # "median" | "p95"

    def describe(self, unit: str) -> str:
        if self.kind == "exactly":
            return f"every run == {_number(self.bound)}{_unit_suffix(unit)}"
        sign = {"at_most": "<=", "at_least": ">=", "exactly": "=="}[self.kind]
        return f"{self.on} {sign} {_number(self.bound)}{_unit_suffix(unit)}"

    def judge(self, value: float) -> tuple[str, str]:
        """(met/missed, factor): the factor says how far from the bound, `x1.00` at it."""
        if self.kind == "exactly":
            return (MET, "") if value == self.bound else (MISSED, f"off by {value - self.bound:g}")
        if self.kind == "at_most":
            ok = value <= self.bound
            factor = value / self.bound if self.bound else math.inf
        else:
            ok = value >= self.bound
            factor = self.bound / value if value else math.inf
        if ok:
            headroom = 1 / factor if factor else math.inf
            return MET, "x>1000 headroom" if headroom > 1000 else f"x{headroom:.2f} headroom"
        return MISSED, f"x{factor:.2f} too slow"


@dataclass
class Row:
    figure: str
    label: str
    unit: str
    samples: list[float] = field(default_factory=list)
    target: Target | None = None
    note: str = ""
    skipped: str = ""  # the reason, when nothing could be measured
    load: LoadAtStart | None = None  # the machine's load when its figure started

    @property
    def median(self) -> float | None:
        return median(self.samples) if self.samples else None

    @property
    def p95(self) -> float | None:
        return percentile(self.samples, 95) if self.samples else None

    def verdict(self) -> tuple[str, str]:
        if self.skipped or not self.samples:
            return SKIPPED, ""
        if self.target is None:
            return INFO, ""
        assert self.target is not None
        value = self.median if self.target.on == "median" else self.p95
        if self.target.kind == "exactly":  # every run, not a statistic of them
            bound = self.target.bound
            value = max(self.samples, key=lambda sample: abs(sample - bound))
        assert value is not None
        return self.target.judge(value)

    def cells(self) -> list[str]:
        status, factor = self.verdict()
        target = self.target.describe(self.unit) if self.target else ""
        median_ = "" if self.median is None else _number(self.median) + _unit_suffix(self.unit)
        p95 = "" if self.p95 is None else _number(self.p95) + _unit_suffix(self.unit)
        note = self.skipped or self.note
        verdict = f"{status} {factor}".strip()
        return [
            self.figure,
            self.label,
            median_,
            p95,
            str(len(self.samples)),
            target,
            verdict,
            self.load.mark() if self.load else "",
            note,
        ]


HEADERS = ["figure", "measure", "median", "p95", "n", "target", "verdict", "load", "note"]


def _unit_suffix(unit: str) -> str:
    return f" {unit}" if unit else ""


def _number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}".replace(",", " ")
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 0.1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def text_table(rows: list[Row]) -> str:
    """A plain table for the terminal."""
    grid = [HEADERS, *(row.cells() for row in rows)]
    widths = [min(max(len(line[i]) for line in grid), 60) for i in range(len(HEADERS))]
    lines = []
    for n, line in enumerate(grid):
        lines.append("  ".join(cell[:60].ljust(w) for cell, w in zip(line, widths, strict=True)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def markdown_table(headers: list[str], lines: list[list[str]]) -> str:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return "\n".join([row(headers), row(["---"] * len(headers)), *(row(li) for li in lines)])
