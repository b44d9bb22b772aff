"""`maillage seed --scale N`: the synthetic network at any size."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.demo.generator import generate


class Command(BaseCommand):
    help = "Generate the synthetic network. --scale 1 is the demo; larger scales for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data.")
        parser.add_argument("--no-logins", action="store_true", help="Skip the demo logins.")

    def handle(self, *args: Any, scale: float, seed: int, no_logins: bool, **opts: Any) -> None:
        if scale <= 0:
            raise CommandError("--scale doit être un nombre positif.")
        result = generate(scale=scale, seed=seed, with_logins=not no_logins)
        if not result.created:
            raise CommandError("Le réseau de démonstration existe déjà dans cette base.")
        self.stdout.write(
            f"{result.organisations} organisations, {result.users} personnes, "
            f"{result.memberships} rôles."
        )
