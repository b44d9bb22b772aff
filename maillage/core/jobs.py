"""Background work with progress: a Job row that the task updates and the page polls.

A worker can die mid-job (killed, out of memory, the machine restarted): its task never
reaches `job_finish` and the row would say "running" for ever, the page polling it in vain.
Every progress report is therefore also a heartbeat (`updated_at`), and a running job with no
heartbeat for `MAILLAGE_JOB_STALE_SECONDS` is declared failed by `job_expire_stale`, with a
message saying to start it again; the kind's `abandoned` hook undoes what it had promised
(a report "being prepared" becomes failed). A job's steps between two progress reports must
stay well below that limit.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.core.documents import CsvWriter
from maillage.core.models import Job, JobStatus, Organisation, User

log = logging.getLogger(__name__)


def stale_after() -> timedelta:
    return timedelta(seconds=settings.MAILLAGE_JOB_STALE_SECONDS)


def job_start(
    *, owner: User, organisation: Organisation, kind: str, label: str, params: dict[str, Any]
) -> Job:
    """Record the job, then enqueue its task once the row is committed."""
    runner = JOB_TASKS[kind]
    # Starting a job is when a dead one would be noticed: it may be the one run again.
    job_expire_stale()
    job = Job.objects.create(
        owner=owner, organisation=organisation, kind=kind, label=label, params=params
    )
    transaction.on_commit(lambda: runner.enqueue(job_id=str(job.pk)))
    return job


def job_progress(job: Job, *, done: int, total: int, message: str = "") -> None:
    # `update` skips `auto_now`: the heartbeat is written by hand.
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, done=done, total=total, message=message, updated_at=timezone.now()
    )


def job_finish(job: Job, *, status: str, message: str, result_file: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status,
        message=message,
        result_file=result_file,
        done=job.total,
        updated_at=timezone.now(),
    )


def job_expire_stale(now: datetime | None = None) -> int:
    """Declare failed the running jobs whose worker stopped reporting (see the module's
    docstring); returns how many. A job that reports again afterwards takes its real state
    back, since `job_progress` and `job_finish` overwrite the status."""
    limit = (now or timezone.now()) - stale_after()
    expired = 0
    stale = Job.objects.filter(status=JobStatus.RUNNING, updated_at__lt=limit)
    for job in stale.only("pk", "kind", "organisation_id"):
        # The message is stored as shown, in the interface's language, whoever notices.
        with translation.override(settings.LANGUAGE_CODE):
            message = _(
                "This job stopped before the end (its worker was interrupted). Start it again."
            )
        # Conditional on the same test: a heartbeat that came in meanwhile wins.
        marked = Job.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, updated_at__lt=limit
        ).update(status=JobStatus.FAILED, message=message, updated_at=timezone.now())
        if marked:
            expired += 1
            log.warning(
                "Job %s (%s): no heartbeat since before %s, failed", job.pk, job.kind, limit
            )
            hook = JOB_ABANDONED.get(job.kind)
            if hook is not None:
                hook(job)
    return expired


def write_atomically(path: Path, content: bytes) -> None:
    """Write `content` to a temporary file beside `path`, flush it to the disk, then rename it
    over `path` (a rename within one folder is atomic on POSIX and Windows alike)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
            writer = CsvWriter(out)
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
# Kind of job → what to undo when a job of that kind is found dead.
JOB_ABANDONED: dict[str, Callable[[Job], None]] = {}


def register_job(kind: str, runner: Any, *, abandoned: Callable[[Job], None] | None = None) -> None:
    JOB_TASKS[kind] = runner
    if abandoned is not None:
        JOB_ABANDONED[kind] = abandoned
