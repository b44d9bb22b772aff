"""`maillage network-reminders [--now]`: queue the day's reminders of agreements to renew
(cron: `0 7 * * * maillage network-reminders`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from maillage.network.notify import renewal_reminders, send_renewal_reminders


class Command(BaseCommand):
    help = "E-mail the managers of each party organisation about agreements to renew."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="Send here instead of queuing a task."
        )

    def handle(self, *args: Any, now: bool, **options: Any) -> None:
        if now:
            sent = send_renewal_reminders(timezone.localdate())
            self.stdout.write(f"{sent} e-mail(s) sent")
            return
        renewal_reminders.enqueue()
        self.stdout.write("queued")
