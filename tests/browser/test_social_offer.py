"""A coordinator searches the public social offer by theme and commune in Chromium: the list
and the map follow the search, a service opens on its public page. Tiles that cannot load
leave a useful list. The pages pass axe, also on a 360 px wide phone."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from maillage.directory.models import Service
from tests.browser.axe import assert_accessible
from tests.browser.helpers import french, sign_in
from tests.browser.pages import check_page, landing_on_new_page, visit

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir())
PHONE = {"width": 360, "height": 740}
COORDINATOR = "coordination@maillage.example"
TILES = "https://tile.openstreetmap.org/**"


def forget_refused_tiles(page: Page) -> None:
    """The tiles this test refused on purpose are not faults of the page. (The browser
    fixtures serve every other tile, and cancelled ones are not counted.)"""
    problems = page._maillage_problems  # type: ignore[attr-defined]
    problems.items = [item for item in problems.items if "tile.openstreetmap.org" not in item]


def field(page: Page, label: str) -> Locator:
    """The form field labelled exactly so (Django adds " :" to a label)."""
    return page.get_by_label(re.compile("^" + re.escape(french(label)) + r"\s*:?$"))


def a_search_with_results() -> tuple[Service, str, str]:
    """A theme and a commune for which the demo has published services."""
    service = (
        Service.objects.published()
        .filter(communes__isnull=False, latitude__isnull=False)
        .order_by("pk")
        .first()
    )
    assert service is not None
    commune = service.communes.order_by("name").first()
    return service, service.get_theme_display(), commune.name


def expected_names(service: Service, commune: str) -> set[str]:
    return set(
        Service.objects.published()
        .filter(theme=service.theme, communes__name=commune)
        .values_list("name", flat=True)
    )


def test_a_coordinator_searches_the_public_offer_by_theme_and_commune(page: Page) -> None:
    service, theme, commune = a_search_with_results()
    names = expected_names(service, commune)
    sign_in(page, COORDINATOR)
    visit(page, "/offre-sociale/")
    with landing_on_new_page(page):
        page.get_by_role("link", name=french("Public page of the social offer")).click()
    expect(page.locator("#service-map .leaflet-marker-icon").first).to_be_visible()

    page.get_by_label(french("Theme")).select_option(label=theme)
    page.get_by_role("combobox", name=french("Commune")).select_option(label=commune)
    page.get_by_role("button", name=french("Show the services")).click()
    cards = page.locator("#service-results article")
    expect(cards).to_have_count(len(names))
    assert set(cards.locator("h3").all_inner_texts()) == names
    expect(page).to_have_url(re.compile(r"theme=.+&commune=\d+"))
    located = Service.objects.published().filter(
        theme=service.theme, communes__name=commune, latitude__isnull=False
    )
    expect(page.locator("#service-map .leaflet-marker-icon")).to_have_count(located.count())
    check_page(page)
    page.screenshot(path=str(SHOTS / "maillage-social-offer.png"), full_page=True)

    with landing_on_new_page(page):
        page.get_by_role("link", name=service.name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(service.name)


def test_on_a_phone_with_no_tile_server_the_list_still_answers(page: Page) -> None:
    page.route(TILES, lambda route: route.abort())
    service, theme, commune = a_search_with_results()
    names = expected_names(service, commune)
    page.set_viewport_size(PHONE)
    page.goto("/public/offre-sociale/")
    page.get_by_label(french("Theme")).select_option(label=theme)
    page.get_by_role("combobox", name=french("Commune")).select_option(label=commune)
    page.get_by_role("button", name=french("Show the services")).click()
    expect(page.locator("#service-results article")).to_have_count(len(names))
    note = page.locator("[data-map-error]")
    expect(note).to_be_visible()
    expect(note).to_have_text(
        french("The map background could not be loaded: the list below has every service.")
    )
    # The refused tiles are the point of this test; anything else is a fault.
    problems = page._maillage_problems.take()  # type: ignore[attr-defined]
    assert all("tile.openstreetmap.org" in problem for problem in problems), problems
    page.evaluate("window.__maillageChecked = true")
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a 360px screen"
    page.screenshot(path=str(SHOTS / "maillage-social-offer-360.png"), full_page=True)

    link = page.get_by_role("link", name=service.name, exact=True).first
    href = link.get_attribute("href")
    assert href == service.get_public_url()
    page.unroute(TILES)  # the browser fixtures' tiles again
    forget_refused_tiles(page)
    visit(page, href)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    visit(page, "/public/offre-sociale/donnees/")


def test_a_coordinator_confirms_a_stale_entry_and_adds_a_service_on_a_phone(page: Page) -> None:
    stale = Service.objects.stale().filter(organisation__slug="amo-les-passerelles").first()
    assert stale is not None, "the demo flags entries of its AMO"
    page.set_viewport_size(PHONE)
    sign_in(page, COORDINATOR)
    card = page.locator(
        "section", has=page.get_by_role("heading", name=french("Social offer entries to check"))
    )
    expect(card).to_contain_text(stale.name)
    with landing_on_new_page(page):
        card.get_by_role("button", name=re.compile(re.escape(stale.name))).click()
    stale.refresh_from_db()
    assert not stale.is_stale()

    visit(page, "/offre-sociale/nouveau/")
    field(page, "Name").fill("Atelier vélo du quartier")
    field(page, "Theme").select_option(label=french("Sport"))
    field(page, "Minimum age").fill("14")
    field(page, "Maximum age").fill("10")
    field(page, "Free of charge").uncheck()
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Save")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    errors = page.locator(".has-error")
    expect(
        errors.filter(has_text=french("The maximum age is lower than the minimum age."))
    ).to_have_count(1)
    expect(errors.filter(has_text=french("Say what the service costs."))).to_have_count(1)
    expect(field(page, "Maximum age")).to_have_attribute("aria-invalid", "true")
    field(page, "Maximum age").fill("18")
    field(page, "Price").fill("5 € par an")
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Save")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Atelier vélo du quartier")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a 360px screen"
    page.screenshot(path=str(SHOTS / "maillage-service-360.png"), full_page=True)
