"""`maillage apply-retention [--dry-run]`: the nightly retention run (cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from maillage.core.models import Organisation
from maillage.privacy.services import retention_plan
from maillage.privacy.tasks import apply_retention_everywhere


class Command(BaseCommand):
    help = "Delete what each organisation's retention policy no longer allows keeping."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List, delete nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        if dry_run:
            for org in Organisation.objects.filter(is_active=True).order_by("slug"):
                plan = retention_plan(organisation=org)
                self.stdout.write(
                    f"{org.slug}: {plan.requests.count()} request(s), "
                    f"{plan.followups.count()} follow-up(s) to delete, "
                    f"{plan.participants.count()} person(s) to anonymise"
                )
            return
        for slug, counts in apply_retention_everywhere().items():
            self.stdout.write(
                f"{slug}: deleted {counts['followups']} follow-up(s), "
                f"{counts['requests']} request(s), {counts['persons']} person(s); "
                f"anonymised {counts['anonymised']} person(s)"
            )
