"""Imports as background jobs: the commit of a previewed file runs as a Task whose progress
the job page polls (`core/jobs.py`). The uploaded file is deleted when the job ends."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, connections
from django.tasks import task
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from maillage.core.imports import ImportResult, ImportSpec, audit_import, import_file
from maillage.core.imports_files import upload_path
from maillage.core.jobs import job_finish, job_progress, job_start, register_job
from maillage.core.models import Job, JobStatus, Organisation, User
from maillage.core.scoping import bind_organisation

log = logging.getLogger(__name__)

JOB_KIND = "core.import"
# Seconds between two progress reports written during the commit.
PROGRESS_EVERY = 1.0


def spec_path(spec: ImportSpec) -> str:
    return f"{type(spec).__module__}.{type(spec).__qualname__}"


def import_start(
    *,
    actor: User,
    organisation: Organisation,
    spec: ImportSpec,
    token: str,
    rows: int,
    options: dict[str, Any] | None = None,
) -> Job:
    """Queue the commit of an uploaded (and previewed) file."""
    return job_start(
        owner=actor,
        organisation=organisation,
        kind=JOB_KIND,
        label=_("Import: %(what)s") % {"what": spec.label},
        params={"spec": spec_path(spec), "token": token, "rows": rows, "options": options or {}},
    )


def summary(result: ImportResult) -> str:
    if result.file_errors:
        return _("Import refused: %(error)s Nothing was imported.") % {
            "error": result.file_errors[0]
        }
    if not result.committed:
        return _(
            "Import refused: %(rejected)s rejected line(s), such as “%(error)s”. "
            "Nothing was imported: correct the file and import it again."
        ) % {"rejected": result.rejected, "error": result.error_lines()[0] if result.errors else ""}
    return _("Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


def _writing_progress(job: Job, total: int) -> Callable[[int], None] | None:
    """Progress during the commit's transaction must be written from another connection to be
    seen before the end. PostgreSQL allows it; SQLite holds one writer at a time, so its page
    shows "writing" until the end."""
    if connection.vendor != "postgresql":
        return None
    table = connection.ops.quote_name(Job._meta.db_table)
    message = _("Writing the rows…")

    last = [0.0]

    def report(done: int) -> None:
        if time.monotonic() - last[0] < PROGRESS_EVERY:
            return
        last[0] = time.monotonic()
        side = connections.create_connection("default")
        try:
            with side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET done = %s, total = %s, message = %s WHERE id = %s",  # noqa: S608
                    [min(done, total), total, message, job.pk],
                )
        finally:
            side.close()

    return report


@task()
def run_import(job_id: str) -> None:
    job = Job.objects.select_related("owner", "organisation").get(pk=job_id)
    params = job.params
    path = upload_path(
        params.get("token", ""), organisation_id=job.organisation_id, user_id=job.owner_id
    )
    try:
        spec: ImportSpec = import_string(params["spec"])()
        if path is None:
            job_finish(
                job,
                status=JobStatus.FAILED,
                message=_("The file is no longer available: upload it again."),
            )
            return
        bind_organisation(job.owner, job.organisation_id)
        total = max(int(params.get("rows") or 0), 1)
        job.total = total
        job_progress(job, done=0, total=total, message=_("Checking the rows…"))
        check = import_file(
            spec,
            path,
            actor=job.owner,
            organisation=job.organisation,
            options=params.get("options"),
            progress=lambda done: job_progress(
                job, done=min(done, total), total=total, message=_("Checking the rows…")
            ),
        )
        if not check.ok:
            audit_import(spec, actor=job.owner, organisation=job.organisation, result=check)
            job_finish(job, status=JobStatus.FAILED, message=summary(check)[:300])
            return
        job_progress(job, done=0, total=total, message=_("Writing the rows…"))
        result = import_file(
            spec,
            path,
            actor=job.owner,
            organisation=job.organisation,
            options=params.get("options"),
            commit=True,
            progress=_writing_progress(job, total),
        )
        status = JobStatus.DONE if result.committed else JobStatus.FAILED
        job_finish(job, status=status, message=summary(result)[:300])
    except Exception:
        log.exception("Import %s failed", job_id)
        job_finish(
            job, status=JobStatus.FAILED, message=_("The import failed. Nothing was imported.")
        )
        raise
    finally:
        if path is not None:
            path.unlink(missing_ok=True)


register_job(JOB_KIND, run_import)
