"""A concertation meeting in Chromium: a coordinator records an action item at the last
meeting of the demo platform, finds it carried over on the next meeting's agenda and closes
it there; it is not carried any further. Every page is checked (axe, console) at 1280 and
360 px wide."""

from __future__ import annotations

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
PLATFORM = "Plateforme jeunesse, écoles et familles"
TEXT = "Préparer la visite de l’école Jacques Brel"


def fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a 360px screen"


def test_a_meetings_action_items_carry_over_and_one_is_closed_there(page: Page) -> None:
    from maillage.concertation.models import ActionItem, ActionStatus, Meeting

    today = timezone.localdate()
    last = Meeting.objects.filter(platform__name=PLATFORM, date__lt=today).order_by("-date").first()
    following = (
        Meeting.objects.filter(platform__name=PLATFORM, date__gte=today).order_by("date").first()
    )
    assert last is not None and following is not None and not following.is_conference
    sign_in(page, "coordination@maillage.example")
    visit(page, "/plateformes/")
    with landing_on_new_page(page):
        page.get_by_role("link", name=PLATFORM).click()
    with landing_on_new_page(page):
        page.locator("#past a").first.click()
    assert path_of(page) == f"/reunions/{last.pk}/"

    # An action item recorded at the last meeting, with its owner.
    page.locator("#id_action-text").fill(TEXT)
    page.locator("#id_action-owner").select_option(label="Yanis Coordination (AMO Les Passerelles)")
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Add the action item")).click()
    expect(page.locator("#actions")).to_contain_text(TEXT)
    item = ActionItem.objects.get(text=TEXT)

    # The next meeting's agenda carries it, with the other open items of earlier meetings.
    with landing_on_new_page(page):
        page.get_by_role(
            "link", name=f"{french('Next meeting')} ({following.date:%d/%m/%Y})"
        ).click()
    assert path_of(page) == f"/reunions/{following.pk}/"
    carried = page.locator("#agenda .rows")
    row = carried.locator(f"#action-{item.pk}")
    expect(row).to_contain_text(TEXT)
    expect(row).to_contain_text(french(ActionStatus.OPEN.label))
    open_before = ActionItem.objects.carried_to(following).filter(status="open").count()
    expect(carried.locator("li")).to_have_count(open_before)

    # Closed there.
    row.get_by_label(f"{french('Status')} : {TEXT}").select_option(ActionStatus.DONE)
    with landing_on_new_page(page):
        row.get_by_role("button").click()
    assert path_of(page) == f"/reunions/{following.pk}/"
    expect(page.locator(".message").first).to_contain_text(TEXT)
    expect(page.locator(f"#action-{item.pk} .badge")).to_contain_text(
        french(ActionStatus.DONE.label)
    )
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE and item.closed_in_id == following.pk

    # Not carried to a later meeting (the themed conference).
    conference = Meeting.objects.get(platform__name=PLATFORM, is_conference=True)
    visit(page, f"/reunions/{conference.pk}/")
    expect(page.locator("#agenda")).not_to_contain_text(TEXT)

    page.set_viewport_size(PHONE)
    platform_path = following.platform.get_absolute_url()
    for path in (
        "/plateformes/",
        platform_path,
        f"/reunions/{last.pk}/",
        f"/reunions/{following.pk}/",
        f"/reunions/{conference.pk}/",
        f"/reunions/{following.pk}/modifier/",
        "/mes-actions/",
        f"/public/conferences/{conference.pk}/",
    ):
        visit(page, path)
        fits_the_phone(page)
    visit(page, f"/reunions/{following.pk}/")
    page.screenshot(path=str(SHOTS / "maillage-meeting-360.png"), full_page=True)
