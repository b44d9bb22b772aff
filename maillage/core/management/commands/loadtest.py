"""`maillage loadtest`: the bounded load test of maillage/bench/load/ (see bench/load/README.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Load a real gunicorn server on loopback with locust (default: 50 users, 5 minutes); "
        "fail on any failed request or on the workers' memory growth."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from maillage.bench.load.run import Options

        default = Options()
        add = parser.add_argument
        add("--users", type=int, default=default.users, help="simulated users")
        add("--spawn-rate", type=float, default=default.spawn_rate, help="users started per s")
        add("--duration", type=int, default=default.duration, help="seconds of load")
        add("--warmup", type=int, default=default.warmup, help="seconds before the RSS baseline")
        add("--workers", type=int, default=default.workers, help="gunicorn workers")
        add("--scale", type=float, default=default.scale, help="demo data when empty")
        add("--seed", type=int, default=default.seed)
        add("--growth-mib", type=float, default=default.growth_mib)
        add("--growth-percent", type=float, default=default.growth_percent)
        add("--output", type=Path, default=default.output, help="report directory")

    def handle(self, *args: Any, **options: Any) -> None:
        from maillage.bench.load.run import Options, main

        if options["warmup"] >= options["duration"]:
            raise CommandError("--warmup must be shorter than --duration")
        chosen = Options(
            users=options["users"],
            spawn_rate=options["spawn_rate"],
            duration=options["duration"],
            warmup=options["warmup"],
            workers=options["workers"],
            scale=options["scale"],
            seed=options["seed"],
            growth_mib=options["growth_mib"],
            growth_percent=options["growth_percent"],
            output=options["output"],
        )
        report = main(chosen, say=self.stdout.write)
        if report.problems:
            raise CommandError("load test failed: " + "; ".join(report.problems))
