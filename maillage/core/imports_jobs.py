"""Imports as background jobs: the commit of a previewed file runs as a Task whose progress
the job page polls (`core/jobs.py`); the uploaded file is deleted when the job ends. Large
files are previewed by a job too, whose page then leads to the preview."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from maillage.core.imports import audit_import, import_file
from maillage.core.imports_files import upload_path
from maillage.core.imports_spec import ImportResult, ImportSpec
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
                    # updated_at is the job's heartbeat (see core.jobs.job_expire_stale).
                    f"UPDATE {table} SET done = %s, total = %s, message = %s, updated_at = %s "  # noqa: S608
                    "WHERE id = %s",
                    [min(done, total), total, message, timezone.now(), job.pk],
                )
        finally:
            side.close()

    return report


def _job_and_file(job_id: str) -> tuple[Job, Path | None]:
    """The job and its uploaded file; without the file, the job is failed and says why."""
    job = Job.objects.select_related("owner", "organisation").get(pk=job_id)
    path = upload_path(
        job.params.get("token", ""), organisation_id=job.organisation_id, user_id=job.owner_id
    )
    if path is None:
        job_finish(
            job,
            status=JobStatus.FAILED,
            message=_("The file is no longer available: upload it again."),
        )
    return job, path


@task()
def run_import(job_id: str) -> None:
    job, path = _job_and_file(job_id)
    params = job.params
    try:
        spec: ImportSpec = import_string(params["spec"])()
        if path is None:
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


# --- Previews in the background, for files that may take long to check ---

PREVIEW_KIND = "core.import_preview"
SAMPLE_BYTES = 1 << 16


def preview_start(
    *,
    actor: User,
    organisation: Organisation,
    spec: ImportSpec,
    token: str,
    preview: str,
    options: dict[str, Any] | None = None,
) -> Job:
    """Queue the check of an uploaded file; `preview` names the page (taking the job's `pk`)
    that shows its result."""
    return job_start(
        owner=actor,
        organisation=organisation,
        kind=PREVIEW_KIND,
        label=_("Check: %(what)s") % {"what": spec.label},
        params={
            "spec": spec_path(spec),
            "token": token,
            "options": options or {},
            "preview": preview,
        },
    )


def estimated_lines(path: Path) -> int:
    """About how many lines a CSV file has, from its first bytes (0 for a workbook)."""
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    if head.startswith(b"PK") or not head:
        return 0
    per_byte = max(head.count(b"\n"), 1) / len(head)
    return max(int(path.stat().st_size * per_byte), 1)


@task()
def run_preview(job_id: str) -> None:
    job, path = _job_and_file(job_id)
    params = job.params
    try:
        if path is None:
            return
        spec: ImportSpec = import_string(params["spec"])()
        bind_organisation(job.owner, job.organisation_id)
        total = estimated_lines(path)
        job.total = total
        job_progress(job, done=0, total=total, message=_("Checking the rows…"))
        state: dict[str, Any] = {}
        result = import_file(
            spec,
            path,
            actor=job.owner,
            organisation=job.organisation,
            options=params.get("options"),
            state=state,
            progress=lambda done: job_progress(
                job, done=min(done, total), total=total, message=_("Checking the rows…")
            ),
        )
        review = spec.review(state)
        if not review and not (result.ok and (result.created or result.updated)):
            path.unlink(missing_ok=True)  # nothing to confirm nor to review: not kept
        Job.objects.filter(pk=job.pk).update(
            params={
                **params,
                "result": result.to_json(),
                "review": review,
                "next": reverse(params["preview"], kwargs={"pk": job.pk}),
            }
        )
        job_finish(job, status=JobStatus.DONE, message=_("Check done."))
    except Exception:
        log.exception("Import preview %s failed", job_id)
        job_finish(job, status=JobStatus.FAILED, message=_("The check of the file failed."))
        raise


register_job(PREVIEW_KIND, run_preview)
