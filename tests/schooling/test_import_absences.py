"""The import of absences: every format a school exports, idempotent re-imports, later files
that win, pupils matched to the team's persons, and bad files refused whole."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from maillage.core.imports import import_file
from maillage.people.models import Person
from maillage.schooling.imports import AbsenceImport
from maillage.schooling.models import Absence, AbsenceChange, Enrolment, Signal

pytestmark = pytest.mark.django_db

HEADER = ["matricule", "nom", "prenom", "date_naissance", "date", "demi_jour", "statut", "motif"]


def lines(count: int, *, matricule: str = "A1", first: str = "Lina", status: str = "injustifiee"):
    """`count` half-days of one pupil from Monday 6 October 2025, mornings then afternoons."""
    days = [date(2025, 10, d) for d in (6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21)]
    out = []
    for index in range(count):
        day = days[index // 2]
        half = "matin" if index % 2 == 0 else "apres-midi"
        out.append(
            [matricule, "Exemple", first, "14/03/2011", day.strftime("%d/%m/%Y"), half, status, ""]
        )
    return out


def write_csv(tmp_path: Path, rows, *, header=HEADER, encoding="utf-8", delimiter=";") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([header, *rows])
    path = tmp_path / "absences.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(path: Path, user, org, school, *, commit: bool = True):
    return import_file(
        AbsenceImport(),
        path,
        actor=user,
        organisation=org,
        options={"school": school.pk},
        commit=commit,
        max_errors=1000,
    )


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", ","), ("cp1252", ",")],
)
def test_a_csv_in_any_usual_encoding_and_delimiter_imports(
    tmp_path, coordinator, org_a, school, encoding, delimiter
):
    rows = lines(3, first="Zoé")
    path = write_csv(tmp_path, rows, encoding=encoding, delimiter=delimiter)
    result = run(path, coordinator, org_a, school)
    assert result.committed, result.error_lines()
    assert (result.rows, result.created, result.rejected) == (3, 3, 0)
    person = Person.objects.get(organisation=org_a)
    assert (person.first_name, person.birth_date) == ("Zoé", date(2011, 3, 14))
    enrolment = Enrolment.objects.get(person=person)
    assert (enrolment.school, enrolment.matricule, enrolment.school_year.label) == (
        school,
        "A1",
        "2025-2026",
    )


def test_headers_match_whatever_their_case_accents_order_and_synonyms(
    tmp_path, coordinator, org_a, school
):
    header = ["Prénom", "NOM", "Date de naissance", "Matricule", "Demi-jour", "Date", "Statut"]
    rows = [["Lina", "Exemple", "14/03/2011", "A1", "AM", "06/10/2025", "Injustifiée"]]
    result = run(write_csv(tmp_path, rows, header=header), coordinator, org_a, school)
    assert result.committed, result.error_lines()
    absence = Absence.objects.get()
    assert (absence.half_day, absence.status) == ("am", "unjustified")


def test_an_xlsx_with_date_cells_and_excel_serial_numbers_imports(
    tmp_path, coordinator, org_a, school
):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(
        ["A1", "Exemple", "Lina", datetime(2011, 3, 14), datetime(2025, 10, 6), "PM", "retard", ""]
    )
    # 45938 is 8 October 2025 for Excel.
    sheet.append(
        ["A1", "Exemple", "Lina", datetime(2011, 3, 14), 45938, "matin", "justifiee", "malade"]
    )
    path = tmp_path / "absences.xlsx"
    book.save(path)
    result = run(path, coordinator, org_a, school)
    assert result.committed, result.error_lines()
    recorded = {(a.date, a.half_day, a.status, a.reason) for a in Absence.objects.all()}
    assert recorded == {
        (date(2025, 10, 6), "pm", "late", None),
        (date(2025, 10, 8), "am", "justified", "malade"),
    }


def test_repeated_lines_count_once(tmp_path, coordinator, org_a, school):
    rows = lines(2)
    result = run(write_csv(tmp_path, [*rows, *rows, rows[0]]), coordinator, org_a, school)
    assert result.committed
    assert (result.rows, result.created, result.duplicates) == (5, 2, 3)
    assert Absence.objects.count() == 2


def test_importing_the_same_file_again_changes_nothing(tmp_path, coordinator, org_a, school):
    path = write_csv(tmp_path, lines(10))
    first = run(path, coordinator, org_a, school)
    second = run(path, coordinator, org_a, school)
    assert (first.created, second.created, second.updated, second.unchanged) == (10, 0, 0, 10)
    assert Absence.objects.count() == 10
    assert Person.objects.count() == 1
    assert Enrolment.objects.count() == 1
    assert AbsenceChange.objects.count() == 0


def test_a_later_file_wins_and_the_change_is_logged(tmp_path, coordinator, org_a, school):
    run(write_csv(tmp_path, lines(2)), coordinator, org_a, school)
    corrected = lines(2)
    corrected[0][6] = "justifiee"
    corrected[1][6] = "present"
    result = run(write_csv(tmp_path, corrected), coordinator, org_a, school)
    assert (result.updated, result.created) == (2, 0)
    assert list(Absence.objects.values_list("status", flat=True)) == ["justified"]
    changes = set(AbsenceChange.objects.values_list("old_status", "new_status", "changed_by"))
    assert changes == {
        ("unjustified", "justified", coordinator.pk),
        ("unjustified", "present", coordinator.pk),
    }


def test_a_preview_writes_nothing(tmp_path, coordinator, org_a, school):
    result = run(write_csv(tmp_path, lines(4)), coordinator, org_a, school, commit=False)
    assert (result.created, result.committed) == (4, False)
    assert not Absence.objects.exists()
    assert not Person.objects.exists()


def test_a_known_pupil_is_matched_to_their_file(tmp_path, coordinator, org_a, school):
    known = Person.objects.create(
        organisation=org_a, first_name="Lina", last_name="Exemple", birth_date=date(2011, 3, 14)
    )
    result = run(write_csv(tmp_path, lines(2)), coordinator, org_a, school)
    assert result.committed
    assert Person.objects.count() == 1
    assert set(Absence.objects.values_list("person", flat=True)) == {known.pk}


def test_an_uncertain_match_rejects_the_file_until_reviewed(tmp_path, coordinator, org_a, school):
    # Same birth date, a name spelt differently: perhaps the same girl, perhaps not.
    Person.objects.create(
        organisation=org_a, first_name="Lena", last_name="Exemple", birth_date=date(2011, 3, 14)
    )
    state: dict = {}
    result = import_file(
        AbsenceImport(),
        write_csv(tmp_path, lines(2)),
        actor=coordinator,
        organisation=org_a,
        options={"school": school.pk},
        state=state,
    )
    assert result.rejected == 2
    assert "ressemble à une personne déjà connue" in result.error_lines()[0]
    [pupil] = [p for p in state["pupils"].values() if p.uncertain]
    assert [label for _pk, label in pupil.candidates] == ["Lena Exemple (14/03/2011)"]


def test_nine_unjustified_half_days_raise_a_signal_when_the_import_commits(
    tmp_path, coordinator, org_a, school
):
    run(write_csv(tmp_path, lines(8)), coordinator, org_a, school)
    assert not Signal.objects.exists()
    run(write_csv(tmp_path, lines(9)), coordinator, org_a, school)
    signal = Signal.objects.get()
    assert (signal.half_days, signal.raised_on) == (9, date(2025, 10, 10))
