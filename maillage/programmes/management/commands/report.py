"""`maillage report`: a programme's or an organisation's period report, written to a file.

    maillage report --programme ID_OR_SLUG --from 2025-01-01 --to 31/12/2025 \
        --format pdf --output rapport.pdf
    maillage report --organisation SLUG --from … --to … --format xlsx --output rapport.xlsx

The same generation as the report pages, run at once (no background job, no record kept).
Bad input stops with a French message and a non-zero exit. The file appears whole or not at
all: it is written under a temporary name then renamed, so a killed run leaves the previous
file. `--progress` says each step on the error output.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from maillage.core.jobs import write_atomically
from maillage.core.models import Organisation
from maillage.core.validation import parse_id
from maillage.programmes.indicators import Period
from maillage.programmes.models import Programme
from maillage.programmes.report_data import build
from maillage.programmes.report_files import FORMATS, render_one

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_date(value: str | None, option: str) -> date:
    if not value:
        raise CommandError(_("Give %(option)s (YYYY-MM-DD or dd/mm/yyyy).") % {"option": option})
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise CommandError(
        _("%(option)s: “%(value)s” is not a date (YYYY-MM-DD or dd/mm/yyyy).")
        % {"option": option, "value": value}
    )


def find_programme(value: str) -> Programme:
    pk = parse_id(value)
    lookup = {"pk": pk} if pk is not None else {"slug": value}
    programme = Programme.objects.select_related("organisation").filter(**lookup).first()
    if programme is None:
        raise CommandError(_("No programme “%(value)s”.") % {"value": value})
    return programme


def find_organisation(value: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=value).first()
    if organisation is None:
        raise CommandError(_("No organisation “%(value)s”.") % {"value": value})
    return organisation


class Command(BaseCommand):
    help = "Write a programme's or an organisation's period report (PDF, XLSX or HTML)."

    def add_arguments(self, parser: CommandParser) -> None:
        # Checked in `handle`, not by argparse, so that every refusal is said in French.
        parser.add_argument("--programme", help="Programme: its number or short name.")
        parser.add_argument("--organisation", help="Organisation: its short name.")
        parser.add_argument("--from", dest="period_start", help="First day (YYYY-MM-DD).")
        parser.add_argument("--to", dest="period_end", help="Last day (YYYY-MM-DD).")
        parser.add_argument("--format", dest="fmt", default="pdf", help="pdf, xlsx or html.")
        parser.add_argument("--output", help="The file to write.")
        parser.add_argument("--title", default="", help="The report's title.")
        parser.add_argument(
            "--progress", action="store_true", help="Say each step on the error output."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        if bool(options["programme"]) == bool(options["organisation"]):
            raise CommandError(_("Give either --programme or --organisation."))
        fmt = (options["fmt"] or "").lower()
        if fmt not in FORMATS:
            raise CommandError(_("--format: choose pdf, xlsx or html."))
        if not options["output"]:
            raise CommandError(_("Give the file to write with --output."))
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(_("The folder of %(path)s does not exist.") % {"path": output})
        start = parse_date(options["period_start"], "--from")
        end = parse_date(options["period_end"], "--to")
        if end < start:
            raise CommandError(_("The end cannot be before the start."))
        programme = find_programme(options["programme"]) if options["programme"] else None
        organisation = (
            programme.organisation if programme else find_organisation(options["organisation"])
        )
        contents = build(
            organisation=organisation,
            programme=programme,
            period=Period(start, end),
            title=options["title"],
            progress=self._progress if options["progress"] else None,
        )
        content = render_one(contents, fmt)
        if options["progress"]:
            self.stderr.write(_("Writing the file…"))
        write_atomically(output, content)
        self.stdout.write(_("Report written to %(path)s.") % {"path": output})

    def _progress(self, done: int, total: int) -> None:
        self.stderr.write(
            _("Sections computed: %(done)s of %(total)s") % {"done": done, "total": total}
        )
