"""A dropout team's day: a coordinator imports a school's absences, sees the preview with its
errors, imports the corrected file, and the pupil who reached 9 unjustified half-days appears
in the signal inbox; the signal becomes a follow-up once the young person agreed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from maillage.schooling.models import School
from tests.browser.helpers import path_of, sign_in
from tests.browser.pages import check_page, landing_on_new_page, visit

pytestmark = pytest.mark.browser

COORDINATOR = "accroche@maillage.example"
HEADER = "matricule;nom;prénom;date de naissance;date;demi-jour;statut"
SCHOOL_DAYS = [date(2025, 10, day) for day in (6, 7, 8, 9, 10)]


def absences_file(tmp_path: Path, *, broken: bool) -> Path:
    """Nine unjustified half-days of one pupil (synthetic), one line broken if asked."""
    lines = [HEADER]
    for index in range(9):
        day = SCHOOL_DAYS[index // 2].strftime("%d/%m/%Y")
        half = "matin" if index % 2 == 0 else "après-midi"
        lines.append(f"ZZ-901;Testeur;Noor;05/05/2011;{day};{half};injustifiée")
    if broken:
        lines[3] = lines[3].replace("05/05/2011;07/10/2025", "05/05/2011;31/02/2025")
    path = tmp_path / "absences.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    return path


def run_jobs() -> None:
    call_command("db_worker", "--batch", "--interval", "0")


def check_file(page: Page, path: Path, school: School) -> None:
    """Upload, let the background check run, land on its preview."""
    page.get_by_label("École").select_option(str(school.pk))
    page.get_by_label("Fichier à importer").set_input_files(str(path))
    with landing_on_new_page(page):
        page.get_by_role("button", name="Vérifier le fichier").click()
    assert path_of(page).startswith("/taches/")
    run_jobs()
    # The polling job page takes the browser to the preview.
    expect(
        page.get_by_role("heading", name="Vérifier le fichier avant de l’importer")
    ).to_be_visible()
    check_page(page)


def test_a_coordinator_imports_absences_and_turns_the_signal_into_a_follow_up(
    page: Page, tmp_path: Path
) -> None:
    school = School.objects.select_related("organisation").order_by("pk").first()
    assert school is not None
    sign_in(page, COORDINATOR)
    visit(page, "/scolarite/")
    with landing_on_new_page(page):
        page.get_by_role("link", name="Importer des absences").click()

    check_file(page, absences_file(tmp_path, broken=True), school)
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Ligne 4, colonne « date »")
    expect(page.get_by_role("button", name="Importer", exact=True)).to_have_count(0)

    page.get_by_label("Fichier à importer").set_input_files(
        str(absences_file(tmp_path, broken=False))
    )
    with landing_on_new_page(page):
        page.get_by_role("button", name="Vérifier le fichier").click()
    run_jobs()
    counts = page.get_by_role("table", name="Ce que le fichier changerait")
    expect(counts).to_contain_text("À créer")
    expect(counts.get_by_role("row", name="À créer")).to_contain_text("9")
    check_page(page)
    with landing_on_new_page(page):
        page.get_by_role("button", name="Importer", exact=True).click()
    run_jobs()
    expect(page.get_by_role("status")).to_contain_text("Import terminé : 9 créé(s)")

    visit(page, "/scolarite/signalements/")
    row = page.get_by_role("row").filter(has_text="Noor Testeur")
    expect(row).to_contain_text("9")
    with landing_on_new_page(page):
        row.get_by_role("link", name="Noor Testeur").click()
    expect(page.get_by_role("img")).to_have_count(1)  # the absence curve
    with landing_on_new_page(page):
        page.get_by_role("link", name="Transformer en accompagnement").click()

    # Without the young person's agreement, no follow-up.
    with landing_on_new_page(page):
        page.get_by_role("button", name="Ouvrir l’accompagnement").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    page.get_by_label("Le ou la jeune, ou sa famille, a accepté d’être accompagné·e").check()
    page.get_by_label("Date de son accord").fill(date.today().isoformat())
    with landing_on_new_page(page):
        page.get_by_role("button", name="Ouvrir l’accompagnement").click()
    assert path_of(page).startswith("/suivis/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noor")
