"""The retention of job applications, applied in the background (and by
`maillage purge-applications` from cron or a systemd timer)."""

from __future__ import annotations

from django.tasks import task


@task()
def purge_applications() -> int:
    from maillage.website.applications import applications_purge

    return applications_purge(actor=None)
