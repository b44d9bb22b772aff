"""The shared import pipeline, on a small spec whose records live in a dict: reading CSV
and XLSX in any usual encoding and delimiter, matching headers, French errors naming the
line and the column, repeated rows, dry run and all-or-nothing commit."""

from __future__ import annotations

import codecs
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from maillage.core.audit_models import AuditEvent
from maillage.core.imports import import_file
from maillage.core.imports_parsers import boolean, choice, date_value, integer, list_of, text
from maillage.core.imports_spec import Column, Counts, ImportContext, ImportSpec, Row

STORE: dict[str, dict[str, Any]] = {}


class PupilSpec(ImportSpec):
    kind = "tests.pupil"
    label = "pupils"
    batch_size = 3
    columns = (
        Column("matricule", "Pupil number", text(20), required=True, synonyms=("numero",)),
        Column("prenom", "First name", text(50), required=True),
        Column(
            "date_naissance",
            "Date of birth",
            date_value(),
            required=True,
            synonyms=("Date de naissance",),
        ),
        Column(
            "demi_jour", "Half-day", choice([("am", ("matin", "AM")), ("pm", ("après-midi", "PM"))])
        ),
        Column("absences", "Absences", integer(0, 400), default=0),
        Column("majeur", "Of age", boolean()),
        Column("langues", "Languages", list_of(), default=()),
    )

    def key(self, values: dict[str, Any]) -> Any:
        return values["matricule"]

    def check(self, context: ImportContext, rows: list[Row]) -> None:
        for row in rows:
            if row.values["matricule"] == "BANNED":
                context.reject(row, "matricule", "refusé par la règle")

    def apply(self, context: ImportContext, rows: list[Row], *, write: bool) -> Counts:
        counts = Counts()
        for row in rows:
            old = STORE.get(row.values["matricule"])
            if old is None:
                counts.created += 1
            elif old == row.values:
                counts.unchanged += 1
                continue
            else:
                counts.updated += 1
            if write:
                STORE[row.values["matricule"]] = dict(row.values)
                context.state.setdefault("touched", []).append(row.values["matricule"])
        return counts


HEADER = "matricule;Prénom;Date de naissance;Demi-jour;absences;majeur;langues"
ROWS = [
    "A1;Zoé;03/02/2012;matin;3;non;fr, nl",
    "A2;Élodie;2011-12-31;PM;0;oui;",
    "A3;Sam;45000;AM;;;ar",
]


@pytest.fixture(autouse=True)
def _empty_store():
    STORE.clear()
    yield
    STORE.clear()


def write(tmp_path: Path, text_: str, encoding: str = "utf-8", name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text_.encode(encoding))
    return path


def run(path: Path, owner, org_a, commit: bool = False):
    return import_file(PupilSpec(), path, actor=owner, organisation=org_a, commit=commit)


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [
        ("utf-8", ";", True),
        ("utf-8", ",", False),
        ("cp1252", ";", False),
        ("cp1252", "\t", False),
        ("utf-16", "\t", False),
    ],
)
def test_csv_in_any_usual_encoding_and_delimiter(tmp_path, owner, org_a, encoding, delimiter, bom):
    content = "\r\n".join([HEADER, *ROWS]).replace(";", delimiter)
    if delimiter == ",":
        content = content.replace("fr, nl", '"fr, nl"')
    data = (codecs.BOM_UTF8 if bom else b"") + content.encode(encoding)
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    result = run(path, owner, org_a)
    assert result.file_errors == [] and result.errors == []
    assert (result.rows, result.created, result.rejected) == (3, 3, 0)
    assert result.preview[1][:2] == ["A2", "Élodie"]
    assert STORE == {}  # a dry run writes nothing


def test_values_are_parsed_whatever_their_format(tmp_path, owner, org_a):
    run(write(tmp_path, "\n".join([HEADER, *ROWS])), owner, org_a, commit=True)
    assert STORE["A1"]["date_naissance"] == date(2012, 2, 3)
    assert STORE["A2"]["date_naissance"] == date(2011, 12, 31)
    assert STORE["A3"]["date_naissance"] == date(2023, 3, 15)  # an Excel serial number
    assert [STORE[k]["demi_jour"] for k in ("A1", "A2", "A3")] == ["am", "pm", "am"]
    assert STORE["A1"]["langues"] == ["fr", "nl"] and STORE["A1"]["majeur"] is False
    assert STORE["A3"]["absences"] == 0 and STORE["A3"]["majeur"] is None


def test_xlsx_with_date_cells_and_numbers(tmp_path, owner, org_a):
    book = Workbook()
    sheet = book.active
    sheet.append(["Matricule", "PRENOM", "date_naissance", "absences"])
    sheet.append(["B1", "Ana", datetime(2010, 5, 4), 7])
    sheet.append([None, None, None, None])  # blank lines are skipped
    sheet.append([1234, "Bo", "04/05/2010", 2.0])
    path = tmp_path / "f.xlsx"
    book.save(path)
    result = run(path, owner, org_a, commit=True)
    assert result.committed and result.created == 2
    assert STORE["B1"]["date_naissance"] == date(2010, 5, 4) and STORE["B1"]["absences"] == 7
    assert STORE["1234"]["absences"] == 2


def test_headers_match_ignoring_case_accents_separators_and_order(tmp_path, owner, org_a):
    header = "DATE_NAISSANCE,  prénom ,Numéro"
    result = run(write(tmp_path, header + "\n03/02/2012,Zoé,A1\n"), owner, org_a)
    assert result.errors == [] and result.created == 1


def test_missing_unknown_and_duplicate_columns_are_named(tmp_path, owner, org_a):
    result = run(
        write(tmp_path, "matricule;prenom;prénom;couleur\nA1;Zoé;Zoé;bleu\n"), owner, org_a
    )
    assert result.file_errors[:3] == [
        "Les colonnes « prenom » et « prénom » sont la même colonne : gardez-en une.",
        "Colonne inconnue « couleur ».",
        "La colonne « date_naissance » manque.",
    ]
    assert "matricule, prenom, date_naissance" in result.file_errors[3]
    assert result.created == 0


def test_row_errors_give_the_line_and_the_column_in_french(tmp_path, owner, org_a):
    lines = [HEADER, ROWS[0], "A2;;31/02/2011;soir;-1;peut-être;", ROWS[2]]
    result = run(write(tmp_path, "\n".join(lines)), owner, org_a)
    assert [str(e) for e in result.errors] == [
        "Ligne 3, colonne « Prénom » : Cette valeur est obligatoire.",
        "Ligne 3, colonne « Date de naissance » : Saisissez une date au format jj/mm/aaaa.",
        "Ligne 3, colonne « Demi-jour » : « soir » ne fait pas partie des valeurs admises : "
        "matin, après-midi.",
        "Ligne 3, colonne « absences » : Saisissez un nombre d’au moins 0.",
        "Ligne 3, colonne « majeur » : Saisissez « oui » ou « non ».",
    ]
    assert (result.rows, result.created, result.rejected) == (3, 2, 1)


def test_rules_of_the_spec_reject_rows_too(tmp_path, owner, org_a):
    result = run(write(tmp_path, "\n".join([HEADER, "BANNED;X;01/01/2010"])), owner, org_a)
    assert [str(e) for e in result.errors] == [
        "Ligne 2, colonne « matricule » : refusé par la règle."[:-1]
    ]


def test_repeated_rows_count_once_and_conflicting_ones_are_rejected(tmp_path, owner, org_a):
    lines = [HEADER, ROWS[0], ROWS[1], ROWS[0], ROWS[2], ROWS[0], "A2;Autre;2011-12-31"]
    result = run(write(tmp_path, "\n".join(lines)), owner, org_a)
    assert (result.rows, result.created, result.duplicates, result.rejected) == (6, 3, 2, 1)
    assert str(result.errors[0]) == (
        "Ligne 7 : Cette ligne décrit la même entrée que la ligne 3, avec d’autres valeurs."
    )


def test_commit_is_all_or_nothing_and_reimport_changes_nothing(tmp_path, owner, org_a):
    # The database rolls the transaction back; once a row is rejected, nothing more is
    # even written (this spec's dict shows it).
    bad = run(write(tmp_path, "\n".join([HEADER, "A9;;", *ROWS])), owner, org_a, commit=True)
    assert not bad.committed and bad.rejected == 1 and bad.created == 3
    assert STORE == {}
    good_file = write(tmp_path, "\n".join([HEADER, *ROWS]), name="good.csv")
    first = run(good_file, owner, org_a, commit=True)
    assert first.committed and first.created == 3
    again = run(good_file, owner, org_a, commit=True)
    assert again.committed and (again.created, again.updated, again.unchanged) == (0, 0, 3)
    events = AuditEvent.objects.filter(action="tests.pupil.imported").order_by("pk")
    assert [e.changes["committed"] for e in events] == [False, True, True]
    # Counts only: nothing of a row's content reaches the log.
    assert "Zoé" not in str([e.changes for e in events]) and events[1].changes["created"] == 3


def test_a_row_longer_than_the_header_is_rejected(tmp_path, owner, org_a):
    result = run(write(tmp_path, "\n".join([HEADER, ROWS[0] + ";en trop"])), owner, org_a)
    assert str(result.errors[0]) == "Ligne 2 : Cette ligne a plus de cellules que l’en-tête."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"\r\n\r\n", "Le fichier est vide."),
        (
            b"\x00\x01\x02\x03binary\x00\xff",
            "Ce fichier n’est ni un fichier CSV ni un classeur Excel (XLSX).",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest",
            "Ceci est un ancien fichier Excel (.xls) : enregistrez-le en .xlsx ou en CSV, "
            "puis réessayez.",
        ),
        (
            b"PK\x03\x04not really a zip",
            "Ce classeur Excel est illisible : est-ce bien un fichier .xlsx ?",
        ),
        (
            bytes(range(1, 32)) * 40,
            "Ce fichier n’est ni un fichier CSV ni un classeur Excel (XLSX).",
        ),
    ],
)
def test_files_that_cannot_be_read_say_why(tmp_path, owner, org_a, content, message):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    result = run(path, owner, org_a)
    assert result.file_errors == [message]


def test_garbage_bytes_in_text_end_as_unknown_columns(tmp_path, owner, org_a):
    path = tmp_path / "f.csv"
    path.write_bytes(bytes(range(0x80, 0x100)) * 3 + b"\n" + bytes(range(0x80, 0x100)))
    result = run(path, owner, org_a)
    assert result.file_errors[0].startswith("Colonne inconnue")
    assert not result.ok


def test_csv_rows_are_streamed_not_loaded(tmp_path, owner, org_a):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("matricule;prenom;date_naissance\n")
        for i in range(5000):
            out.write(f"P{i};X;01/01/2010\n")
    seen: list[int] = []
    spec = PupilSpec()
    spec.batch_size = 1000  # type: ignore[misc]
    result = import_file(spec, path, actor=owner, organisation=org_a, progress=seen.append)
    assert result.created == 5000
    assert seen == [1000, 2000, 3000, 4000, 5000, 5000]


def test_a_caller_may_keep_every_error_and_read_the_specs_state(tmp_path, owner, org_a):
    lines = [HEADER, *(f"Z{i};;01/01/2010" for i in range(150))]
    path = write(tmp_path, "\n".join(lines))
    assert len(run(path, owner, org_a).errors) == 100
    result = import_file(PupilSpec(), path, actor=owner, organisation=org_a, max_errors=10**6)
    assert len(result.errors) == 150 and result.rejected == 150
    state: dict[str, Any] = {}
    good = write(tmp_path, "\n".join([HEADER, *ROWS]), name="good.csv")
    import_file(PupilSpec(), good, actor=owner, organisation=org_a, commit=True, state=state)
    assert state["touched"] == ["A1", "A2", "A3"]
