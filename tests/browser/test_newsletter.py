"""A visitor subscribes to an organisation's newsletter on a 360 px phone, reads the
confirmation mail, opens its link and confirms with the button; the team then composes an
issue and looks at its preview. Every page passes axe and fits the phone."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.helpers import french, path_of, sign_in
from tests.browser.pages import check_page, landing_on_new_page, visit

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir())
EMAIL = "visiteuse@example.org"


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url}: {width} px wide"


def amo_slug() -> str:
    from maillage.core.models import Membership

    worker = Membership.objects.filter(user__email="coordination@maillage.example").first()
    return worker.organisation.slug


def test_a_visitor_subscribes_and_confirms_from_the_mail_on_a_phone(page: Page) -> None:
    from maillage.newsletter.models import Subscriber, SubscriberStatus

    slug = amo_slug()
    page.set_viewport_size({"width": 360, "height": 740})
    visit(page, f"/o/{slug}/lettre/")
    fits(page)
    page.screenshot(path=SHOTS / "newsletter-subscribe-360.png", full_page=True)

    # Sent without the consent: the mistake is announced, nothing is saved.
    page.get_by_label(french("Your e-mail address")).fill(EMAIL)
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Subscribe"), exact=True).click()
    expect(page.locator("#form-errors")).to_have_attribute("role", "alert")
    expect(page.locator(".errorlist")).to_contain_text(
        french("Tick the box to agree to receive the newsletter.")
    )
    fits(page)
    page.screenshot(path=SHOTS / "newsletter-subscribe-360-errors.png", full_page=True)
    assert not Subscriber.objects.filter(email=EMAIL).exists()

    # With the keyboard: tick the box, then send.
    page.get_by_label(french("Your e-mail address")).fill(EMAIL)
    page.get_by_role("checkbox").focus()
    page.keyboard.press("Space")
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Subscribe"), exact=True).focus()
        page.keyboard.press("Enter")
    assert path_of(page) == f"/o/{slug}/lettre/envoye/"
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Check your mailbox"))
    fits(page)

    [message] = [m for m in mail.outbox if m.to == [EMAIL]]
    link = re.search(r"https?://\S+/confirmer/\S+/", message.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    visit(page, path)
    fits(page)
    page.screenshot(path=SHOTS / "newsletter-confirm-360.png", full_page=True)
    assert Subscriber.objects.get(email=EMAIL).status == SubscriberStatus.PENDING
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Confirm my subscription")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Subscription confirmed"))
    expect(page.get_by_role("status")).to_be_visible()
    fits(page)
    page.screenshot(path=SHOTS / "newsletter-confirmed-360.png", full_page=True)
    assert Subscriber.objects.get(email=EMAIL).status == SubscriberStatus.CONFIRMED


def test_the_team_composes_an_issue_and_previews_it(page: Page) -> None:
    sign_in(page, "coordination@maillage.example")
    visit(page, "/lettre/")
    with landing_on_new_page(page):
        page.get_by_role("link", name=french("Compose an issue")).first.click()
    page.get_by_label(french("Subject of the mail")).fill("Lettre Infos de printemps")
    page.get_by_label(french("Introduction")).fill("Bonjour,\n\nVoici nos nouvelles.")
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Save")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lettre Infos de printemps")
    page.screenshot(path=SHOTS / "newsletter-issue.png", full_page=True)
    with landing_on_new_page(page):
        page.get_by_role("link", name=french("Preview of the mail")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lettre Infos de printemps")
    page.set_viewport_size({"width": 360, "height": 740})
    fits(page)
    page.screenshot(path=SHOTS / "newsletter-preview-360.png", full_page=True)
    check_page(page)
