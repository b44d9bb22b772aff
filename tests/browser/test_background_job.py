"""A background export: the page follows the task's progress through HTMX, without reload."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.helpers import path_of, sign_in
from tests.browser.pages import landing_on_new_page, visit

pytestmark = pytest.mark.browser


def test_dpo_exports_the_audit_log_and_the_page_shows_when_it_is_ready(page: Page) -> None:
    sign_in(page, "dpo@maillage.example")
    visit(page, "/journal/?action=core.auth")
    with landing_on_new_page(page):
        page.get_by_role("button", name="Exporter ces événements (CSV)").click()
    assert path_of(page).startswith("/taches/")
    status = page.get_by_role("status")
    expect(page.locator("progress")).to_be_visible()
    expect(page.get_by_role("link", name="Télécharger le fichier")).to_have_count(0)
    page.evaluate("window.__sameDocument = true")

    call_command("db_worker", "--batch", "--interval", "0")  # the worker picks the job up

    download_link = page.get_by_role("link", name="Télécharger le fichier")
    expect(download_link).to_be_visible(timeout=10_000)
    expect(status).to_contain_text("Export prêt.")
    assert page.evaluate("window.__sameDocument === true"), "the page must not reload"
    # Fetched with the page's cookies: clicking would abort the page's own request.
    response = page.request.get(download_link.get_attribute("href"))
    assert "attachment" in response.headers["content-disposition"]
    content = response.body().decode("utf-8-sig")
    assert content.splitlines()[0].startswith("Quand;Qui;Type;Action")
    assert "core.auth.logged_in" in content
