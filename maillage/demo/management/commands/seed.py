"""`maillage seed --scale N`: the synthetic network at any size; `--sector` for the sector-size
benchmark data (`--scale full` is the whole sector)."""

from __future__ import annotations

import resource
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.demo.generator import generate


def scale_value(text: str) -> float:
    if text.strip().lower() == "full":
        return 1.0
    try:
        return float(text)
    except ValueError:
        raise CommandError(f"--scale attend « full » ou un nombre, pas « {text} ».") from None


class Command(BaseCommand):
    help = (
        "Generate the synthetic network. --scale 1 is the demo; larger scales for benchmarks. "
        "--sector generates sector-size data instead (--scale full: the whole sector)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=str, default="1", help="A number, or full (= 1).")
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data.")
        parser.add_argument("--no-logins", action="store_true", help="Skip the demo logins.")
        parser.add_argument(
            "--sector", action="store_true", help="Sector-size data for benchmarks (bulk COPY)."
        )

    def handle(
        self, *args: Any, scale: str, seed: int, no_logins: bool, sector: bool, **opts: Any
    ) -> None:
        value = scale_value(scale)
        if value <= 0:
            raise CommandError("--scale doit être un nombre positif.")
        if sector:
            self._sector(value, seed)
            return
        result = generate(scale=value, seed=seed, with_logins=not no_logins)
        if not result.created:
            raise CommandError("Le réseau de démonstration existe déjà dans cette base.")
        self.stdout.write(
            f"{result.organisations} organisations, {result.users} personnes, "
            f"{result.memberships} rôles."
        )

    def _sector(self, scale: float, seed: int) -> None:
        from maillage.demo.sector import seed_sector

        def progress(table: str, count: int, seconds: float) -> None:
            rate = count / seconds if seconds else 0.0
            self.stdout.write(
                f"{table:<28} {count:>12,} lignes {seconds:>9.1f} s {rate:>12,.0f} lignes/s"
            )
            self.stdout.flush()

        started = time.perf_counter()
        result = seed_sector(scale=scale, seed=seed, progress=progress)
        if not result.created:
            raise CommandError("Les données du secteur existent déjà dans cette base.")
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak_mb = peak / (1024 * 1024 if sys.platform == "darwin" else 1024)
        self.stdout.write(
            f"Total : {result.total_rows:,} lignes en {elapsed:.1f} s "
            f"({result.total_rows / elapsed:,.0f} lignes/s), mémoire maximale {peak_mb:.0f} Mo."
        )
