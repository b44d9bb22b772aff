"""Period reports of a programme or of an organisation: asked for here, computed in the
background (`report_jobs.py`) from the indicator catalogue, written as HTML, PDF and XLSX
(`report_files.py`) in the private storage.

Every function takes the acting user first, validates with French messages keyed by field,
runs in one transaction and writes the audit log. A report holds figures from the statistics
layer and the titles of programmes, projects and organisations: never a person's name.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.jobs import job_start, private_path, write_atomically
from maillage.core.models import Job, Organisation, User
from maillage.core.validation import Errors, raise_errors
from maillage.programmes.indicators import Period
from maillage.programmes.models import Programme, Report, ReportNarrative, ReportStatus
from maillage.programmes.report_data import Contents, Progress, build, default_title, section_keys
from maillage.programmes.report_files import render_all
from maillage.programmes.report_jobs import JOB_KIND

__all__ = ["generate", "narrative_save", "report_regenerate", "report_request"]

TITLE_MAX = 200


def period_errors(period_start: date | None, period_end: date | None) -> Errors:
    errors: Errors = {}
    if period_start is None:
        errors["period_start"] = [_("Give the first day of the period.")]
    if period_end is None:
        errors["period_end"] = [_("Give the last day of the period.")]
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = [_("The end cannot be before the start.")]
    return errors


def _start_job(actor: User, report: Report) -> Job:
    job = job_start(
        owner=actor,
        organisation=report.organisation,
        kind=JOB_KIND,
        label=_("Report: %(title)s") % {"title": report.title},
        # The job's page takes the user to the report once it is ready.
        params={"report": report.pk, "next": reverse("programmes:report", args=[report.pk])},
    )
    report.job = job
    report.status = ReportStatus.QUEUED
    report.save(update_fields=["job", "status"])
    return job


@transaction.atomic
def report_request(
    *,
    actor: User,
    organisation: Organisation,
    programme: Programme | None = None,
    period_start: date | None,
    period_end: date | None,
    title: str = "",
) -> Report:
    """Record the report and queue the job that makes its files."""
    errors = period_errors(period_start, period_end)
    if programme is not None and not (
        Programme.objects.visible_to(actor).filter(pk=programme.pk).exists()
    ):
        errors["programme"] = [_("Choose a programme of your organisation or that funds it.")]
    title = " ".join(title.split())
    if len(title) > TITLE_MAX:
        errors["title"] = [_("The title is too long (200 characters at most).")]
    raise_errors(errors)
    assert period_start is not None and period_end is not None
    period = Period(period_start, period_end)
    report = Report.objects.create(
        organisation=organisation,
        programme=programme,
        period_start=period_start,
        period_end=period_end,
        title=title or default_title(organisation, programme, period)[:TITLE_MAX],
        created_by=actor,
    )
    _start_job(actor, report)
    audit_log(
        actor=actor,
        action="programmes.report.requested",
        target=report,
        changes={"programme": programme is not None, "period": True},
    )
    return report


@transaction.atomic
def narrative_save(*, actor: User, report: Report, section: str, text: str) -> ReportNarrative:
    """The team's text for one section; the files show it once they are made again."""
    if section not in section_keys():
        raise ValidationError({"text": [_("This section does not exist.")]})
    narrative, _created = ReportNarrative.objects.update_or_create(
        report=report, section=section, defaults={"text": text.strip()}
    )
    audit_log(
        actor=actor,
        action="programmes.report_narrative.saved",
        target=report,
        changes={"section": section},
    )
    return narrative


@transaction.atomic
def report_regenerate(*, actor: User, report: Report) -> Job:
    """Make the files again (with the narratives as they are now)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    job = _start_job(actor, report)
    audit_log(actor=actor, action="programmes.report.regenerated", target=report, changes={})
    return job


def contents_of(report: Report, progress: Progress | None = None) -> Contents:
    narratives = dict(report.narratives.values_list("section", "text"))
    return build(
        organisation=report.organisation,
        programme=report.programme,
        period=Period(report.period_start, report.period_end),
        title=report.title,
        narratives=narratives,
        progress=progress,
    )


def file_path(report: Report, fmt: str) -> str:
    return f"reports/{report.pk}/rapport-{report.pk}.{fmt}"


def generate(report: Report, progress: Progress | None = None) -> None:
    """Compute the report and write its three files (what the job runs)."""
    contents = contents_of(report, progress)
    steps = len(section_keys())
    if progress:
        progress(steps, steps)
    paths = {}
    for fmt, content in render_all(contents).items():
        relative = file_path(report, fmt)
        write_atomically(private_path(relative), content)
        paths[fmt] = relative
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.READY,
        html_file=paths["html"],
        pdf_file=paths["pdf"],
        xlsx_file=paths["xlsx"],
        generated_at=timezone.now(),
    )
