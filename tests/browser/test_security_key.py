"""A security key (WebAuthn) added from the account pages, then used to sign in.

Chromium's virtual authenticator (DevTools protocol) stands in for the USB key.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from maillage.demo.accounts import DEMO_PASSWORD
from tests.browser.helpers import MFA_URL, fill_sign_in_form, french, path_of, sign_in
from tests.browser.pages import landing_on_new_page, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def security_key(context: BrowserContext, page: Page) -> Iterator[None]:
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    yield
    cdp.send("WebAuthn.disable")


def test_field_worker_adds_a_security_key_then_signs_in_with_it(page: Page, security_key: None):
    sign_in(page, "terrain@maillage.example")
    visit(page, "/comptes/2fa/webauthn/add/?next=/")
    # allauth asks for the password again before a second factor is added.
    if path_of(page).startswith("/comptes/reauthenticate/"):
        page.locator('input[name="password"]').fill(DEMO_PASSWORD)
        with landing_on_new_page(page):
            page.get_by_role("button", name="Confirmer").click()
    page.locator('input[name="name"]').fill("Clé USB du bureau")
    with landing_on_new_page(page):
        page.get_by_role("button", name="Ajouter").click()
    visit(page, "/comptes/2fa/webauthn/")
    expect(page.get_by_text("Clé USB du bureau")).to_be_visible()

    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Sign out")).click()
    fill_sign_in_form(page, "terrain@maillage.example")
    assert path_of(page) == MFA_URL
    with landing_on_new_page(page):
        page.locator("#mfa_webauthn_authenticate").click()
    assert path_of(page) == "/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Inès")
