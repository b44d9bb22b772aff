"""`maillage bench`: the benchmark harness of maillage/bench/ (see bench/README.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run the benchmarks (P1-P6), print a table and write the results (bench/RESULTS.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        from maillage.bench.options import add_arguments

        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from maillage.bench import harness
        from maillage.bench.options import from_namespace

        try:
            chosen = from_namespace(options)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        harness.main(chosen, say=self.stdout.write)
