"""`maillage bench`: seed when empty, run the figures of issue 8, print a table and write
RESULTS.md. Targets are ratios measured in the same run or the issue's absolute budgets: the
harness says met or missed, with the factor, and never fails because a machine is slow."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from importlib import import_module
from typing import Any

from django.db import close_old_connections
from django.utils import timezone

from maillage.bench import context
from maillage.bench.options import Options
from maillage.bench.results import HEADERS, MISSED, Row, markdown_table, text_table

TITLES = {
    "P1": "key pages at 16 concurrent users",
    "P2": "absence import against COPY",
    "P3": "threshold recompute",
    "P4": "duplicate check",
    "P5": "yearly report and dashboards",
    "P6": "concurrent registrations",
}
MODULES = {
    "P1": "maillage.bench.figures.p1_pages",
    "P2": "maillage.bench.figures.p2_import",
    "P3": "maillage.bench.figures.p3_thresholds",
    "P4": "maillage.bench.figures.p4_duplicates",
    "P5": "maillage.bench.figures.p5_reports",
    "P6": "maillage.bench.figures.p6_registrations",
}


def run_figure(code: str, options: Options, say: Callable[[str], None]) -> list[Row]:
    say(f"{code}: {TITLES[code]}…")
    began = time.perf_counter()
    try:
        rows: list[Row] = import_module(MODULES[code]).run(options, say)
    except Exception as exc:  # one broken figure must not hide the others
        rows = [Row(code, TITLES[code], "", skipped=f"failed: {type(exc).__name__}: {exc}")]
    finally:
        close_old_connections()
    say(f"{code}: done in {time.perf_counter() - began:.1f} s")
    return rows


def main(options: Options, say: Callable[[str], None] = print) -> list[Row]:
    started = timezone.now()
    source = context.ensure_data(options.scale, options.seed, say)
    machine = context.machine()
    data = context.dataset()
    rows: list[Row] = []
    for code in options.only:
        rows += run_figure(code, options, say)
    say("")
    say(text_table(rows))
    write(options, started, source, machine, data, rows)
    say(f"\nWritten to {options.output.resolve()}")
    return rows


def write(
    options: Options,
    started: datetime,
    source: str,
    machine: list[tuple[str, str]],
    data: list[tuple[str, int]],
    rows: list[Row],
) -> None:
    missed = [row for row in rows if row.verdict()[0] == MISSED]
    lines: list[Any] = [
        "# Benchmark results",
        "",
        f"Run of `maillage bench --scale {options.scale:g} --runs {options.runs}"
        f"{' --only ' + ','.join(options.only) if len(options.only) < len(TITLES) else ''}`"
        f" started {timezone.localtime(started):%Y-%m-%d %H:%M %Z}. "
        "How to read it: [bench/README.md](README.md).",
        "",
        "## Machine",
        "",
        markdown_table(["", ""], [list(pair) for pair in machine]),
        "",
        "## Dataset",
        "",
        f"Data: {source}.",
        "",
        markdown_table(["table", "rows"], [[name, f"{count:,}"] for name, count in data]),
        "",
        "## Figures",
        "",
        f"{options.runs} run(s) of each figure; median and p95 over the samples (`n`). "
        f"P1: {options.users} users, {options.p1_seconds:g} s per page and run.",
        "",
    ]
    for code in options.only:
        mine = [row for row in rows if row.figure == code]
        lines += [
            f"### {code}: {TITLES[code]}",
            "",
            markdown_table(HEADERS, [r.cells() for r in mine]),
            "",
        ]
    lines += ["## Missed targets", ""]
    if missed:
        lines += [f"- {row.figure} {row.label}: {' '.join(row.verdict())}" for row in missed]
    else:
        lines.append("None.")
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
