"""`maillage bench`: the benchmark harness of bench/ (see bench/README.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run the benchmarks of bench/, print a table and write bench/RESULTS.md."

    def add_arguments(self, parser: CommandParser) -> None:
        from bench.options import add_arguments

        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from bench import harness
        from bench.options import from_namespace

        try:
            chosen = from_namespace(options)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        harness.main(chosen, say=self.stdout.write)
