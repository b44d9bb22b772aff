"""The home page and the header, in a real browser: organisation switcher, phones, errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from maillage.core.roles import Role
from tests.browser.helpers import LOGIN_URL, french, path_of, sign_in
from tests.browser.pages import landing_on_new_page, visit

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def test_member_of_two_organisations_switches_with_the_keyboard_only(page: Page) -> None:
    sign_in(page, "coordination@maillage.example")
    lead = page.locator("main .lead")
    coordinator, field_worker = french(Role.COORDINATOR.label), french(Role.FIELD_WORKER.label)
    expect(lead).to_contain_text("AMO Les Passerelles")
    expect(lead).to_contain_text(coordinator)

    select = page.get_by_role("combobox", name=french("Organisation"))
    for _ in range(10):  # skip link, brand, then the switcher
        page.keyboard.press("Tab")
        if focused_id(page) == "switch-organisation":
            break
    else:
        pytest.fail("the organisation switcher cannot be reached with Tab")
    page.keyboard.press("ArrowDown")
    expect(select.locator("option:checked")).to_have_text("Réseau Rue & Quartiers")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=french("Switch"), exact=True)).to_be_focused()
    with landing_on_new_page(page):
        page.keyboard.press("Enter")

    assert path_of(page) == "/"
    expect(lead).to_contain_text("Réseau Rue & Quartiers")
    expect(lead).to_contain_text(field_worker)
    expect(lead).not_to_contain_text(coordinator)
    expect(page.get_by_role("status")).to_contain_text("Réseau Rue & Quartiers")
    expect(select.locator("option:checked")).to_have_text("Réseau Rue & Quartiers")


@pytest.mark.parametrize("email", ["terrain@maillage.example", "coordination@maillage.example"])
def test_home_fits_a_phone_screen_without_horizontal_scrolling(page: Page, email: str) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, email)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"the page is {scroll_width}px wide on a 360px screen"


def test_sign_in_page_fits_a_phone_screen(page: Page) -> None:
    page.set_viewport_size(PHONE)
    visit(page, LOGIN_URL)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_unknown_address_shows_french_not_found_page(page: Page, signed_in: bool) -> None:
    if signed_in:
        sign_in(page, "terrain@maillage.example")
    visit(page, "/cette-page-n-existe-pas/", status=404)

    title = french("Page not found")
    expect(page).to_have_title(f"{title} · Maillage")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("link", name=french("Back to the home page"))).to_have_attribute(
        "href", "/"
    )
    body = page.locator("body").inner_text()
    for debug_marker in ("Traceback", "URLconf", "DEBUG = True", "Django"):
        assert debug_marker not in body
