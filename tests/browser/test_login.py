"""Signing in, in a real browser: password, second factor, wrong password."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from maillage.core.roles import Role
from tests.browser.helpers import (
    LOGIN_URL,
    MFA_URL,
    current_totp_code,
    fill_sign_in_form,
    french,
    path_of,
    sign_in,
)
from tests.browser.pages import landing_on_new_page, visit

pytestmark = pytest.mark.browser


def test_field_worker_signs_in_and_sees_french_home(page: Page) -> None:
    sign_in(page, "terrain@maillage.example")

    expect(page).to_have_title(re.compile(r"^Accueil · Maillage$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Inès")
    lead = page.locator("main .lead")
    expect(lead).to_contain_text("Vous travaillez pour AMO Les Passerelles")
    expect(lead).to_contain_text(french(Role.FIELD_WORKER.label))
    # Landmarks: header, named main navigation with the current page marked, main, footer.
    expect(page.get_by_role("banner")).to_be_visible()
    navigation = page.get_by_role("navigation", name=french("Main navigation"))
    expect(navigation.get_by_role("link", name="Accueil", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_be_visible()
    # The vendored stylesheet and htmx loaded (a failed load or CSP refusal fails the check).
    assert page.evaluate("typeof window.htmx") == "object"
    header_background = page.locator("header.site-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert header_background == "rgb(29, 36, 51)"


def test_director_signs_in_with_authenticator_code(page: Page) -> None:
    fill_sign_in_form(page, "direction@maillage.example")

    assert path_of(page) == MFA_URL
    # allauth's page, in allauth's French ("Authentification à deux facteurs", "Connexion").
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Two-Factor Authentication"))
    page.locator('input[name="code"]').fill(current_totp_code())
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Sign In"), exact=True).click()

    assert path_of(page) == "/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Claire")
    lead = page.locator("main .lead")
    expect(lead).to_contain_text("AMO Les Passerelles")
    expect(lead).to_contain_text(french(Role.DIRECTOR.label))


def test_wrong_password_is_announced_in_french_and_does_not_sign_in(page: Page) -> None:
    fill_sign_in_form(page, "terrain@maillage.example", "Pas-le-bon-mot-de-passe-1")

    assert path_of(page) == LOGIN_URL
    alert = page.get_by_role("alert")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text("L’adresse e-mail ou le mot de passe sont incorrects.")
    # The address typed is kept, the password is not.
    expect(page.locator('input[name="login"]')).to_have_value("terrain@maillage.example")
    expect(page.locator('input[name="password"]')).to_have_value("")

    visit(page, "/")  # sent back to the sign-in page
    assert path_of(page) == f"{LOGIN_URL}?next=/"
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Sign in"))
