"""Applications are kept MAILLAGE_APPLICATION_RETENTION_DAYS, then deleted with their CVs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from maillage.core.audit_models import AuditEvent
from maillage.core.uploads import stored_path
from maillage.website import services
from maillage.website.models import JobApplication
from maillage.website.tasks import purge_applications

pytestmark = pytest.mark.django_db(transaction=True)


def _age(application, days):
    JobApplication.objects.filter(pk=application.pk).update(
        received_at=timezone.now() - timedelta(days=days)
    )


def test_old_applications_are_purged_with_their_files(
    application, spontaneous_application, org_a, offer, settings
):
    settings.MAILLAGE_APPLICATION_RETENTION_DAYS = 30
    recent = services.application_submit(
        organisation=org_a, offer=offer, name="R", email="r@example.org", message="", cv=_pdf()
    )
    _age(application, 31)
    _age(spontaneous_application, 400)
    old_files = [stored_path(a.stored_name) for a in (application, spontaneous_application)]
    assert all(path.exists() for path in old_files)
    assert services.applications_purge() == 2
    assert list(JobApplication.objects.all()) == [recent]
    assert not any(path.exists() for path in old_files)
    assert stored_path(recent.stored_name).exists()
    event = AuditEvent.objects.get(action="website.application.purged")
    assert event.changes == {"count": 2}
    assert event.organisation_id == org_a.pk
    assert "R" not in event.target_label.split()


def test_the_command_and_the_task_purge_too(application, settings, capsys):
    _age(application, settings.MAILLAGE_APPLICATION_RETENTION_DAYS + 1)
    call_command("purge-applications", "--dry-run")
    assert "1 application(s) to delete" in capsys.readouterr().out
    assert JobApplication.objects.count() == 1
    call_command("purge-applications")
    assert "deleted 1 application(s)" in capsys.readouterr().out
    assert not JobApplication.objects.exists()
    assert not stored_path(application.stored_name).exists()
    assert purge_applications.call() == 0


def test_the_task_runs_in_the_worker(application, settings):
    from django.core.management import call_command as run

    _age(application, settings.MAILLAGE_APPLICATION_RETENTION_DAYS + 5)
    purge_applications.enqueue()
    run("db_worker", "--batch", "--interval", "0")
    assert not JobApplication.objects.exists()
    assert not stored_path(application.stored_name).exists()


def _pdf():
    from tests.website.conftest import pdf

    return pdf()
