"""A programme coordinator makes the yearly report of the commune's cohesion programme: the
job page follows the background work, leads to the report, and the PDF downloads."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from maillage.programmes.models import Programme
from tests.browser.helpers import path_of, sign_in
from tests.browser.pages import check_page, landing_on_new_page, visit

pytestmark = pytest.mark.browser


def test_a_programme_coordinator_makes_a_yearly_report_and_downloads_its_pdf(
    page: Page,
) -> None:
    programme = Programme.objects.filter(organisation__slug="coordination-cohesion-sociale").first()
    assert programme is not None, "the demo holds the cohesion coordination's programme"
    year = str(timezone.localdate().year - 1)
    sign_in(page, "programme@maillage.example")
    visit(page, "/programmes/rapports/")
    with landing_on_new_page(page):
        page.get_by_role("link", name="Nouveau rapport").click()
    page.get_by_role("combobox", name="Programme").select_option(str(programme.pk))
    page.get_by_role("combobox", name="Année civile").select_option(year)
    with landing_on_new_page(page):
        page.get_by_role("button", name="Produire le rapport").click()
    assert path_of(page).startswith("/taches/")
    expect(page.locator("progress")).to_be_visible()

    call_command("db_worker", "--batch", "--interval", "0")  # the worker makes the files

    # The job page polls, then takes the user to the report once it is ready.
    expect(page).to_have_url(re.compile(r"/programmes/rapports/\d+/$"), timeout=15_000)
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Rapport d’activités {year}")
    download = page.get_by_role("link", name="Télécharger le PDF")
    expect(download).to_be_visible()
    # Fetched with the page's cookies: clicking would start a download, not a page.
    response = page.request.get(download.get_attribute("href"))
    assert response.status == 200
    assert "attachment" in response.headers["content-disposition"]
    assert response.body().startswith(b"%PDF")
