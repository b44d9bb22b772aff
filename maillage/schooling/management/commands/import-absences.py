"""`maillage import-absences PATH --school NUMBER [--dry-run]`: a school's nightly export,
through the same pipeline as the import page.

Prints the lines read, imported, unchanged and rejected (with the reason of each rejected
line) and exits with status 1 when any line is rejected, in which case nothing of the file
is imported. A successful import recomputes the thresholds of the pupils it touched before
returning, so their signals exist when the command ends.

The import is one transaction: a run killed at any point leaves nothing of the file, and the
same command can simply be run again. `--progress` prints the lines read so far on the error
output after each batch written (inside that transaction).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from maillage.core.imports import import_file
from maillage.core.models import Organisation, OrganisationKind
from maillage.schooling.imports import AbsenceImport
from maillage.schooling.models import Enrolment, School

# Every rejected line is printed: a school's script needs them all.
ALL_ERRORS = 1_000_000


class Command(BaseCommand):
    help = "Import a school's absence export (CSV or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--school", required=True, help="the school's FWB number")
        parser.add_argument(
            "--organisation",
            help="short name of the team that receives the absences, when several could",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--progress", action="store_true", help="print the lines read after each batch"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._run(options)

    def _run(self, options: dict[str, Any]) -> None:
        school = (
            School.objects.select_related("organisation")
            .filter(fwb_number=str(options["school"]).strip())
            .first()
        )
        if school is None:
            raise CommandError(
                _("No school has the FWB number %(number)s.") % {"number": options["school"]}
            )
        organisation = self._organisation(school, options.get("organisation"))
        result = import_file(
            AbsenceImport(),
            options["path"],
            # No user: the audit log records the system.
            actor=None,  # type: ignore[arg-type]
            organisation=organisation,
            options={"school": school.pk},
            commit=not options["dry_run"],
            max_errors=ALL_ERRORS,
            progress=self._progress if options["progress"] else None,
            # Lines read after each batch need the row-by-row path; the set-based one
            # reads the file whole.
            set_based=not options["progress"],
        )
        out = self.stdout.write
        for problem in result.file_errors:
            out(problem)
        out(_("Lines read: %(count)s") % {"count": result.rows})
        imported = result.created + result.updated
        if options["dry_run"]:
            out(_("To import: %(count)s") % {"count": imported})
        else:
            out(_("Imported: %(count)s") % {"count": imported if result.committed else 0})
        out(_("Unchanged: %(count)s") % {"count": result.unchanged})
        out(_("Rejected: %(count)s") % {"count": result.rejected})
        for error in result.errors:
            out(str(error))
        if not result.ok:
            out(_("Nothing was imported: correct the file and import it again."))
            raise SystemExit(1)

    def _progress(self, rows: int) -> None:
        self.stderr.write(_("Lines read so far: %(count)s") % {"count": rows})

    def _organisation(self, school: School, slug: str | None) -> Organisation:
        """The team the absences are for: named, or the only one it can be."""
        if slug:
            found = Organisation.objects.filter(slug=slug, is_active=True).first()
            if found is None:
                raise CommandError(
                    _("No organisation has the short name %(slug)s.") % {"slug": slug}
                )
            return found
        teams = Organisation.objects.filter(
            pk__in=Enrolment.objects.filter(school=school).values("organisation_id")
        )
        if teams.count() != 1:
            teams = (
                Organisation.objects.filter(is_active=True, memberships__is_active=True)
                .exclude(kind__in=[OrganisationKind.SCHOOL, OrganisationKind.CPMS])
                .distinct()
            )
        if teams.count() != 1:
            raise CommandError(
                _(
                    "Several organisations could receive these absences: "
                    "name one with --organisation."
                )
            )
        team = teams.get()
        return team
