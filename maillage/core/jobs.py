"""Background work with progress: a Job row that the task updates and the page polls."""

from __future__ import annotations

import csv
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext as _

from maillage.core.models import Job, JobStatus, Organisation, User

log = logging.getLogger(__name__)


def job_start(
    *, owner: User, organisation: Organisation, kind: str, label: str, params: dict[str, Any]
) -> Job:
    """Record the job, then enqueue its task once the row is committed."""
    runner = JOB_TASKS[kind]
    job = Job.objects.create(
        owner=owner, organisation=organisation, kind=kind, label=label, params=params
    )
    transaction.on_commit(lambda: runner.enqueue(job_id=str(job.pk)))
    return job


def job_progress(job: Job, *, done: int, total: int, message: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, done=done, total=total, message=message
    )


def job_finish(job: Job, *, status: str, message: str, result_file: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status, message=message, result_file=result_file, done=job.total
    )


def private_path(relative: str) -> Path:
    path = Path(settings.PRIVATE_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


AUDIT_EXPORT_BATCH = 2000


@task()
def export_audit_log(job_id: str) -> None:
    from maillage.core.audit_queries import audit_search
    from maillage.core.scoping import bind_organisation

    job = Job.objects.select_related("owner").get(pk=job_id)
    try:
        bind_organisation(job.owner, job.organisation_id)
        events = audit_search(job.owner, job.params)
        total = events.count()
        job.total = total
        job_progress(job, done=0, total=total)
        relative = f"exports/{job.pk}.csv"
        with private_path(relative).open("w", newline="", encoding="utf-8-sig") as out:
            writer = csv.writer(out, delimiter=";")
            writer.writerow(
                [_("When"), _("Who"), _("Kind"), _("Action"), _("Object"), _("IP address")]
            )
            for done, event in enumerate(events.iterator(chunk_size=AUDIT_EXPORT_BATCH), 1):
                writer.writerow(
                    [
                        event.created_at.isoformat(),
                        event.actor_label,
                        event.get_kind_display(),
                        event.action,
                        event.target_label,
                        event.ip or "",
                    ]
                )
                if done % AUDIT_EXPORT_BATCH == 0:
                    job_progress(job, done=done, total=total)
        job_finish(job, status=JobStatus.DONE, message=_("Export ready."), result_file=relative)
    except Exception:
        log.exception("Audit export %s failed", job_id)
        job_finish(job, status=JobStatus.FAILED, message=_("The export failed. Please try again."))
        raise


# Kind of job → the task that runs it. Apps add theirs with `register_job` at start.
JOB_TASKS: dict[str, Any] = {"core.audit_export": export_audit_log}


def register_job(kind: str, runner: Any) -> None:
    JOB_TASKS[kind] = runner
