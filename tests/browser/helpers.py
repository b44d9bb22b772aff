"""What browser tests share: signing in, the TOTP code, the French wording to expect."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import trans_real
from playwright.sync_api import Page

from maillage.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.browser.pages import landing_on_new_page, visit

LOGIN_URL = "/comptes/login/"
MFA_URL = "/comptes/2fa/authenticate/"


def french(source: str | Promise) -> str:
    """The French the interface shows for a source string; fails if it is not translated."""
    with translation.override(None):
        msgid = str(source)  # a lazy label (Role.FIELD_WORKER.label) gives its source here
    with translation.override("fr"):
        # A lazy label keeps its context (pgettext_lazy), which the bare msgid has lost.
        text = str(source) if isinstance(source, Promise) else translation.gettext(msgid)
    # Some words are the same in both languages ("Organisation"): those must be in a catalogue.
    translated = text != msgid or msgid in trans_real.translation("fr")._catalog
    assert translated, f"no French translation for {msgid!r}"
    return text


def path_of(page: Page) -> str:
    """The path and query of the page's address, without the live server's origin."""
    url = urlsplit(page.url)
    return f"{url.path}?{url.query}" if url.query else url.path


def fill_sign_in_form(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Open the sign-in page (checked), fill it in and send it; lands on the next page."""
    visit(page, LOGIN_URL)
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Sign in"), exact=True).click()


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in with e-mail and password; the account must not have a second factor."""
    fill_sign_in_form(page, email, password)
    assert path_of(page) == "/", f"expected the home page after sign-in, got {page.url}"


def current_totp_code(secret: str = DEMO_TOTP_SECRET) -> str:
    """The authenticator app's code now, waiting out the last seconds of a period.

    allauth accepts only the current 30-second period (no tolerance), so a code typed just
    before the period ends would be refused.
    """
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))
