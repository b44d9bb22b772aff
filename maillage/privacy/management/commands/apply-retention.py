"""`maillage apply-retention [--dry-run]`: the nightly retention run (cron or a systemd timer).

Besides each organisation's policy for young people's files, it applies the public site's
fixed delays: job applications older than MAILLAGE_APPLICATION_RETENTION_DAYS, and newsletter
subscriptions never confirmed within their 7 days. One command, one cron line.

Each organisation runs on its own: one that fails is named on stderr (the log has the
traceback), the others and the public site's delays still run, and the command then exits
with status 1 so that cron reports it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.core.models import Organisation
from maillage.newsletter.models import Subscriber
from maillage.newsletter.services import subscriptions_purge_expired
from maillage.privacy.services import retention_plan
from maillage.privacy.tasks import apply_retention_everywhere
from maillage.website.applications import applications_purge, retention_limit
from maillage.website.models import JobApplication


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
                    f"{plan.followups.count()} follow-up(s), "
                    f"the schooling records of {plan.pupils.count()} person(s) to delete, "
                    f"{plan.participants.count()} person(s) to anonymise"
                )
            applications = JobApplication.objects.filter(received_at__lt=retention_limit())
            self.stdout.write(
                f"public site: {applications.count()} job application(s) to delete, "
                f"{Subscriber.objects.expired().count()} unconfirmed subscription(s) to forget"
            )
            return
        run = apply_retention_everywhere()
        for slug, counts in run.done.items():
            self.stdout.write(
                f"{slug}: deleted {counts['followups']} follow-up(s), "
                f"{counts['requests']} request(s), the schooling records of "
                f"{counts['schooling']} person(s), {counts['persons']} person(s); "
                f"anonymised {counts['anonymised']} person(s)"
            )
        for slug, error in run.failed.items():
            self.stderr.write(f"{slug}: failed ({error}), nothing of it was deleted; see the log")
        self.stdout.write(
            f"public site: deleted {applications_purge(actor=None)} job application(s), "
            f"forgot {subscriptions_purge_expired()} unconfirmed subscription(s)"
        )
        if run.failed:
            raise CommandError(f"{len(run.failed)} organisation(s) failed: {', '.join(run.failed)}")
