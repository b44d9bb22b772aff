"""`maillage demo`: one command from a fresh clone to a running demo on SQLite."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from maillage.core.processes import MAILLAGE, WORKER, run_together
from maillage.demo.accounts import AMO, DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from maillage.demo.api import DEMO_API_TOKEN
from maillage.demo.generator import generate


class Command(BaseCommand):
    help = "Create the database and the synthetic demo network if needed, then serve the demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Prepare the demo and exit.")

    def handle(self, *args: Any, addrport: str, no_serve: bool, **options: Any) -> None:
        self.stdout.write(f"Base de données : {settings.DATABASES['default']['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        result = generate(scale=1.0)
        if result.created:
            self.stdout.write(
                f"Réseau de démonstration créé : {result.organisations} organisations, "
                f"{result.users} personnes, {result.memberships} rôles, "
                f"{result.cases} dossiers de jeunes."
            )
        else:
            self.stdout.write("Réseau de démonstration déjà présent : rien à régénérer.")
        self.print_logins()
        if no_serve:
            return
        self.stdout.write(self.style.SUCCESS(f"Maillage tourne sur http://{addrport}/"))
        web = [*MAILLAGE, "runserver", addrport, "--noreload", "--skip-checks"]
        if code := run_together([web, WORKER]):
            raise SystemExit(code)

    def print_logins(self) -> None:
        self.stdout.write(f"\nComptes de démonstration (mot de passe : {DEMO_PASSWORD})")
        for account in DEMO_ACCOUNTS:
            roles = ", ".join(f"{role.label} @ {slug}" for slug, role in account.roles)
            extra = f"  [code TOTP : secret {DEMO_TOTP_SECRET}]" if account.totp else ""
            self.stdout.write(f"  {account.email:<32} {roles}{extra}")
        self.stdout.write(
            f"\nJeton d'API de démonstration (toutes les permissions, {AMO}) :\n"
            f"  {DEMO_API_TOKEN}\n"
        )
