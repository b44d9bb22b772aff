"""A parent, without an account, finds a camp in the public calendar and registers two
children in one go in Chromium, with the keyboard; the confirmation e-mail arrives with the
sessions as a calendar file. The pages pass axe, also on a 360 px wide phone."""

from __future__ import annotations

import re
import tempfile
from datetime import time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import french, path_of
from tests.browser.pages import check_page, landing_on_new_page, visit

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir())
TITLE = "Stage cirque et nature"
PARENT_EMAIL = "parent.martin@example.org"


def camp_start():
    """A camp takes place in the school holidays: the next ones the demo recorded, if any."""
    from maillage.activities.models import SchoolHoliday

    soon = timezone.localdate() + timedelta(days=7)
    holiday = SchoolHoliday.objects.filter(ends_on__gte=soon + timedelta(days=4)).first()
    return max(holiday.starts_on, soon) if holiday else soon


def open_camp() -> int:
    """A published camp of the demo's AMO with online registration open, two prices with
    who they are for, a sibling reduction and five sessions; returns its number."""
    from maillage.activities import services
    from maillage.activities.models import ActivityKind
    from maillage.core.models import Commune, Membership, User
    from maillage.core.roles import Role
    from maillage.core.scoping import bind_organisation

    worker = User.objects.get(email="terrain@maillage.example")
    organisation = Membership.objects.filter(user=worker).first().organisation
    bind_organisation(worker, organisation.pk, frozenset({Role.FIELD_WORKER}))
    start = camp_start()
    camp = services.activity_create(
        actor=worker,
        organisation=organisation,
        kind=ActivityKind.CAMP,
        title=TITLE,
        description="Jonglerie, équilibre et balades en forêt.",
        starts_on=start,
        ends_on=start + timedelta(days=4),
        commune=organisation.commune or Commune.objects.first(),
        place="Maison de quartier",
        age_min=6,
        age_max=12,
        places=10,
        is_public=True,
        registration_open=True,
        sibling_reduction=50,
        staff=[worker],
    )
    services.price_tier_add(
        actor=worker,
        activity=camp,
        label="Plein tarif",
        amount=Decimal("60"),
        description="Revenus au-dessus du plafond",
    )
    services.price_tier_add(
        actor=worker,
        activity=camp,
        label="Tarif réduit",
        amount=Decimal("20"),
        description="Familles aux revenus modestes",
    )
    services.sessions_generate(
        actor=worker,
        activity=camp,
        weekdays=list(range(7)),
        starts_at=time(9),
        ends_at=time(16),
        skip_holidays=False,
    )
    return camp.pk


def birth_date(age: int) -> str:
    day = camp_start()
    return (day.replace(year=day.year - age) - timedelta(days=30)).isoformat()


def starting(text: str) -> re.Pattern[str]:
    """A label or legend that starts with `text` (labels end with " :")."""
    return re.compile(f"^{re.escape(text)}")


def child_block(page: Page, number: int):
    legend = french("Child %(number)s") % {"number": number}
    return page.get_by_role("group", name=starting(legend))


def fill_child(page: Page, number: int, first_name: str, age: int, reduced: bool) -> None:
    """One child block, found by its legend; the price chosen with the keyboard."""
    block = child_block(page, number)
    block.get_by_label(starting(french("First name"))).fill(first_name)
    block.get_by_label(starting(french("Last name"))).fill("Martin")
    block.get_by_label(starting(french("Birth date"))).fill(birth_date(age))
    full, low = block.get_by_role("radio").all()
    full.focus()
    page.keyboard.press("Space")
    if reduced:
        page.keyboard.press("ArrowDown")  # the next price of the group
    expect(low if reduced else full).to_be_checked()


def test_a_parent_registers_two_children_and_receives_the_email(page: Page) -> None:
    pk = open_camp()
    calendar_path = "/public/activites/"

    # The calendar, without signing in: the camp is listed with its price range and places.
    visit(page, calendar_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Upcoming activities"))
    page.get_by_label(starting(french("Search"))).fill("cirque")
    with landing_on_new_page(page):
        page.get_by_label(starting(french("Search"))).press("Enter")
    card = page.get_by_role("article", name=TITLE)
    expect(card).to_contain_text("20\u00a0€ – 60\u00a0€")
    expect(card).to_contain_text("10 places libres")
    with landing_on_new_page(page):
        card.get_by_role("link", name=TITLE, exact=True).click()
    assert path_of(page) == f"/public/activites/{pk}/"
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("Familles aux revenus modestes")
    expect(page.get_by_role("link", name=re.compile(r"\.ics"))).to_be_visible()

    # The form: reached and sent with the keyboard.
    register = page.get_by_role("link", name=french("Register my children"))
    register.focus()
    with landing_on_new_page(page):
        page.keyboard.press("Enter")
    assert path_of(page) == f"/public/activites/{pk}/inscription/"
    page.get_by_label(starting(french("Your first name and last name"))).fill("Julie Martin")
    page.keyboard.press("Tab")
    expect(page.get_by_label(starting(french("Your e-mail address")))).to_be_focused()
    page.keyboard.type(PARENT_EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type("0470 11 22 33")
    page.keyboard.press("Tab")
    page.keyboard.type("Paul Martin, 0471 33 22 11")
    fill_child(page, 1, "Zoé", 9, reduced=False)
    fill_child(page, 2, "Hugo", 7, reduced=True)
    expect(
        child_block(page, 2).get_by_role("radio", name=re.compile("Tarif réduit"))
    ).to_be_checked()
    authorisation = page.get_by_role("checkbox", name=re.compile("autorise"))
    authorisation.focus()
    page.keyboard.press("Space")
    expect(authorisation).to_be_checked()
    # The honeypot is out of reach: hidden from assistive technologies, not tabbable.
    expect(page.locator("input[name=website]")).to_have_attribute("tabindex", "-1")
    page.get_by_label(starting(french("Your phone number"))).focus()
    with landing_on_new_page(page):
        page.keyboard.press("Enter")  # Enter in a field sends the form, never "add a child"

    # The thanks page: both confirmed, the amounts and the structured communications.
    assert path_of(page) == f"/public/activites/{pk}/merci/"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        french("Thank you, your registration is received")
    )
    confirmed = page.locator("section.confirmed")
    expect(confirmed).to_contain_text("Zoé Martin")
    expect(confirmed).to_contain_text("Hugo Martin")
    expect(confirmed).to_contain_text("60 €")
    expect(confirmed).to_contain_text("10 €")  # 20 €, half for the sibling
    expect(confirmed.locator(".reference")).to_have_count(2)
    expect(page.get_by_role("status")).to_contain_text(
        french("Your registration has been received.")
    )

    # The e-mail leaves with the worker.
    call_command("db_worker", "--batch", "--interval", "0")
    [message] = [m for m in mail.outbox if m.to == [PARENT_EMAIL]]
    assert TITLE in message.subject
    assert "Zoé Martin" in message.body and "Hugo Martin" in message.body
    assert len(re.findall(r"\+\+\+\d{3}/\d{4}/\d{5}\+\+\+", message.body)) == 2
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("seances.ics", "text/calendar")
    text = content if isinstance(content, str) else content.decode()
    assert text.count("BEGIN:VEVENT") == 5


def test_the_public_pages_fit_a_small_phone(page: Page) -> None:
    pk = open_camp()
    page.set_viewport_size({"width": 360, "height": 740})
    for name, path in (
        ("calendar", "/public/activites/"),
        ("activity", f"/public/activites/{pk}/"),
        ("register", f"/public/activites/{pk}/inscription/"),
    ):
        visit(page, path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path}: {width} px wide"
        page.screenshot(path=SHOTS / f"public-{name}-360.png", full_page=True)
    page.screenshot(path=SHOTS / "public-register-360.png", full_page=True)

    # Sent empty: the errors are announced and the page still fits and passes axe.
    page.get_by_role("button", name=french("Send the registration")).click()
    page.wait_for_load_state("load")
    check_page(page)
    expect(page.locator("#form-errors")).to_have_attribute("role", "alert")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=SHOTS / "public-register-360-errors.png", full_page=True)
