"""The benchmark harness at a tiny scale, as CI runs it: it must complete and write every
figure's rows. Never a time: benchmarks are not timed tests (issue 8)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from bench.options import FIGURES


@pytest.mark.django_db(transaction=True)  # the HTTP server's process must see the data
def test_bench_runs_every_figure_at_a_tiny_scale(tmp_path: Path, capsys: Any) -> None:
    output = tmp_path / "RESULTS.md"
    call_command(
        "bench",
        "--scale=0.002",
        "--runs=1",
        "--users=4",
        "--p1-seconds=0.3",
        "--lookups=20",
        "--registrations=30",
        "--places=5",
        "--import-rows=200",
        "--p3-pupils=1500",  # earlier school years copied for P3, as for the 900,000
        "--warmup=0",
        f"--output={output}",
    )
    text = output.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Dataset", "## Figures", "## Missed targets"):
        assert heading in text
    assert ("PostgreSQL" if connection.vendor == "postgresql" else "SQLite") in text
    for figure in FIGURES:
        assert f"### {figure}:" in text
        assert re.search(rf"^\| {figure} \| .+ \|$", text, re.MULTILINE), figure
    # No figure broke (a slow machine gives "missed", never "failed").
    assert "failed:" not in text
    assert "no successful request" not in text
    assert "| P6 | confirmed of 30 concurrent registrations for 5 places | 5.00 |" in text
    assert re.search(
        r"\| 1500 pupils with absences \(one per pupil and school year, \d+ copied", text
    )
    printed = capsys.readouterr().out
    assert "Written to" in printed
