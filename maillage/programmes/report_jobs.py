"""The background job that makes a report's files; its page (`core:job`) shows the progress
and leads to the report once it is ready.

The runner registers itself at import: `reports.py` (which starts these jobs) imports this
module, and so do the views and the URLs, so the kind is known in the web process and in the
worker alike.

A worker killed mid-report leaves the report "being prepared": when `core.jobs` finds the job
dead, `report_abandoned` marks the report failed, so that its page says so and offers to make
it again. The files are only served once the report is ready, never a half-written one.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from maillage.core.jobs import job_finish, job_progress, register_job
from maillage.core.models import Job, JobStatus
from maillage.core.scoping import bind_organisation

log = logging.getLogger(__name__)

JOB_KIND = "programmes.report"


@task()
def run_report(job_id: str) -> None:
    from maillage.programmes.models import Report, ReportStatus
    from maillage.programmes.reports import generate

    job = Job.objects.select_related("owner", "organisation").get(pk=job_id)
    report_id = job.params.get("report")
    try:
        report = Report.objects.select_related("organisation", "programme").get(pk=report_id)
        bind_organisation(job.owner, job.organisation_id)
        # Running from the start, so that a worker dying before the first section is noticed.
        job_progress(job, done=0, total=job.total, message=_("Computing the indicators…"))

        def progress(done: int, total: int) -> None:
            # One step per section, and one more for writing the three files.
            job.total = total + 1
            message = _("Computing the indicators…") if done < total else _("Writing the files…")
            job_progress(job, done=done, total=total + 1, message=message)

        with translation.override(settings.LANGUAGE_CODE):
            generate(report, progress=progress)
            job_finish(job, status=JobStatus.DONE, message=_("The report is ready."))
    except Exception:
        log.exception("Report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(status=ReportStatus.FAILED)
        job_finish(
            job, status=JobStatus.FAILED, message=_("The report could not be made. Try again.")
        )
        raise


def report_abandoned(job: Job) -> None:
    """The job's worker died: the report it was making is failed, not "being prepared"."""
    from maillage.programmes.models import Report, ReportStatus

    Report.objects.filter(job=job, status=ReportStatus.QUEUED).update(status=ReportStatus.FAILED)


register_job(JOB_KIND, run_report, abandoned=report_abandoned)
