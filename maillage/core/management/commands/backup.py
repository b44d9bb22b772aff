"""`maillage backup PATH`: a verified copy of the whole database (see maillage/core/backups.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from maillage.core.backups import BackupError, backup_create, keys_warning


class Command(BaseCommand):
    help = "Back up the database into a new directory (dump and manifest of checksums)."
    # A backup or a restore must work whatever the state of the code's checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="directory to create; must not exist")

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            manifest = backup_create(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            _("Backup written to %(path)s: %(tables)s tables, %(rows)s rows, checksummed.")
            % {"path": path, "tables": len(manifest["tables"]), "rows": rows}
        )
        self.stdout.write(self.style.WARNING(keys_warning()))
