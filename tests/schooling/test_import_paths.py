"""The two paths of the absence import give the same results: the row-by-row path (SQLite,
XLSX, the API) and the set-based one (a CSV file on PostgreSQL, `core/imports_sql.py`). Each
awkward file is imported by both, each time rolled back, and everything compared: counts,
the French message of every line, the preview, and what was written."""

from __future__ import annotations

import codecs
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import translation
from openpyxl import Workbook

from maillage.core.imports import import_file
from maillage.core.imports_sql import set_based_applies
from maillage.people.models import Person
from maillage.schooling.imports import AbsenceImport
from maillage.schooling.models import Absence, AbsenceChange, AbsenceStatus, Enrolment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the set-based path is PostgreSQL's (COPY): on SQLite every file takes the "
        "row-by-row path, so there is nothing to compare",
    ),
]

HEADER = [
    "matricule", "nom", "prenom", "date_naissance", "date", "demi_jour", "statut", "motif",
    "annee", "classe",
]  # fmt: skip


def good(matricule: str, first: str, day: str, half: str = "matin", status: str = "injustifiée"):
    return [matricule, "Exemple", first, "14/03/2011", day, half, status, "", "2", "2B"]


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


@pytest.fixture
def recorded(pupil, absences):
    """K1, enrolled in the school with three unjustified half-days from 1 September 2025
    (the first with a reason), and a look-alike of the pupils the files bring (uncertain)."""
    enrolment = pupil("Karim", "Recorded", matricule="K1", birth_date=date(2010, 1, 5))
    made = absences(enrolment, 3)
    Absence.objects.filter(pk=made[0].pk).update(reason=None)
    first = Absence.objects.get(pk=made[0].pk)
    first.reason = "malade"
    first.save()
    Person.objects.create(
        organisation=enrolment.organisation,
        first_name="Lena",
        last_name="Semblable",
        birth_date=date(2011, 3, 14),
    )
    return enrolment


def rows_of_every_kind() -> list[list[str]]:
    """Lines 2 to 24 of a file: good ones, bad ones, repeats, known and new pupils."""
    return [
        good("A1", "Zoé", "06/10/2025"),  # a new pupil
        good("A1", "Zoé", "06/10/2025", "après-midi", "justifiée"),
        good("A1", "Zoé", "06/10/2025"),  # the same line again: counted once
        good("A1", "Zoé", "06/10/2025", status="retard"),  # same key, other values
        good("A1", "Zoé", "31/02/2025"),  # no such day
        good("A1", "Zoé", "15/07/2025"),  # summer holidays
        good("A1", "Zoé", "07/10/2099"),  # the future
        good("A1", "Zoé", "07/10/2025", "soir", "absent"),  # two unknown values
        good("A1", "Zoé", ""),  # a required cell left blank
        good("A1", "Zoëe", "08/10/2025"),  # the pupil number with another name
        ["A2", "Exemple", "Yanis", "14/03/2026", "08/10/2025", "AM", "I", "", "٣", "3A"],
        ["K1", "Recorded", "Karim", "05/01/2010", "01/09/2025", "matin", "présent", "", "", ""],
        ["K1", "Recorded", "Karim", "05/01/2010", "01/09/2025", "PM", "justifiée", "RDV", "", ""],
        ["K1", "Recorded", "Karim", "05/01/2010", "02/09/2025", "matin", "I", "", "", ""],
        ["K1", "Recorded", "Karim", "05/01/2010", "03/09/2025", "matin", "I", "", "", ""],
        ["a 3", "Nouveau", "Léo", "01/02/2012", "09/10/2025", "AP", "AJ", "certificat", "1", ""],
        ["A4", "Semblable", "Lina", "14/03/2011", "09/10/2025", "matin", "I", "", "", ""],
        ["", "", "", "", "", "", "", "", "", ""],  # a blank line: skipped, not counted
        good("A5", "Inès", "10/10/2025"),
        good("A5", "Inès", "13/10/2025", status="présent"),
        ["A6", "Exemple", "Tom", "14/03/2011", "10/10/2025", "matin", "I", "x" * 301, "", ""],
        ["A7", "Exemple", "Eva", "14/03/2011", "10/10/2025", "matin", "I", "", "9", ""],
        good("A8", "Noé", "10/10/2025"),
    ]


def clean_rows() -> list[list[str]]:
    """Lines every check accepts (the file then imports)."""
    return [
        good("A1", "Zoé", "06/10/2025"),
        good("A1", "Zoé", "06/10/2025", "après-midi", "justifiée"),
        good("A1", "Zoé", "06/10/2025"),
        ["K1", "Recorded", "Karim", "05/01/2010", "01/09/2025", "matin", "justifiée", "", "", ""],
        ["K1", "Recorded", "Karim", "05/01/2010", "01/09/2025", "PM", "présent", "", "", ""],
        ["K1", "Recorded", "Karim", "05/01/2010", "02/09/2025", "matin", "I", "", "", ""],
        ["K1", "Recorded", "Karim", "05/01/2010", "03/09/2025", "matin", "I", "RDV", "", ""],
        ["a 3", "Nouveau", "Léo", "01/02/2012", "09/10/2025", "AP", "AJ", "certificat", "1", ""],
        good("A5", "Inès", "10/10/2025"),
        good("A5", "Inès", "13/10/2025", status="présent"),
    ]


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    header: list[str] = HEADER,
    encoding: str = "utf-8",
    delimiter: str = ";",
    order: list[int] | None = None,
) -> Path:
    """Written by hand, not by the csv module: no quote anywhere unless a cell has one."""
    order = order or list(range(len(header)))
    lines = [delimiter.join(header[i] for i in order)]
    lines += [delimiter.join(row[i] for i in order) for row in rows]
    bom = codecs.BOM_UTF8 if encoding == "utf-8-sig" else b""
    path.write_bytes(bom + "\r\n".join([*lines, ""]).encode(encoding.replace("-sig", "")))
    return path


def snapshot() -> dict[str, Any]:
    """What an import wrote, without ids (the two paths create persons in the same order,
    but the sequences move on after a rollback)."""
    return {
        "absences": sorted(
            (
                a.enrolment.matricule,
                a.person.first_name,
                a.school_year.label,
                a.date,
                a.half_day,
                a.status,
                a.reason,
            )
            for a in Absence.objects.select_related("enrolment", "person", "school_year")
        ),
        "changes": sorted(
            (c.enrolment.matricule, c.date, c.half_day, c.old_status, c.new_status)
            for c in AbsenceChange.objects.select_related("enrolment")
        ),
        "enrolments": sorted(
            (
                e.matricule,
                e.person.first_name,
                e.person.last_name,
                e.person.birth_date,
                e.school_year.label,
                e.grade,
                e.class_name,
            )
            for e in Enrolment.objects.select_related("person", "school_year")
        ),
    }


def outcome(path: Path, user, org, school, *, set_based: bool, commit: bool) -> dict[str, Any]:
    """Import, note everything, and undo it."""
    state: dict[str, Any] = {}
    with transaction.atomic():
        result = import_file(
            AbsenceImport(),
            path,
            actor=user,
            organisation=org,
            options={"school": school.pk},
            commit=commit,
            max_errors=1000,
            state=state,
            set_based=set_based,
        )
        seen = {
            "result": {
                key: value
                for key, value in result.to_json().items()
                if key != "info"  # which reader: format, encoding, delimiter
            },
            "messages": result.error_lines(),
            "review": AbsenceImport().review(state),
            "written": snapshot(),
        }
        transaction.set_rollback(True)
    return seen


def both_paths(path: Path, user, org, school, *, commit: bool = True) -> dict[str, Any]:
    assert set_based_applies(AbsenceImport(), path) == path.name.endswith(".csv")
    row_by_row = outcome(path, user, org, school, set_based=False, commit=commit)
    set_based = outcome(path, user, org, school, set_based=True, commit=commit)
    assert set_based == row_by_row
    return set_based


def test_a_utf8_file_with_a_bom_and_every_kind_of_mistake(
    tmp_path, coordinator, org_a, school, recorded
):
    path = write_csv(tmp_path / "a.csv", rows_of_every_kind(), encoding="utf-8-sig")
    seen = both_paths(path, coordinator, org_a, school)
    messages = seen["messages"]
    # The paths agree, and on what today's import says (spot checks).
    assert seen["result"]["rows"] == 22 and seen["result"]["duplicates"] == 1
    assert not seen["result"]["committed"] and seen["written"]["absences"][0][0] == "K1"
    assert "Ligne 5 : Cette ligne décrit la même entrée que la ligne 2" in messages[0]
    assert "Ligne 6, colonne « date » : Saisissez une date au format jj/mm/aaaa." in messages
    assert any(m.startswith("Ligne 7, colonne « date » : 15/07/2025 n’est pas") for m in messages)
    assert "Ligne 8, colonne « date » : Cette date est dans le futur." in messages
    assert "Ligne 10, colonne « date » : Cette valeur est obligatoire." in messages
    assert any("Ligne 11, colonne « matricule » : La ligne 2 donne" in m for m in messages)
    assert any("Ligne 12, colonne « annee »" in m for m in messages)
    assert any(
        "Ligne 18, colonne « matricule » : « Lina Semblable » ressemble" in m for m in messages
    )
    assert any("Ligne 22, colonne « motif » : Ce texte" in m for m in messages)
    assert [r["matricule"] for r in seen["review"]] == ["A4"]


def test_a_cp1252_file_with_commas_and_shuffled_columns(
    tmp_path, coordinator, org_a, school, recorded
):
    order = [6, 0, 9, 4, 2, 1, 8, 3, 7, 5]
    path = write_csv(
        tmp_path / "b.csv", clean_rows(), encoding="cp1252", delimiter=",", order=order
    )
    seen = both_paths(path, coordinator, org_a, school)
    result = seen["result"]
    assert result["committed"], seen["messages"]
    assert (result["created"], result["updated"], result["unchanged"]) == (5, 2, 2)
    assert ("K1", date(2025, 9, 1), "pm", "unjustified", "present") in seen["written"]["changes"]
    reasons = {(a[0], a[3], a[4]): a[6] for a in seen["written"]["absences"]}
    assert reasons[("K1", date(2025, 9, 1), "am")] is None  # "malade" removed
    assert reasons[("K1", date(2025, 9, 3), "am")] == "RDV"
    assert reasons[("A3", date(2025, 10, 9), "pm")] == "certificat"


def test_a_preview_says_the_same_and_writes_nothing(tmp_path, coordinator, org_a, school, recorded):
    path = write_csv(tmp_path / "c.csv", clean_rows())
    seen = both_paths(path, coordinator, org_a, school, commit=False)
    assert (seen["result"]["created"], seen["result"]["committed"]) == (5, False)
    assert len(seen["result"]["preview"]) == 9


def test_quotes_ragged_lines_and_a_cell_over_two_lines_take_pythons_reader(
    tmp_path, coordinator, org_a, school, recorded
):
    """PostgreSQL's COPY and Python's reader differ on quotes: such files are read by
    Python into the same staging table, with the same line numbers."""
    text = "\r\n".join(
        [
            ";".join(HEADER),
            '"A1";"Exemple";"Zoé";"14/03/2011";"06/10/2025";"matin";"I";"deux\nlignes";"";""',
            "A1;Exemple;Zoé;14/03/2011;07/10/2025;matin;I",  # short: the optional cells blank
            "A1;Exemple;Zoé;14/03/2011;08/10/2025;matin;I;;;;en trop",
            "",
            'A1;Exemple;Z"o;14/03/2011;09/10/2025;matin;I;;;',
            "",
        ]
    )
    path = tmp_path / "d.csv"
    path.write_bytes(text.encode())
    seen = both_paths(path, coordinator, org_a, school)
    assert seen["messages"][0].startswith("Ligne 5 : Cette ligne a plus de cellules")
    assert any(
        m.startswith("Ligne 7, colonne « matricule » : La ligne 2") for m in seen["messages"]
    )


def test_an_xlsx_file_reads_as_its_csv_twin(tmp_path, coordinator, org_a, school, recorded):
    """XLSX keeps its reader (typed cells: dates, numbers) and the row-by-row path; its
    results are those of the same rows in a CSV file, imported set-based."""
    rows = clean_rows()
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        cells: list[Any] = list(row)
        for index in (3, 4):  # real dates, as Excel keeps them
            day, month, year = (int(part) for part in row[index].split("/"))
            cells[index] = datetime(year, month, day)
        cells[8] = int(row[8]) if row[8] else None
        sheet.append(cells)
    xlsx = tmp_path / "e.xlsx"
    book.save(xlsx)
    from_xlsx = outcome(xlsx, coordinator, org_a, school, set_based=True, commit=True)
    from_csv = both_paths(write_csv(tmp_path / "e.csv", rows), coordinator, org_a, school)
    assert from_xlsx == from_csv
    assert from_xlsx["result"]["committed"]


def test_a_file_of_only_good_lines_imports_whole_with_its_signals(
    tmp_path, coordinator, org_a, school
):
    rows = [
        good("S1", "Sam", f"{day:02}/10/2025", half)
        for day in (6, 7, 8, 9, 10)
        for half in ("matin", "après-midi")
    ]
    path = write_csv(tmp_path / "f.csv", rows)
    seen = both_paths(path, coordinator, org_a, school)
    assert seen["result"]["created"] == 10 and seen["result"]["committed"]
    assert all(a[5] == AbsenceStatus.UNJUSTIFIED for a in seen["written"]["absences"])
