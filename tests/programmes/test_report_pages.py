"""The report pages: asking for a report (calendar year or dates), the report's page with
its figures inline, narratives per section, making the files again, downloads."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.core.models import Job, JobStatus
from maillage.programmes import reports
from maillage.programmes.models import Report, ReportNarrative, ReportStatus
from maillage.programmes.report_jobs import JOB_KIND, run_report
from tests.community.conftest import acting
from tests.programmes.conftest_reports import *  # noqa: F403  (the fixtures)
from tests.programmes.conftest_reports import LABEL

pytestmark = pytest.mark.django_db


def ready_report(user, organisation, programme=None) -> Report:
    acting(user, organisation, "programme_coordinator")
    report = reports.report_request(
        actor=user,
        organisation=organisation,
        programme=programme,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    run_report.call(job_id=str(report.job_id))
    return Report.objects.get(pk=report.pk)


def test_a_calendar_year_report_is_asked_for_and_its_job_page_follows(
    login, programme_coordinator, programme
):
    client = login(programme_coordinator)
    form = client.get(reverse("programmes:report_create")).content.decode()
    assert "Cohésion sociale 2025" in form and "Année civile" in form
    response = client.post(
        reverse("programmes:report_create"), {"programme": programme.pk, "year": "2025"}
    )
    report = Report.objects.get()
    assert (report.period_start, report.period_end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert report.programme == programme and report.status == ReportStatus.QUEUED
    assert report.title == "Rapport d’activités 2025 — Cohésion sociale 2025"
    assert report.job.kind == JOB_KIND and report.job.params["next"] == report.get_absolute_url()
    assert response["Location"] == reverse("core:job", args=[report.job.pk])
    assert AuditEvent.objects.filter(action="programmes.report.requested").count() == 1


def test_an_end_before_the_start_shows_the_form_again_with_the_error_at_the_end(
    login, programme_coordinator
):
    response = login(programme_coordinator).post(
        reverse("programmes:report_create"),
        {"period_start": "2025-12-31", "period_end": "2025-01-01"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_period_end_error"' in page and "La fin ne peut pas précéder le début." in page
    assert not Report.objects.exists() and not Job.objects.exists()


def test_no_period_at_all_is_refused(login, programme_coordinator):
    page = login(programme_coordinator).post(reverse("programmes:report_create"), {}).content
    assert "Indiquez le premier jour de la période." in page.decode()
    assert not Report.objects.exists()


def test_the_report_page_shows_the_figures_inline_and_the_downloads(
    login, programme_coordinator, org_a, dataset, report_indicator
):
    report = ready_report(programme_coordinator, org_a, dataset)
    client = login(programme_coordinator)
    page = client.get(report.get_absolute_url()).content.decode()
    assert LABEL in page and "<svg" in page and "Soutien scolaire au quartier" in page
    assert "<html" not in page.split("<body", 1)[1]  # only the document's sections
    assert "<style" not in page.split("<body", 1)[1]  # the content policy refuses inline styles
    for fmt, content_type in (
        ("pdf", "application/pdf"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        url = reverse("programmes:report_download", args=[report.pk, fmt])
        assert url in page
        response = client.get(url)
        assert response["Content-Type"] == content_type
        assert (
            response["Content-Disposition"] == f'attachment; filename="rapport-{report.pk}.{fmt}"'
        )
    body = client.get(reverse("programmes:report_download", args=[report.pk, "pdf"])).content
    assert body.startswith(b"%PDF")
    assert (
        client.get(reverse("programmes:report_download", args=[report.pk, "doc"])).status_code
        == 404
    )


def test_a_narrative_is_saved_per_section(login, owner, org_a):
    acting(owner, org_a, "administrator")
    report = reports.report_request(
        actor=owner, organisation=org_a, period_start=date(2025, 1, 1), period_end=date(2025, 6, 30)
    )
    client = login(owner)
    url = reverse("programmes:report_narrative", args=[report.pk, "community"])
    response = client.post(url, {"community-text": "Un diagnostic social a été mené."})
    assert response["Location"] == report.get_absolute_url() + "#narrative-community"
    assert ReportNarrative.objects.get(report=report, section="community").text == (
        "Un diagnostic social a été mené."
    )
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Un diagnostic social a été mené." in page
    unknown = reverse("programmes:report_narrative", args=[report.pk, "finances"])
    assert client.post(unknown, {"finances-text": "x"}).status_code == 404


def test_making_the_files_again_queues_a_new_job(login, owner, org_a):
    acting(owner, org_a, "administrator")
    report = reports.report_request(
        actor=owner, organisation=org_a, period_start=date(2025, 1, 1), period_end=date(2025, 6, 30)
    )
    first = report.job_id
    response = login(owner).post(reverse("programmes:report_regenerate", args=[report.pk]))
    report.refresh_from_db()
    assert report.job_id != first and report.status == ReportStatus.QUEUED
    assert response["Location"] == reverse("core:job", args=[report.job_id])


def test_the_list_shows_the_organisation_reports_only(login, owner, org_a, outsider, org_b):
    acting(owner, org_a, "administrator")
    reports.report_request(
        actor=owner,
        organisation=org_a,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        title="Rapport semestriel de A",
    )
    assert (
        "Rapport semestriel de A"
        in login(owner).get(reverse("programmes:report_list")).content.decode()
    )
    assert "Rapport semestriel de A" not in (
        login(outsider).get(reverse("programmes:report_list")).content.decode()
    )


@pytest.mark.parametrize("page", ["programmes:report_list"])
def test_the_list_makes_as_many_queries_for_10_reports_as_for_1(
    login, owner, org_a, programme, django_assert_max_num_queries, page
):
    acting(owner, org_a, "administrator")

    def add() -> None:
        reports.report_request(
            actor=owner,
            organisation=org_a,
            programme=programme,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 6, 30),
        )

    add()
    client = login(owner)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse(page))
    for _ in range(9):
        add()
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse(page))


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_makes_the_report(login, programme_coordinator, programme):
    client = login(programme_coordinator)
    client.post(reverse("programmes:report_create"), {"programme": programme.pk, "year": "2025"})
    call_command("db_worker", "--batch", "--interval", "0")
    report = Report.objects.get()
    assert report.status == ReportStatus.READY and report.job.status == JobStatus.DONE
    assert report.pdf_file and report.xlsx_file and report.html_file
