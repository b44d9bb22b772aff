"""`maillage restore PATH [--force]`: restore a backup, then verify every table's checksum."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from maillage.core.backups import BackupError, backup_restore, keys_warning


class Command(BaseCommand):
    help = "Restore a backup made by `maillage backup` into the configured database."
    # A backup or a restore must work whatever the state of the code's checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="backup directory")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that already holds data"
        )

    def handle(self, *args: Any, path: Path, force: bool, **options: Any) -> None:
        try:
            manifest = backup_restore(path=path, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup of %(date)s restored: %(tables)s tables match their checksums.")
                % {"date": manifest["created_at"], "tables": len(manifest["tables"])}
            )
        )
        self.stdout.write(self.style.WARNING(keys_warning()))
