"""An administrator, on a phone, connects other systems to Maillage in Chromium: an API token
made with the keyboard, shown once, that works until it is revoked; a webhook endpoint whose
test event reaches a real receiver on loopback, signed with the secret shown once, and shows
up as delivered in its log. Every page passes axe and fits a 360 px wide screen."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Locator, Page, ViewportSize, expect

from maillage.api.models import Scope
from maillage.webhooks.models import DeliveryStatus
from tests.browser.helpers import french, path_of, sign_in
from tests.browser.pages import check_page, landing_on_new_page, visit

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir())
PHONE: ViewportSize = {"width": 360, "height": 740}
ADMIN = "admin@maillage.example"
TOKEN_NAME = "Logiciel de l'Athénée"
EVENT = "registration.confirmed"


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A receiving server of another system: answers 204 and keeps what it was sent."""

    port: int = 0
    received: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/maillage"


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    # Loopback is a private address, refused unless the closed-network switch is on.
    settings.MAILLAGE_WEBHOOK_ALLOW_PRIVATE = True
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.received.append(Received(dict(self.headers.items()), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def fits_the_phone(page: Page, name: str) -> None:
    """No horizontal scrolling at 360 px; the screenshot is kept for a look."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a 360px screen"
    page.screenshot(path=str(SHOTS / f"maillage-integrations-{name}-360.png"), full_page=True)


def tab_to(page: Page, target: Locator, presses: int = 60) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(presses):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{target} cannot be reached with Tab")


def api_status(live_url: str, secret: str) -> int:
    """What the API answers another system asking for the registrations with the token."""
    url = f"{live_url}/api/v1/registrations"  # the live server, on loopback
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            json.load(response)
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def open_administration_link(page: Page, name: str) -> None:
    """Sign in on the phone and follow a link of the home page's Administration card."""
    page.set_viewport_size(PHONE)
    sign_in(page, ADMIN)
    fits_the_phone(page, "home")
    card = page.locator(
        "section", has=page.get_by_role("heading", name=french("Administration"), exact=True)
    )
    with landing_on_new_page(page):
        card.get_by_role("link", name=french(name), exact=True).click()


def test_an_administrator_creates_a_token_with_the_keyboard_and_revokes_it(
    page: Page, demo: Any
) -> None:
    open_administration_link(page, "API tokens")
    assert path_of(page) == "/api/jetons/"
    expect(page.get_by_role("heading", level=1)).to_have_text(french("API tokens"))
    fits_the_phone(page, "token-list")
    with landing_on_new_page(page):
        page.get_by_role("link", name=french("Create a token")).click()
    fits_the_phone(page, "token-form")

    # The form with the keyboard only: Tab to each field, Space on the two permissions.
    name = page.get_by_role("textbox", name=re.compile("^" + re.escape(french("Name"))))
    tab_to(page, name)
    page.keyboard.type(TOKEN_NAME)
    for scope in (Scope.ACTIVITIES_READ, Scope.REGISTRATIONS_READ):
        box = page.get_by_role("checkbox", name=french(scope.label))
        tab_to(page, box, presses=10)
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    create = page.get_by_role("button", name=french("Create"), exact=True)
    tab_to(page, create, presses=10)
    with landing_on_new_page(page):
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(french("Token created"))
    secret = page.get_by_role("textbox", name=french("Token")).input_value()
    assert secret.startswith("mlg_")
    fits_the_phone(page, "token-created")

    # Shown once: the list, reloaded, names the token but never shows it again.
    visit(page, "/api/jetons/")
    page.reload()
    check_page(page)
    row = page.get_by_role("row").filter(has_text=TOKEN_NAME)
    for scope in (Scope.ACTIVITIES_READ, Scope.REGISTRATIONS_READ):
        expect(row).to_contain_text(french(scope.label))
    expect(row).to_contain_text(french("Valid"))
    assert secret not in page.content()
    fits_the_phone(page, "token-list-filled")

    assert api_status(demo.url, secret) == 200

    with landing_on_new_page(page):
        row.get_by_role("button", name=re.compile("^" + re.escape(french("Revoke")))).click()
    expect(page.get_by_role("status")).to_contain_text(TOKEN_NAME)
    expect(row).to_contain_text(re.compile(re.escape(french("Revoked on %(day)s") % {"day": ""})))
    fits_the_phone(page, "token-revoked")
    assert api_status(demo.url, secret) == 401


def test_an_administrator_creates_a_webhook_and_its_test_event_arrives_signed(
    page: Page, receiver: Receiver
) -> None:
    open_administration_link(page, "Webhooks")
    assert path_of(page) == "/webhooks/"
    fits_the_phone(page, "webhook-list")
    with landing_on_new_page(page):
        page.get_by_role("link", name=french("New webhook")).click()
    fits_the_phone(page, "webhook-form")

    page.get_by_role("textbox", name=re.compile("^" + re.escape(french("Address (URL)")))).fill(
        receiver.url
    )
    page.get_by_role("checkbox", name=re.compile(re.escape(f"({EVENT})"))).check()
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Save"), exact=True).click()

    # The secret, once, with the snippet that checks the signature.
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Webhook created"))
    secret = page.get_by_role("textbox", name=french("Secret of the webhook")).input_value()
    assert secret.startswith("whsec_")
    verify = page.get_by_role(
        "region", name=french("How to check that a request comes from Maillage")
    )
    expect(verify.locator("pre code")).to_contain_text("hmac.compare_digest")
    fits_the_phone(page, "webhook-created")
    with landing_on_new_page(page):
        page.get_by_role("link", name=french("Go to the webhook")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(receiver.url)
    assert secret not in page.content()
    expect(page.locator("main")).to_contain_text(french("Nothing has been sent yet."))

    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Send a test event")).click()
    expect(page.get_by_role("status")).to_contain_text(
        french("A test event is on its way: reload this page in a moment to see the answer.")
    )
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)

    # The receiver got the ping, signed with the secret the page showed.
    [ping] = receiver.received
    assert ping.headers["X-Maillage-Event"] == "ping"
    timestamp = ping.headers["X-Maillage-Timestamp"]
    assert abs(time.time() - int(timestamp)) < 300
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + ping.body, hashlib.sha256)
    assert hmac.compare_digest("sha256=" + digest.hexdigest(), ping.headers["X-Maillage-Signature"])
    assert json.loads(ping.body)["event"] == "ping"

    # The delivery log, reloaded, shows it delivered with the receiver's answer.
    page.reload()
    check_page(page)
    [delivery] = page.locator("ol.deliveries > li").all()
    expect(delivery).to_contain_text("ping")
    expect(delivery.locator(".badge")).to_have_text(french(DeliveryStatus.SUCCEEDED.label))
    expect(delivery.get_by_role("list", name=french("Attempts"))).to_contain_text("HTTP 204")
    expect(delivery).to_contain_text(ping.headers["X-Maillage-Delivery"])
    fits_the_phone(page, "webhook-delivered")
