"""A report's files open and hold the figures of the statistics layer: the PDF (read back
with pypdf) and the workbook (read back with openpyxl), made by the job's task; an empty
period gives a valid report of zeros; no person is ever named."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from maillage.core.jobs import private_path
from maillage.core.models import JobStatus
from maillage.programmes import reports
from maillage.programmes.indicators import CATALOGUE
from maillage.programmes.models import Report, ReportStatus
from maillage.programmes.report_jobs import run_report
from tests.community.conftest import acting
from tests.documents import assert_tagged_pdf
from tests.programmes.conftest_reports import *  # noqa: F403  (the fixtures)
from tests.programmes.conftest_reports import LABEL, PERSON_NAME


def pdf_text(content: bytes) -> str:
    """The PDF's words, each space (line ends, thin spaces between thousands) made one."""
    pages = PdfReader(BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def make_report(
    user, organisation, programme=None, start=date(2025, 1, 1), end=date(2025, 12, 31), title=""
):
    acting(user, organisation, "programme_coordinator")
    report = reports.report_request(
        actor=user,
        organisation=organisation,
        programme=programme,
        period_start=start,
        period_end=end,
        title=title,
    )
    run_report.call(job_id=str(report.job_id))  # what the worker runs, here at once
    report.refresh_from_db()
    return report


def rows_of(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_the_programme_report_pdf_holds_the_figures_budget_and_target_and_no_name(
    programme_coordinator, org_a, dataset, report_indicator
):
    report = make_report(programme_coordinator, org_a, dataset)
    assert report.status == ReportStatus.READY and report.job.status == JobStatus.DONE
    assert report.title == "Rapport d’activités 2025 — Cohésion sociale 2025"
    content = private_path(report.pdf_file).read_bytes()
    assert_tagged_pdf(content, title=report.title)
    text = pdf_text(content)
    assert f"{LABEL} 19 20" in text  # the figure and its target, on the indicator's row
    assert "Le ou la jeune 12" in text and "Un parent <5" in text and "Une école <5" in text
    assert "Soutien scolaire au quartier" in text and "Maison Beta" in text
    assert "Enveloppe 100 000,00" in text
    assert "Dépensé pendant la période 12 500,50" in text
    assert "Reste 87 499,50" in text
    for name in (*PERSON_NAME, programme_coordinator.first_name, "Olga"):
        assert name not in text


@pytest.mark.django_db
def test_the_workbook_has_numbers_as_numbers_and_small_cells_as_their_text(
    programme_coordinator, org_a, dataset, report_indicator
):
    report = make_report(programme_coordinator, org_a, dataset)
    workbook = load_workbook(private_path(report.xlsx_file))
    summary = workbook.worksheets[0]
    assert summary.title == "Synthèse"
    line = next(row for row in rows_of(summary) if row[1] == LABEL)
    assert line[2] == 19 and isinstance(line[2], int)  # A's 15 and B's 4, not C's
    assert line[3] == 20  # the target of 2025
    budget = {row[0]: row[1] for row in rows_of(summary) if row[0]}
    assert float(budget["Enveloppe"]) == 100000
    assert float(budget["Dépensé pendant la période"]) == 12500.5
    assert float(budget["Reste"]) == 100000 - 12500.5  # the 2026 spending is after the period
    # One sheet per section, after the summary.
    assert len(workbook.worksheets) == 1 + len(reports.section_keys()) - 1
    individual = workbook.worksheets[1]
    values = {row[0]: row[1] for row in rows_of(individual) if row[0]}
    assert values["Le ou la jeune"] == 12
    assert values["Un parent"] == "<5" and values["Une école"] == "<5"
    every = "\n".join(str(v) for s in workbook.worksheets for r in rows_of(s) for v in r if v)
    for name in (*PERSON_NAME, programme_coordinator.first_name):
        assert name not in every
    # The whole catalogue is in the report, whatever it holds.
    labels = {row[1] for row in rows_of(summary)}
    assert {str(item.label) for item in CATALOGUE.values()} <= labels


@pytest.mark.django_db
def test_a_period_without_data_gives_a_valid_report_of_zeros(
    programme_coordinator, org_a, dataset, report_indicator
):
    report = make_report(
        programme_coordinator, org_a, dataset, start=date(2030, 1, 1), end=date(2030, 1, 31)
    )
    assert report.status == ReportStatus.READY
    assert private_path(report.pdf_file).read_bytes().startswith(b"%PDF")
    summary = load_workbook(private_path(report.xlsx_file)).worksheets[0]
    line = next(row for row in rows_of(summary) if row[1] == LABEL)
    assert line[2] == 0
    html = private_path(report.html_file).read_text()
    assert "<html" in html and LABEL in html


@pytest.mark.django_db
def test_an_organisation_report_counts_only_the_organisation(
    programme_coordinator, org_a, dataset, report_indicator
):
    report = make_report(programme_coordinator, org_a)
    assert report.programme is None
    summary = load_workbook(private_path(report.xlsx_file)).worksheets[0]
    line = next(row for row in rows_of(summary) if row[1] == LABEL)
    assert line[2] == 15
    assert not any(row[0] == "Enveloppe" for row in rows_of(summary))


@pytest.mark.django_db
def test_narratives_appear_in_the_files_once_made_again(
    programme_coordinator, org_a, dataset, report_indicator
):
    report = make_report(programme_coordinator, org_a, dataset)
    reports.narrative_save(
        actor=programme_coordinator,
        report=report,
        section="collective",
        text="Trois stages d’été ont eu lieu.",
    )
    job = reports.report_regenerate(actor=programme_coordinator, report=report)
    run_report.call(job_id=str(job.pk))
    report = Report.objects.get(pk=report.pk)
    assert "Trois stages d’été ont eu lieu." in pdf_text(private_path(report.pdf_file).read_bytes())


@pytest.mark.django_db
def test_the_end_before_the_start_is_refused_at_the_end_field(programme_coordinator, org_a):
    from django.core.exceptions import ValidationError

    acting(programme_coordinator, org_a, "programme_coordinator")
    with pytest.raises(ValidationError) as caught:
        reports.report_request(
            actor=programme_coordinator,
            organisation=org_a,
            period_start=date(2025, 12, 31),
            period_end=date(2025, 1, 1),
        )
    assert caught.value.message_dict["period_end"] == ["La fin ne peut pas précéder le début."]
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_programme_not_visible_is_refused(make_user, org_c, programme):
    from django.core.exceptions import ValidationError

    stranger = make_user("admin@c.example", (org_c, "administrator"))
    acting(stranger, org_c, "administrator")
    with pytest.raises(ValidationError) as caught:
        reports.report_request(
            actor=stranger,
            organisation=org_c,
            programme=programme,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        )
    assert "programme" in caught.value.message_dict


@pytest.mark.django_db
def test_the_workbook_is_titled_and_its_sheets_named_readably(
    programme_coordinator, org_a, dataset, report_indicator
):
    report = make_report(programme_coordinator, org_a, dataset)
    workbook = load_workbook(private_path(report.xlsx_file))
    assert workbook.properties.title == report.title
    assert workbook.properties.creator == "Maillage"
    assert workbook.properties.lastModifiedBy == "Maillage"
    names = workbook.sheetnames
    assert names[0] == "Synthèse"
    # Cut after a whole word, not in the middle of one as before ("…et fa").
    assert "Accompagnements individuels et…" in names
    assert "Réseau, concertation et…" in names
    assert all(len(name) <= 31 for name in names)
    assert len({name.lower() for name in names}) == len(names)


@pytest.mark.django_db
def test_text_typed_by_the_team_never_runs_as_a_formula_in_the_workbook(
    programme_coordinator, org_a, dataset, report_indicator
):
    typed = '=HYPERLINK("http://x","y")'
    report = make_report(programme_coordinator, org_a, dataset, title=typed)
    reports.narrative_save(
        actor=programme_coordinator, report=report, section="collective", text="@SUM(A1)"
    )
    job = reports.report_regenerate(actor=programme_coordinator, report=report)
    run_report.call(job_id=str(job.pk))
    report = Report.objects.get(pk=report.pk)
    workbook = load_workbook(private_path(report.xlsx_file))
    assert workbook.worksheets[0]["A1"].value == "'" + typed
    collective = workbook["Action collective"]
    assert collective["A2"].value == "'@SUM(A1)"
    assert all(cell.data_type != "f" for s in workbook for row in s.iter_rows() for cell in row)
    # The PDF is no spreadsheet: its title is the text as typed.
    assert_tagged_pdf(private_path(report.pdf_file).read_bytes(), title=typed)
