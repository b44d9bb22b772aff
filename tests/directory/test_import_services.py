"""The import of services through the shared pipeline: every usual file format, the rules of
the form applied per line, all or nothing, and re-importing the same file changing nothing."""

from __future__ import annotations

import codecs
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from maillage.core.audit_models import AuditEvent
from maillage.core.imports import import_file
from maillage.core.roles import Role
from maillage.directory.imports import ServiceImport
from maillage.directory.models import Gender, Service, Theme
from tests.directory.conftest import acting

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
HEADER = [
    "nom",
    "thème",
    "Âge min",
    "age_max",
    "communes",
    "gratuit",
    "prix",
    "réservé à",
    "langues",
]
LINES = [
    [
        "École de devoirs",
        "soutien scolaire",
        "6",
        "12",
        "Saint-Gilles, Forest",
        "oui",
        "",
        "",
        "français; arabe",
    ],
    ["Atelier théâtre", "Culture", "12", "18", "saint gilles", "non", "20 € par trimestre", "", ""],
    ["Groupe de parole", "santé mentale", "14", "21", "", "", "", "filles", ""],
]


@pytest.fixture
def importer(coordinator, org_a, commune):
    return acting(coordinator, org_a, Role.COORDINATOR)


def run(path, user, org, commit=True):
    return import_file(ServiceImport(), path, actor=user, organisation=org, commit=commit)


def csv_file(tmp_path, lines=LINES, *, delimiter=";", encoding="utf-8", bom=False, header=HEADER):
    def cell(value):
        return f'"{value}"' if delimiter in value else value

    text = "\r\n".join(delimiter.join(cell(v) for v in row) for row in [header, *lines])
    path = tmp_path / "services.csv"
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode(encoding))
    return path


def assert_imported(org_a):
    services = {s.name: s for s in Service.objects.filter(organisation=org_a)}
    assert set(services) == {"École de devoirs", "Atelier théâtre", "Groupe de parole"}
    edd = services["École de devoirs"]
    assert (edd.theme, edd.age_min, edd.age_max, edd.is_free) == (
        Theme.SCHOOLING_SUPPORT,
        6,
        12,
        True,
    )
    assert sorted(c.name for c in edd.communes.all()) == ["Forest", "Saint-Gilles"]
    assert edd.languages == "français, arabe"
    assert "ecole de devoirs" in edd.search_text
    theatre = services["Atelier théâtre"]
    assert (theatre.is_free, theatre.price_note) == (False, "20 € par trimestre")
    assert [c.name for c in theatre.communes.all()] == ["Saint-Gilles"]
    group = services["Groupe de parole"]
    assert (group.theme, group.gender) == (Theme.PSYCHOLOGICAL_SUPPORT, Gender.GIRLS_WOMEN)
    assert group.is_published


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [(";", "utf-8", True), (",", "utf-8", False), (";", "cp1252", False), (",", "cp1252", False)],
)
def test_csv_files_are_imported(tmp_path, importer, org_a, delimiter, encoding, bom):
    path = csv_file(tmp_path, delimiter=delimiter, encoding=encoding, bom=bom)
    result = run(path, importer, org_a)
    assert result.committed, result.error_lines()
    assert result.created == 3
    assert_imported(org_a)


def test_xlsx_files_are_imported(tmp_path, importer, org_a):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for line in LINES:
        sheet.append([int(v) if v.isdigit() else (v or None) for v in line])
    path = tmp_path / "services.xlsx"
    book.save(path)
    result = run(path, importer, org_a)
    assert result.committed and result.created == 3, result.error_lines()
    assert_imported(org_a)


def test_the_sample_file_in_cp1252_with_french_headers(importer, org_a):
    result = run(FIXTURES / "services-cp1252.csv", importer, org_a)
    assert result.committed and result.created == 3, result.error_lines()
    edd = Service.objects.get(name="École de devoirs Saint-Gilles")
    assert edd.website == "https://www.edd.example" and edd.phone == "02 538 00 00"
    assert Service.objects.get(name="Permanence juridique").theme == Theme.LEGAL_AID


def test_reimporting_the_same_file_changes_nothing(tmp_path, importer, org_a):
    path = csv_file(tmp_path, bom=True)
    run(path, importer, org_a)
    before = list(Service.objects.values().order_by("pk"))
    links = list(Service.communes.through.objects.values_list("pk", flat=True).order_by("pk"))
    again = run(path, importer, org_a)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert list(Service.objects.values().order_by("pk")) == before
    assert (
        list(Service.communes.through.objects.values_list("pk", flat=True).order_by("pk")) == links
    )


def test_a_line_updates_the_service_of_the_same_name_and_absent_columns_stay(
    tmp_path, importer, org_a, make_service, commune
):
    existing = make_service(name="atelier THÉÂTRE", description="Le mardi.", phone="02 000 00 00")
    lines = [["Atelier théâtre", "culture", "10", "16", "Saint-Gilles", "oui", "", "", ""]]
    result = run(csv_file(tmp_path, lines), importer, org_a)
    assert (result.created, result.updated) == (0, 1)
    existing.refresh_from_db()
    assert (existing.name, existing.theme, existing.age_min) == (
        "Atelier théâtre",
        Theme.CULTURE,
        10,
    )
    assert (existing.description, existing.phone) == ("Le mardi.", "02 000 00 00")


def test_a_rejected_line_leaves_nothing_written(tmp_path, importer, org_a, make_service):
    kept = make_service(name="Atelier théâtre", age_min=3)
    lines = [
        *LINES,
        ["Mauvais", "cuisine", "15", "8", "Atlantis", "non", "", "", ""],
    ]
    result = run(csv_file(tmp_path, lines), importer, org_a)
    assert not result.committed
    assert [str(e) for e in result.errors] == [
        "Ligne 5, colonne « thème » : « cuisine » ne fait pas partie des valeurs admises : "
        + ", ".join(
            [
                "Soutien scolaire",
                "Alphabétisation",
                "Maison de jeunes",
                "Sport",
                "Culture",
                "Aide juridique",
                "Santé",
                "Logement",
                "Emploi et formation",
                "Soutien psychologique",
                "Soutien à la famille",
                "Autre",
            ]
        )
        + ".",
    ]
    assert Service.objects.filter(organisation=org_a).count() == 1
    kept.refresh_from_db()
    assert kept.age_min == 3


def test_rules_of_the_form_apply_to_each_line(tmp_path, importer, org_a):
    lines = [
        ["Âges inversés", "sport", "15", "8", "Saint-Gilles", "", "", "", ""],
        ["Payant sans prix", "sport", "", "", "Atlantis", "non", "", "", ""],
    ]
    result = run(csv_file(tmp_path, lines), importer, org_a)
    assert [str(e) for e in result.errors] == [
        "Ligne 2, colonne « age_max » : L’âge maximum est inférieur à l’âge minimum.",
        "Ligne 3, colonne « communes » : Commune inconnue « Atlantis ».",
        "Ligne 3, colonne « prix » : Indiquez le prix du service.",
    ]
    assert result.rejected == 2 and not Service.objects.exists()


def test_services_go_to_the_importers_organisation_only(tmp_path, importer, org_a, org_b):
    Service.objects.create(organisation=org_b, name="École de devoirs", theme=Theme.SPORT)
    result = run(csv_file(tmp_path), importer, org_a)
    assert result.created == 3
    assert Service.objects.get(organisation=org_b).theme == Theme.SPORT  # untouched
    assert Service.objects.filter(organisation=org_a).count() == 3


def test_wrong_columns_are_a_file_error(tmp_path, importer, org_a):
    path = csv_file(tmp_path, header=["service", "categorie", "age"], lines=[["A", "b", "3"]])
    result = run(path, importer, org_a)
    assert result.file_errors[:3] == [
        "Colonne inconnue « categorie ».",
        "Colonne inconnue « age ».",
        "La colonne « theme » manque.",
    ]
    assert not Service.objects.exists()


def test_garbage_bytes_are_refused_with_a_french_message(tmp_path, importer, org_a):
    path = tmp_path / "services.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    result = run(path, importer, org_a)
    assert result.file_errors == ["Ce fichier n’est ni un fichier CSV ni un classeur Excel (XLSX)."]
    assert not Service.objects.exists()


def test_one_audit_entry_per_import_with_counts_only(tmp_path, importer, org_a):
    run(csv_file(tmp_path), importer, org_a)
    event = AuditEvent.objects.get(action="directory.service.imported")
    assert event.organisation == org_a and event.actor == importer
    assert event.changes["created"] == 3 and event.changes["committed"] is True
    assert "École" not in str(event.changes)
    assert not AuditEvent.objects.filter(action="directory.service.created").exists()


def test_a_dry_run_writes_nothing(tmp_path, importer, org_a):
    result = run(csv_file(tmp_path), importer, org_a, commit=False)
    assert result.created == 3 and not result.committed
    assert not Service.objects.exists()
    assert not AuditEvent.objects.filter(action="directory.service.imported").exists()


def test_coordinates_are_kept_as_decimals(tmp_path, importer, org_a):
    header = ["nom", "theme", "latitude", "longitude"]
    path = csv_file(tmp_path, [["Lieu", "sport", "50,8312", "4.3456"]], header=header)
    run(path, importer, org_a)
    again = run(path, importer, org_a)
    assert again.unchanged == 1
    place = Service.objects.get()
    assert (place.latitude, place.longitude) == (Decimal("50.831200"), Decimal("4.345600"))


def _services_file(tmp_path, count):
    lines = [
        [f"Service {i}", "sport", "8", "16", "Saint-Gilles, Forest", "", "", "", ""]
        for i in range(count)
    ]
    return csv_file(tmp_path, lines)


def test_the_import_is_set_based_whatever_the_number_of_lines(tmp_path, importer, org_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count, commit):
        with CaptureQueriesContext(connection) as captured:
            result = run(_services_file(tmp_path, count), importer, org_a, commit=commit)
        assert result.ok, result.error_lines()
        return len(captured)

    assert queries(5, commit=False) == queries(300, commit=False)
    small = queries(5, commit=True)
    Service.objects.all().delete()
    big = queries(300, commit=True)
    assert big == small  # bulk inserts: never a query per line
    path = _services_file(tmp_path, 300)
    with CaptureQueriesContext(connection) as captured:
        assert run(path, importer, org_a).unchanged == 300
    assert len(captured) <= small


def test_line_breaks_inside_a_cell_are_kept_in_long_texts(tmp_path, importer, org_a):
    book = Workbook()
    book.active.append(["nom", "theme", "horaires"])
    book.active.append(["  Club   de foot ", "sport", "Lundi 16h-18h\nMercredi  14h-17h"])
    path = tmp_path / "services.xlsx"
    book.save(path)
    run(path, importer, org_a)
    club = Service.objects.get()
    assert (club.name, club.opening_hours) == ("Club de foot", "Lundi 16h-18h\nMercredi 14h-17h")
