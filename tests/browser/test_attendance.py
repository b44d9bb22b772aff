"""Attendance taken on a phone in Chromium: a worker opens today's session on a 390x844
screen, taps two participants present (one with the keyboard), reloads and finds them
present. (Written for tests/browser/test_attendance.py.)"""

from __future__ import annotations

import re
import tempfile
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import french, path_of, sign_in
from tests.browser.pages import check_page, landing_on_new_page, visit

pytestmark = pytest.mark.browser

# Screenshots to look at: what a worker sees on a phone.
SHOTS = Path(tempfile.gettempdir())


def todays_workshop(email: str) -> tuple[str, list[str]]:
    """A workshop of the worker's organisation, led by them, with a session today and
    three children confirmed; returns the session's path and the children's names."""
    from maillage.activities import services
    from maillage.activities.models import ActivityKind
    from maillage.core.models import Commune, Membership, User
    from maillage.core.roles import Role
    from maillage.core.scoping import bind_organisation
    from maillage.people.models import Person

    worker = User.objects.get(email=email)
    organisation = Membership.objects.filter(user=worker).first().organisation
    bind_organisation(worker, organisation.pk, frozenset({Role.FIELD_WORKER}))
    day = timezone.localdate()
    activity = services.activity_create(
        actor=worker,
        organisation=organisation,
        kind=ActivityKind.WORKSHOP,
        title="Atelier djembé du mercredi",
        starts_on=day - timedelta(days=7),
        ends_on=day + timedelta(days=30),
        commune=organisation.commune or Commune.objects.first(),
        place="Maison de quartier",
        places=12,
        staff=[worker],
    )
    services.session_add(
        actor=worker,
        activity=activity,
        date=day - timedelta(days=7),
        starts_at=time(14),
        ends_at=time(16),
    )
    session = services.session_add(
        actor=worker, activity=activity, date=day, starts_at=time(14), ends_at=time(16)
    )
    names = [("Amina", "Benali"), ("Lucas", "Dubois"), ("Sofia", "Lemaire")]
    for first, last in names:
        person = Person.objects.create(
            organisation=organisation, first_name=first, last_name=last, created_by=worker
        )
        services.registration_create(actor=worker, activity=activity, person=person)
    return f"/seances/{session.pk}/", [f"{first} {last}" for first, last in names]


def toggle(page: Page, name: str):
    return page.get_by_role("button", name=re.compile(name))


def test_worker_takes_attendance_on_a_phone(page: Page) -> None:
    path, (amina, lucas, sofia) = todays_workshop("terrain@maillage.example")
    sign_in(page, "terrain@maillage.example")
    page.set_viewport_size({"width": 390, "height": 844})
    visit(page, path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Atelier djembé du mercredi")
    for name in (amina, lucas, sofia):
        expect(toggle(page, name)).to_have_attribute("aria-pressed", "false")
        box = toggle(page, name).bounding_box()
        assert box is not None
        assert box["height"] >= 48, f"{name}: a target of {box['height']} px"
        assert box["width"] >= 390 - 2 * 24, "one full-width target per participant"
    count = page.locator("#roll-count")
    expect(count).to_contain_text("0")
    expect(count).to_contain_text("3")
    page.evaluate("window.__sameDocument = true")

    # A tap: present, without reloading the page; the count follows.
    toggle(page, amina).click()
    expect(toggle(page, amina)).to_have_attribute("aria-pressed", "true")
    expect(count).to_contain_text("1")

    # The keyboard: focus stays on the row just marked, Tab goes to the next one.
    expect(toggle(page, amina)).to_be_focused()
    page.keyboard.press("Tab")
    expect(toggle(page, lucas)).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle(page, lucas)).to_have_attribute("aria-pressed", "true")
    expect(toggle(page, lucas)).to_be_focused()
    expect(count).to_contain_text("2")
    assert page.evaluate("window.__sameDocument === true"), "the page must not reload"
    check_page(page)

    # After a reload the marks are still there.
    visit(page, path)
    expect(toggle(page, amina)).to_have_attribute("aria-pressed", "true")
    expect(toggle(page, lucas)).to_have_attribute("aria-pressed", "true")
    expect(toggle(page, sofia)).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "attendance-390.png", full_page=True)

    # A second tap marks absent.
    toggle(page, lucas).click()
    expect(toggle(page, lucas)).to_have_attribute("aria-pressed", "false")
    expect(toggle(page, lucas)).to_have_class(re.compile("is-absent"))
    expect(count).to_contain_text("1")
    check_page(page)

    # The ones not marked yet (Sofia) in one tap; Lucas's "absent" stays.
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Mark everyone not marked yet as present")).click()
    expect(toggle(page, sofia)).to_have_attribute("aria-pressed", "true")
    expect(toggle(page, lucas)).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#roll-count")).to_contain_text("2")
    check_page(page)

    # The anonymous participants' count.
    page.locator("#id_headcount").fill("5")
    page.locator("#headcount-save").click()
    expect(page.locator("#headcount-feedback [role=status]")).to_contain_text("5")
    expect(page.locator("#id_headcount")).to_have_value("5")
    check_page(page)

    # Nothing overflows sideways on a small phone.
    page.set_viewport_size({"width": 360, "height": 740})
    visit(page, path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=SHOTS / "attendance-360.png", full_page=True)


def test_worker_finds_the_session_in_their_calendar(page: Page) -> None:
    path, _names = todays_workshop("terrain@maillage.example")
    sign_in(page, "terrain@maillage.example")
    page.set_viewport_size({"width": 390, "height": 844})
    visit(page, "/mon-agenda/")
    address = page.locator("#feed-url")
    expect(address).to_have_value(re.compile(r"^http://.+/agenda/[\w-]{40,}\.ics$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "attendance-calendar-390.png", full_page=True)
    with landing_on_new_page(page):
        page.get_by_role("link", name="Atelier djembé du mercredi").first.click()
    assert path_of(page) == path
