"""The benchmark harness at a tiny scale, as CI runs it: it must complete and write every
figure's rows. Never a time: benchmarks are not timed tests (issue 8)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from maillage.activities.models import Activity, Attendance
from maillage.bench.figures.p1_writes import MARK
from maillage.bench.options import FIGURES
from maillage.casework.models import Intervention, Request
from maillage.core.audit_models import AuditEvent

WRITES = ["record an intervention", "take attendance", "register a child", "record a request"]
WRITTEN = [
    "casework.intervention.logged",
    "activities.registration.created",
    "casework.request.recorded",
]


@pytest.mark.django_db(transaction=True)  # the HTTP server's process must see the data
@pytest.mark.real_clock  # P1's writes pick past sessions for a server on the real clock
def test_bench_runs_every_figure_at_a_tiny_scale(tmp_path: Path, capsys: Any) -> None:
    output = tmp_path / "RESULTS.md"
    began = timezone.now()
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
        "--settle=0",
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
    # P1: the bare page, served beside the product, is the floor of every page and write.
    p1 = {line.split(" | ")[1]: line for line in text.splitlines() if line.startswith("| P1 |")}
    assert any(label.startswith("bare page (") for label in p1), p1
    for page in ("my account", "caseload", "follow-up page", "home dashboard"):
        assert any(label.startswith(f"{page} (") and "throughput / bare page" in label
                   for label in p1), page  # fmt: skip
    for write in WRITES:
        assert any(label.startswith(write) and "cost / bare page" in label for label in p1), write
    assert not any("no successful" in line or "skipped" in line for line in p1.values())
    # The writes went through the server's forms, and what they added is gone again.
    audited = AuditEvent.objects.filter(created_at__gte=began)
    for action in WRITTEN:
        assert audited.filter(action=action).exists(), action
    assert Attendance.objects.filter(recorded_at__gte=began).exists()
    assert not Intervention.objects.filter(present=MARK).exists()
    assert not Request.objects.filter(form_token__isnull=False).exists()  # the posted ones
    assert not Activity.objects.filter(title__contains="banc d’essai P1").exists()
    # Each figure says the machine's load at its start, in the table and above it.
    assert "| load | note |" in text and "## Machine load" in text
    assert text.count("(1 / 5 / 15 min)") == len(FIGURES)
    assert re.search(
        r"\| 1500 pupils with absences \(one per pupil and school year, \d+ copied", text
    )
    printed = capsys.readouterr().out
    assert "Written to" in printed
