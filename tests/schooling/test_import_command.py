"""`maillage import-absences`: what a school's nightly script sees."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from maillage.schooling.models import Absence, Signal
from tests.schooling.test_import_absences import lines, write_csv

pytestmark = pytest.mark.django_db


def command(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("import-absences", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_the_command_imports_and_raises_the_signals_before_it_returns(
    tmp_path, org_a, member, school
):
    path = write_csv(tmp_path, lines(9))
    status, output = command(str(path), "--school", school.fwb_number)
    assert status == 0
    assert "Lignes lues : 9" in output
    assert "Importées : 9" in output
    assert "Rejetées : 0" in output
    assert Absence.objects.count() == 9
    assert Signal.objects.filter(organisation=org_a, half_days=9).exists()
    # Again: nothing changes.
    status, output = command(str(path), "--school", school.fwb_number)
    assert (status, "Importées : 0" in output, "Inchangées : 9" in output) == (0, True, True)


def test_a_dry_run_writes_nothing(tmp_path, org_a, member, school):
    status, output = command(
        str(write_csv(tmp_path, lines(3))), "--school", school.fwb_number, "--dry-run"
    )
    assert (status, "À importer : 3" in output) == (0, True)
    assert not Absence.objects.exists()


def test_a_rejected_line_exits_non_zero_with_its_reason_and_imports_nothing(
    tmp_path, org_a, member, school
):
    rows = lines(3)
    rows[2][5] = "soir"
    status, output = command(str(write_csv(tmp_path, rows)), "--school", school.fwb_number)
    assert status == 1
    assert "Rejetées : 1" in output
    assert "Ligne 4, colonne « demi_jour » : « soir »" in output
    assert "Rien n’a été importé" in output
    assert not Absence.objects.exists()


def test_an_unknown_school_number_is_an_error(tmp_path, org_a, member, school):
    with pytest.raises(CommandError, match="Aucune école n’a le numéro FASE 999"):
        call_command("import-absences", str(write_csv(tmp_path, lines(1))), "--school", "999")


def test_with_several_teams_the_organisation_must_be_named(
    tmp_path, org_a, org_b, member, outsider, school
):
    path = str(write_csv(tmp_path, lines(1)))
    with pytest.raises(CommandError, match="--organisation"):
        call_command("import-absences", path, "--school", school.fwb_number)
    status, _output = command(path, "--school", school.fwb_number, "--organisation", org_b.slug)
    assert status == 0
    assert Absence.objects.get().organisation == org_b
