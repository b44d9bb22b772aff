"""The retention policy, applied in the background."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.tasks import task
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.jobs import register_job
from maillage.core.models import Job, JobStatus, Organisation

log = logging.getLogger(__name__)


@task()
def apply_retention(job_id: str) -> None:
    from maillage.privacy.services import retention_apply

    job = Job.objects.select_related("owner", "organisation").get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, total=1)
    try:
        counts = retention_apply(actor=job.owner, organisation=job.organisation)
    except Exception:
        log.exception("Retention %s failed", job_id)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, message=_("Applying the retention policy failed.")
        )
        raise
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        done=1,
        message=_(
            "Deleted: %(followups)s follow-up(s), %(requests)s request(s), the schooling "
            "records of %(schooling)s person(s), %(persons)s person(s). Anonymised: "
            "%(anonymised)s person(s)."
        )
        % counts,
    )


@dataclass
class RetentionRun:
    """What the nightly run did: the counts of each organisation done, and the kind of
    error of each that failed (never its message, which may name a person)."""

    done: dict[str, dict[str, int]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def apply_retention_everywhere() -> RetentionRun:
    """What the daily schedule runs: every active organisation, each in its own transaction.

    One organisation's failure is logged, audited and reported; it rolls back that
    organisation's work only, and the next ones still run."""
    from maillage.privacy.services import retention_apply

    run = RetentionRun()
    for org in Organisation.objects.filter(is_active=True).order_by("slug"):
        try:
            run.done[org.slug] = retention_apply(actor=None, organisation=org)
        except Exception as error:
            # The log's formatter drops exception messages (core.errors.PrivateFormatter):
            # a ProtectedError's names the rows, and so the persons, that stopped it.
            log.exception("Retention failed for organisation %s", org.slug)
            run.failed[org.slug] = type(error).__name__
            audit_log(
                actor=None,
                action="privacy.retention.failed",
                organisation=org,
                changes={"error": type(error).__name__},
            )
    return run


register_job("privacy.retention", apply_retention)
