"""`maillage report` writes each format for a programme or an organisation, and refuses bad
input in French with a non-zero exit."""

from __future__ import annotations

from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tests.programmes.conftest_reports import *  # noqa: F403  (the fixtures)
from tests.programmes.conftest_reports import LABEL

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_a_programme_report_in_each_format(tmp_path, dataset, report_indicator):
    for fmt, start in (("pdf", b"%PDF"), ("xlsx", b"PK"), ("html", b"<!DOCTYPE html>")):
        output = tmp_path / f"rapport.{fmt}"
        said = run(
            "--programme",
            "cohesion-2025",
            "--from",
            "2025-01-01",
            "--to",
            "31/12/2025",
            "--format",
            fmt,
            "--output",
            str(output),
        )
        assert "Rapport écrit dans" in said
        assert output.read_bytes().startswith(start), fmt
    summary = load_workbook(BytesIO((tmp_path / "rapport.xlsx").read_bytes())).worksheets[0]
    row = next(r for r in summary.iter_rows(values_only=True) if r[1] == LABEL)
    assert row[2] == 19


def test_the_command_takes_a_programme_by_number_or_an_organisation(
    tmp_path, dataset, org_a, report_indicator
):
    output = tmp_path / "par-numero.html"
    run(
        "--programme",
        str(dataset.pk),
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--format",
        "html",
        "--output",
        str(output),
    )
    assert "Cohésion sociale 2025" in output.read_text()
    output = tmp_path / "organisation.xlsx"
    run(
        "--organisation",
        org_a.slug,
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--format",
        "xlsx",
        "--output",
        str(output),
    )
    summary = load_workbook(output).worksheets[0]
    assert next(r for r in summary.iter_rows(values_only=True) if r[1] == LABEL)[2] == 15


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-01-01", "--to", "2025-12-31"], "Indiquez soit --programme"),
        (
            ["--programme", "inconnu", "--from", "2025-01-01", "--to", "2025-12-31"],
            "Aucun programme « inconnu »",
        ),
        (
            ["--organisation", "inconnue", "--from", "2025-01-01", "--to", "2025-12-31"],
            "Aucune organisation « inconnue »",
        ),
        (
            ["--programme", "cohesion-2025", "--from", "2025-13-01", "--to", "2025-12-31"],
            "n’est pas une date",
        ),
        (["--programme", "cohesion-2025", "--to", "2025-12-31"], "Indiquez --from"),
        (
            ["--programme", "cohesion-2025", "--from", "2025-12-31", "--to", "2025-01-01"],
            "La fin ne peut pas précéder le début.",
        ),
        (
            [
                "--programme",
                "cohesion-2025",
                "--from",
                "2025-01-01",
                "--to",
                "2025-12-31",
                "--format",
                "docx",
            ],
            "--format : choisissez pdf, xlsx ou html.",
        ),
    ],
)
def test_the_command_refuses_bad_input_in_french(tmp_path, programme, args, message):
    output = tmp_path / "rapport.pdf"
    with pytest.raises(CommandError, match=message):
        run(*args, "--output", str(output))
    assert not output.exists()


def test_bad_input_exits_non_zero_from_the_command_line(tmp_path, programme):
    from maillage.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(
            [
                "maillage",
                "report",
                "--programme",
                "inconnu",
                "--from",
                "2025-01-01",
                "--to",
                "2025-12-31",
                "--output",
                str(tmp_path / "x.pdf"),
            ]
        )
    assert exit_.value.code != 0
