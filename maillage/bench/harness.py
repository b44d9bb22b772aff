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

from maillage.bench import context, quiet
from maillage.bench.options import Options
from maillage.bench.results import HEADERS, MISSED, Row, markdown_table, text_table

TITLES = {
    "P1": "key pages and writes against a bare Django page",
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
    if options.settle > 0:
        say(f"  waiting up to {options.settle:g} s for a 1-min load <= {options.quiet_load:g}")
    at_start = quiet.settle(options.quiet_load, options.settle)
    say(f"  {at_start.describe()}")
    began = time.perf_counter()
    try:
        rows: list[Row] = import_module(MODULES[code]).run(options, say)
    except Exception as exc:  # one broken figure must not hide the others
        rows = [Row(code, TITLES[code], "", skipped=f"failed: {type(exc).__name__}: {exc}")]
    finally:
        close_old_connections()
    say(f"{code}: done in {time.perf_counter() - began:.1f} s")
    for row in rows:
        row.load = at_start
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
    busy = sorted({row.figure for row in rows if row.load and row.load.busy})
    if busy:
        say(f"\nTaken on a busy machine (load column): {', '.join(busy)}")
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
        at_start = mine[0].load if mine else None
        lines += [f"### {code}: {TITLES[code]}", ""]
        if at_start is not None:
            busy = "**Taken on a busy machine**: " if at_start.busy else "At its start, "
            lines += [f"{busy}{at_start.describe()}.", ""]
        lines += [markdown_table(HEADERS, [r.cells() for r in mine]), ""]
    lines += ["## Missed targets", ""]
    if missed:
        lines += [
            f"- {row.figure} {row.label}: {' '.join(row.verdict())}"
            f"{' (busy machine)' if row.load and row.load.busy else ''}"
            for row in missed
        ]
    else:
        lines.append("None.")
    busy_figures = [
        c for c in options.only if any(r.load and r.load.busy for r in rows if r.figure == c)
    ]
    lines += ["", "## Machine load", ""]
    lines.append(
        f"Figures taken on a busy machine (1-min load above {options.quiet_load:g} at their "
        f"start, after waiting up to {options.settle:g} s): {', '.join(busy_figures)}."
        if busy_figures
        else f"Every figure started on a quiet machine (1-min load at most {options.quiet_load:g})."
    )
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
