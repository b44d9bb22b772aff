"""`maillage purge-applications [--dry-run]`: delete the job applications older than
MAILLAGE_APPLICATION_RETENTION_DAYS, with their CVs (a nightly run, like apply-retention)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from maillage.website.applications import applications_purge, retention_limit
from maillage.website.models import JobApplication


class Command(BaseCommand):
    help = "Delete the job applications kept longer than the retention delay, with their CVs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        if dry_run:
            count = JobApplication.objects.filter(received_at__lt=retention_limit()).count()
            self.stdout.write(f"{count} application(s) to delete")
            return
        self.stdout.write(f"deleted {applications_purge(actor=None)} application(s)")
