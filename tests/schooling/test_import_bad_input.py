"""Bad absence files: a clear French message per line or per file, nothing half-imported."""

from __future__ import annotations

import pytest
from django.utils import translation

from maillage.people.models import Person
from maillage.schooling.models import Absence
from tests.schooling.test_import_absences import HEADER, lines, run, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def test_an_unknown_column_refuses_the_file(tmp_path, coordinator, org_a, school):
    path = write_csv(tmp_path, lines(1), header=[*HEADER[:-1], "humeur"])
    result = run(path, coordinator, org_a, school)
    assert not result.committed
    assert "Colonne inconnue « humeur »." in result.file_errors


def test_a_missing_date_rejects_its_line_and_nothing_is_imported(
    tmp_path, coordinator, org_a, school
):
    rows = lines(3)
    rows[1][4] = ""
    result = run(write_csv(tmp_path, rows), coordinator, org_a, school)
    assert (result.committed, result.rejected) == (False, 1)
    assert result.error_lines() == ["Ligne 3, colonne « date » : Cette valeur est obligatoire."]
    assert not Absence.objects.exists()
    assert not Person.objects.exists()


def test_a_date_in_the_summer_holidays_is_outside_the_school_year(
    tmp_path, coordinator, org_a, school
):
    rows = lines(2)
    rows[0][4] = "15/07/2025"
    result = run(write_csv(tmp_path, rows), coordinator, org_a, school)
    assert not result.committed
    assert "15/07/2025 n’est pas dans une année scolaire" in result.error_lines()[0]
    assert not Absence.objects.exists()


def test_a_half_day_twice_with_different_statuses_in_one_file_is_refused(
    tmp_path, coordinator, org_a, school
):
    rows = lines(1)
    other = list(rows[0])
    other[6] = "justifiee"
    result = run(write_csv(tmp_path, [*rows, other]), coordinator, org_a, school)
    assert not result.committed
    assert "même entrée que la ligne 2" in result.error_lines()[0]


def test_a_pupil_number_given_to_two_pupils_is_refused(tmp_path, coordinator, org_a, school):
    rows = [*lines(1), *lines(1, first="Yanis")]
    rows[1][4] = "07/10/2025"
    result = run(write_csv(tmp_path, rows), coordinator, org_a, school)
    assert not result.committed
    assert "La ligne 2 donne un autre nom ou une autre date de naissance" in result.error_lines()[0]


def test_a_known_pupil_number_with_another_name_is_refused(tmp_path, coordinator, org_a, school):
    run(write_csv(tmp_path, lines(1)), coordinator, org_a, school)
    result = run(write_csv(tmp_path, lines(1, first="Yanis")), coordinator, org_a, school)
    assert not result.committed
    assert "appartient à un autre élève" in result.error_lines()[0]


def test_unknown_half_day_and_status_values_name_the_accepted_ones(
    tmp_path, coordinator, org_a, school
):
    rows = lines(1)
    rows[0][5], rows[0][6] = "soir", "absent"
    result = run(write_csv(tmp_path, rows), coordinator, org_a, school)
    messages = result.error_lines()
    assert any("« soir » ne fait pas partie des valeurs admises" in m for m in messages)
    assert any("« absent » ne fait pas partie des valeurs admises" in m for m in messages)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"\x00\x01\x02PNG\x00\x00binary" * 50, "ni un fichier CSV ni un classeur Excel"),
    ],
)
def test_an_empty_or_binary_file_is_refused_whole(
    tmp_path, coordinator, org_a, school, content, message
):
    path = tmp_path / "absences.csv"
    path.write_bytes(content)
    result = run(path, coordinator, org_a, school)
    assert not result.committed
    assert message in result.file_errors[0]


@pytest.mark.parametrize("year", ["3²", "²", "٣", "３e"])
def test_a_year_in_other_digits_than_0_to_9_rejects_its_line_not_the_import(
    tmp_path, coordinator, org_a, school, year
):
    """Issue 19: "²" passed isdigit() and then int() raised, which stopped the import; "٣"
    was read as 3."""
    rows = [[*row, year] for row in lines(1)]
    result = run(write_csv(tmp_path, rows, header=[*HEADER, "annee"]), coordinator, org_a, school)
    assert not result.committed
    assert result.error_lines() == [
        "Ligne 2, colonne « annee » : Indiquez l’année par un nombre de 1 à 7."
    ]
    assert not Absence.objects.exists()
