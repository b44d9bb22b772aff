"""The community axis in Chromium: a coordinator writes a diagnosis of a zone and period,
downloads its PDF and finds the small cells shown as "<5" and no name in it; every page of
the axis is checked (axe, console) at 1280 and 360 px wide."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.helpers import french, path_of, sign_in
from tests.browser.pages import landing_on_new_page, visit

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
# Files to look at: the PDF and what a coordinator sees on a phone.
SHOTS = Path(tempfile.gettempdir())
EMAIL = "coordination@maillage.example"
ZONE = "Watermael-Boitsfort"  # not a demo commune: only the requests made here count


def two_requests_in_the_zone() -> None:
    """Two anonymous requests of the AMO about justice in 2020, in the zone: a small cell."""
    from maillage.casework.models import Request, RequestTheme
    from maillage.core.models import Commune, Membership, User

    user = User.objects.get(email=EMAIL)
    organisation = Membership.objects.filter(user=user).order_by("pk").first().organisation
    for month in (3, 4):
        request = Request.objects.create(
            organisation=organisation,
            received_on=date(2020, month, 2),
            requester="young_person",
            age_band="15-17",
            gender="F",
            commune=Commune.objects.get(name=ZONE),
            recorded_by=user,
        )
        RequestTheme.objects.create(request=request, theme="justice")


def fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a 360px screen"


def test_a_diagnosis_pdf_is_produced_with_the_suppressed_cells_as_lt5(page: Page) -> None:
    two_requests_in_the_zone()
    sign_in(page, EMAIL)
    visit(page, "/communautaire/")
    # The demo's diagnosis was adopted two and a half years ago: due within the year.
    expect(page.locator("#diagnosis .due")).to_contain_text("À mettre à jour avant le")
    with landing_on_new_page(page):
        page.get_by_role("link", name=french("All diagnoses")).click()
    with landing_on_new_page(page):
        page.get_by_role("link", name=french("New diagnosis")).click()
    page.get_by_label(re.compile("^" + french("title").capitalize())).fill(
        "Diagnostic de test 2020"
    )
    page.get_by_label(french("Zone (communes)")).select_option(label=ZONE)
    page.get_by_label(french("period from").capitalize()).fill("2020-01-01")
    page.get_by_label(french("period to").capitalize()).fill("2020-12-31")
    page.get_by_label(french("analysis").capitalize()).fill(
        "Peu de demandes, toutes sur la justice."
    )
    page.get_by_label(french("priorities").capitalize()).fill("Un relais vers l'aide juridique.")
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Create the diagnosis")).click()
    assert re.fullmatch(r"/communautaire/diagnostics/\d+/", path_of(page))
    justice = page.locator("#figure-requests tr", has_text=french("Justice"))
    expect(justice.locator("td")).to_have_text("<5")

    # WeasyPrint loads its fonts on the first document: give it time.
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name=french("Download as PDF")).click()
    download = download_info.value
    download.save_as(SHOTS / "maillage-diagnosis.pdf")
    assert re.fullmatch(r"diagnostic-\d+\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Diagnostic de test 2020" in text
    assert "<5" in text
    assert re.search(french("Justice") + r"\s*<5", text), "the justice cell is suppressed"
    # No name: the worker who recorded the requests is not in the document.
    assert "Coordination" not in text and "Yanis" not in text
    diagnosis_path = path_of(page)

    # The other pages of the axis, then all of them on a phone.
    from maillage.community.models import Project, YouthConsultation

    project = Project.objects.filter(organisation__slug="amo-les-passerelles").first()
    consultation = YouthConsultation.objects.get()
    pages = (
        "/communautaire/",
        "/communautaire/projets/",
        f"/communautaire/projets/{project.pk}/",
        f"/communautaire/projets/{project.pk}/modifier/",
        "/communautaire/projets/nouveau/",
        "/communautaire/constats/",
        "/communautaire/constats/nouveau/",
        "/communautaire/consultations/",
        f"/communautaire/consultations/{consultation.pk}/",
        "/communautaire/consultations/nouvelle/",
        "/communautaire/diagnostics/",
        diagnosis_path,
        f"{diagnosis_path}modifier/",
    )
    for path in pages:
        visit(page, path)
    page.set_viewport_size(PHONE)
    for path in pages:
        visit(page, path)
        fits_the_phone(page)
    visit(page, diagnosis_path)
    page.screenshot(path=str(SHOTS / "maillage-diagnosis-360.png"), full_page=True)
    visit(page, "/communautaire/")
    page.screenshot(path=str(SHOTS / "maillage-community-360.png"), full_page=True)


def test_an_opinion_of_a_youth_consultation_becomes_an_observation(page: Page) -> None:
    from maillage.community.models import Observation, YouthConsultation

    consultation = YouthConsultation.objects.get()
    sign_in(page, EMAIL)
    page.set_viewport_size(PHONE)
    visit(page, f"/communautaire/consultations/{consultation.pk}/")
    page.get_by_label(french("Theme")).select_option(value="mobility")
    page.get_by_label(french("Opinion of the young people")).fill("Le bus du soir ne passe plus.")
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Add the opinion")).click()
    expect(page.locator("#opinions")).to_contain_text("Le bus du soir ne passe plus.")
    assert Observation.objects.filter(
        consultation=consultation, text="Le bus du soir ne passe plus.", source="youth_consultation"
    ).exists()
    fits_the_phone(page)
