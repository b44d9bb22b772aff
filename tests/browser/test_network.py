"""The network's pages in Chromium: a coordinator records a placement of a worker in a
partner structure, then finds it on "who is placed where" on a phone (360 px). Every page
is checked (axe, console) as the test lands on it."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import french, path_of, sign_in
from tests.browser.pages import landing_on_new_page, visit

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
SHOTS = Path(tempfile.gettempdir())
HOST = "Maison de quartier Témoin (Forest)"


def starting(label: str) -> re.Pattern[str]:
    """A field's label as shown: capitalised, followed by Django's " :"."""
    return re.compile(rf"^{re.escape(label[:1].upper() + label[1:])}\s*:?$")


def fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a 360px screen"


def test_a_coordinator_records_a_placement_and_sees_it_on_who_is_placed_where(page: Page) -> None:
    from maillage.core.models import Commune, Organisation, OrganisationKind
    from maillage.network.models import Placement

    Organisation.objects.create(
        name=HOST,
        slug="maison-temoin",
        kind=OrganisationKind.NEIGHBOURHOOD_HOUSE,
        commune=Commune.objects.get(name="Forest"),
    )
    # The demo coordinator acts for AMO Les Passerelles, where Inès Terrain works.
    sign_in(page, "coordination@maillage.example")
    visit(page, "/reseau/")
    with landing_on_new_page(page):
        page.get_by_role("link", name=french("Placements"), exact=True).click()
    with landing_on_new_page(page):
        page.get_by_role("link", name=french("New placement")).click()

    page.get_by_label(starting(french("Worker"))).select_option(label="Inès Terrain")
    page.get_by_label(starting(french("Partner structure"))).select_option(label=HOST)
    page.get_by_label(starting(french("hours per week"))).fill("19,5")
    page.get_by_label(starting(french("partner coordinator"))).fill("Jeanne Témoin")
    # An end before the start: refused, said at the field, nothing saved.
    today = timezone.localdate()
    page.get_by_label(starting(french("end"))).fill(today.replace(year=today.year - 1).isoformat())
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Record the placement")).click()
    expect(page.locator(".errorlist").first).to_contain_text("précède")
    assert not Placement.objects.filter(host__name=HOST).exists()
    page.get_by_label(starting(french("end"))).fill("")
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Record the placement")).click()
    placement = Placement.objects.get(host__name=HOST)
    assert path_of(page) == f"/reseau/mises-a-disposition/{placement.pk}/"
    expect(page.locator("h1")).to_contain_text(HOST)

    page.set_viewport_size(PHONE)
    visit(page, "/reseau/mises-a-disposition/")
    fits_the_phone(page)
    row = page.locator("#placement-results tr", has_text=HOST)
    expect(row).to_contain_text("Inès Terrain")
    expect(row).to_contain_text("19,5")
    expect(row).to_contain_text("Jeanne Témoin")
    page.screenshot(path=str(SHOTS / "maillage-placements-360.png"), full_page=True)
    # A date before it started: the placement is not there.
    visit(page, f"/reseau/mises-a-disposition/?day={today.replace(year=today.year - 1)}")
    expect(page.locator("#placement-results")).not_to_contain_text(HOST)
    for path in (
        "/reseau/",
        "/reseau/conventions/",
        "/reseau/formations/",
        "/reseau/formations/heures/",
        f"/reseau/mises-a-disposition/{placement.pk}/",
    ):
        visit(page, path)
        fits_the_phone(page)
