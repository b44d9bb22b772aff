"""`maillage loadtest`: seed when empty, serve with gunicorn on loopback, run locust headless
against it, sample the workers' memory, report, and fail on any failed request or on a
worker's memory growth above the bound (memory.Verdict). See bench/load/README.md."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from maillage.bench.load.memory import MIB, Verdict, workers_rss
from maillage.bench.load.plan import write_plan
from maillage.bench.server import ROOT, Server, var_dir
from maillage.core.models import Organisation

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"


@dataclass
class Options:
    users: int = 50
    spawn_rate: float = 5.0
    duration: int = 300  # seconds of load, ramp-up included
    warmup: int = 60  # seconds after the start when the memory baseline is taken
    workers: int = field(default_factory=lambda: max(2, min(os.cpu_count() or 2, 8)))  # as P1
    scale: float = 1.0
    seed: int = 2026
    growth_mib: float = 30.0
    growth_percent: float = 20.0
    sample_every: float = 5.0
    output: Path = field(default_factory=lambda: var_dir() / "load")


@dataclass
class Report:
    options: dict[str, Any]
    data: str
    requests: int = 0
    failures: int = 0
    rate: float = 0.0
    tasks: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_warm: dict[int, int] = field(default_factory=dict)
    rss_end: dict[int, int] = field(default_factory=dict)
    rss_peak: dict[int, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def ensure_data(scale: float, seed: int, say: Callable[[str], None]) -> str:
    if Organisation.objects.exists():
        return "existing data (not seeded by this run)"
    from maillage.demo.generator import generate

    say(f"Seeding the demo network at scale {scale:g}…")
    generate(scale=scale, seed=seed)
    return f"seeded by this run: maillage.demo.generator.generate(scale={scale:g}, seed={seed})"


def locust_command(options: Options, port: int, prefix: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "-u",
        str(options.users),
        "-r",
        str(options.spawn_rate),
        "-t",
        f"{options.duration}s",
        "--stop-timeout",  # a user ends the task in hand (a write's two requests)
        "5",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]


def load(options: Options, plan: Path, report: Report, say: Callable[[str], None]) -> None:
    """The locust run against a fresh server, sampling the workers' RSS while it lasts."""
    prefix = options.output / "locust"
    env = dict(os.environ, LOAD_PLAN=str(plan))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with Server(options.workers, log_name="load-server.log") as server:
        assert server.process is not None
        master = server.process.pid
        say(
            f"Server: gunicorn, {options.workers} workers, port {server.port}; locust: "
            f"{options.users} users, {options.spawn_rate:g}/s, {options.duration} s"
        )
        log = (options.output / "locust.log").open("wb")
        with log:
            locust = subprocess.Popen(
                locust_command(options, server.port, prefix),
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            began = time.monotonic()
            due = began
            try:
                while locust.poll() is None:
                    time.sleep(0.2)  # short naps: the end of locust is not waited for
                    if time.monotonic() < due:
                        continue
                    due += options.sample_every
                    sample = workers_rss(master)
                    for pid, rss in sample.items():
                        report.rss_peak[pid] = max(rss, report.rss_peak.get(pid, 0))
                    if not report.rss_warm and time.monotonic() - began >= options.warmup:
                        report.rss_warm = sample
                        say(f"Warm-up over: {_sizes(sample)}")
                    if sample and locust.poll() is None:
                        report.rss_end = sample  # the last sample under load
            finally:
                if locust.poll() is None:
                    locust.terminate()
                locust.wait(timeout=60)
        say(f"Locust done in {time.monotonic() - began:.0f} s")
    read_stats(prefix, report)


def read_stats(prefix: Path, report: Report) -> None:
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        report.problems.append(f"locust wrote no statistics: see {stats.parent / 'locust.log'}")
        return
    with stats.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            count, failed = int(row["Request Count"]), int(row["Failure Count"])
            rate = float(row["Requests/s"] or 0)
            if row["Name"] == "Aggregated":
                report.requests, report.failures, report.rate = count, failed, rate
                continue
            report.tasks.append(
                {
                    "type": row["Type"],
                    "name": row["Name"],
                    "requests": count,
                    "failures": failed,
                    "p50_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "rate": rate,
                }
            )
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with failures.open(encoding="utf-8") as file:
            report.errors = [
                f"{row['Occurrences']} × {row['Method']} {row['Name']}: {row['Error']}"
                for row in csv.DictReader(file)
            ]


def main(options: Options, say: Callable[[str], None] = print) -> Report:
    options.output.mkdir(parents=True, exist_ok=True)
    for stale in options.output.glob("locust_*.csv"):
        stale.unlink()  # figures of an earlier run must not pass for this one's
    began = time.monotonic()
    data = ensure_data(options.scale, options.seed, say)
    say(f"Data ready in {time.monotonic() - began:.0f} s")
    plan = options.output / "plan.json"
    write_plan(plan, options.users)
    report = Report(options={k: str(v) for k, v in asdict(options).items()}, data=data)
    load(options, plan, report, say)
    if report.requests == 0:
        report.problems.append("no request was made")
    if report.failures:
        report.problems.append(f"{report.failures} failed requests")
    verdict = Verdict(options.growth_mib, options.growth_percent)
    report.problems += verdict.judge(report.rss_warm, report.rss_end)
    text = render(report, verdict)
    (options.output / "report.md").write_text(text, encoding="utf-8")
    (options.output / "report.json").write_text(json.dumps(asdict(report), indent=1))
    say(text)
    say(f"Written to {options.output / 'report.md'}")
    return report


def _sizes(sample: dict[int, int]) -> str:
    return ", ".join(f"{pid}: {rss / MIB:.1f} MiB" for pid, rss in sorted(sample.items()))


def render(report: Report, verdict: Verdict) -> str:
    o = report.options
    lines = [
        "# Load test",
        "",
        f"{o['users']} users (spawn {o['spawn_rate']}/s) for {o['duration']} s against "
        f"gunicorn with {o['workers']} workers on loopback. Data: {report.data}.",
        "",
        f"Requests: {report.requests} ({report.rate:.1f}/s); failures: {report.failures}.",
        "",
        "| task | requests | failures | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for t in sorted(report.tasks, key=lambda t: (t["type"], t["name"])):
        lines.append(
            f"| {t['type']} {t['name']} | {t['requests']} | {t['failures']} "
            f"| {t['p50_ms']:.0f} | {t['p95_ms']:.0f} |"
        )
    lines += [
        "",
        f"Worker memory (RSS, MiB) after the {o['warmup']} s warm-up and at the end; bound: "
        f"+max({verdict.growth_mib:g} MiB, {verdict.growth_percent:g} %).",
        "",
        "| worker | warm | end | growth | peak |",
        "|---|---:|---:|---:|---:|",
    ]
    for pid in sorted(set(report.rss_warm) | set(report.rss_end)):
        warm, end = report.rss_warm.get(pid, 0), report.rss_end.get(pid, 0)
        lines.append(
            f"| {pid} | {warm / MIB:.1f} | {end / MIB:.1f} | {(end - warm) / MIB:+.1f} "
            f"| {report.rss_peak.get(pid, 0) / MIB:.1f} |"
        )
    lines += ["", "## Errors", ""] + ([f"- {e}" for e in report.errors] or ["None."])
    lines += ["", "## Verdict", ""]
    lines += [f"- FAILED: {p}" for p in report.problems] or ["Passed."]
    return "\n".join(lines) + "\n"
