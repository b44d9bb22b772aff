"""The retention policy, applied in the background."""

from __future__ import annotations

import logging

from django.tasks import task
from django.utils.translation import gettext as _

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
            "Deleted: %(followups)s follow-up(s), %(requests)s request(s), %(persons)s "
            "person(s). Anonymised: %(anonymised)s person(s)."
        )
        % counts,
    )


def apply_retention_everywhere() -> dict[str, dict[str, int]]:
    """What the daily schedule runs: every active organisation, each in its transaction."""
    from maillage.privacy.services import retention_apply

    return {
        org.slug: retention_apply(actor=None, organisation=org)
        for org in Organisation.objects.filter(is_active=True)
    }


register_job("privacy.retention", apply_retention)
