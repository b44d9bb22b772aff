"""The team's pages of the collective axis in Chromium: a coordinator cancels a confirmed
place of a full camp and the first child waiting is confirmed; a worker finds a child by
typing and registers them. Every page is checked (axe, console) at 1280 and 360 px wide.
(Written for tests/browser/test_activities_team.py.)"""

from __future__ import annotations

import re
import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import french, path_of, sign_in
from tests.browser.pages import check_page, landing_on_new_page, visit

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
# Screenshots to look at: what a coordinator sees on a phone.
SHOTS = Path(tempfile.gettempdir())
CONFIRMED = (("Amina", "Benali"), ("Lucas", "Dubois"))
WAITING = (("Sofia", "Lemaire"), ("Hugo", "Renard"))


def full_camp(email: str) -> tuple[int, dict[str, int]]:
    """A camp of two places of the user's organisation, both taken, two children waiting;
    returns the camp's number and the registration number of each child by first name."""
    from maillage.activities import services
    from maillage.activities.models import ActivityKind, SchoolHoliday
    from maillage.core.models import Commune, Membership, User
    from maillage.core.scoping import bind_organisation
    from maillage.people.models import Person

    user = User.objects.get(email=email)
    membership = Membership.objects.filter(user=user).order_by("pk").first()
    organisation = membership.organisation
    bind_organisation(user, organisation.pk, frozenset({membership.role}))
    # A camp takes place in the school holidays: record the one it falls in.
    start = timezone.localdate() + timedelta(days=14)
    SchoolHoliday.objects.create(
        name="Congé de test", starts_on=start - timedelta(days=2), ends_on=start + timedelta(days=9)
    )
    camp = services.activity_create(
        actor=user,
        organisation=organisation,
        kind=ActivityKind.CAMP,
        title="Stage nature du printemps",
        starts_on=start,
        ends_on=start + timedelta(days=4),
        commune=organisation.commune or Commune.objects.first(),
        place="Ferme pédagogique",
        age_min=6,
        age_max=12,
        places=2,
        staff=[user],
    )
    tier = services.price_tier_add(
        actor=user, activity=camp, label="Plein tarif", amount=Decimal(45)
    )
    numbers = {}
    for first, last in (*CONFIRMED, *WAITING):
        person = Person.objects.create(
            organisation=organisation,
            first_name=first,
            last_name=last,
            birth_date=start.replace(year=start.year - 9),
            created_by=user,
        )
        registration = services.registration_create(
            actor=user, activity=camp, person=person, price_tier=tier
        )
        numbers[first] = registration.pk
    return camp.pk, numbers


def fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a 360px screen"


def test_cancelling_a_place_of_a_full_camp_promotes_the_first_child_waiting(page: Page) -> None:
    email = "coordination@maillage.example"
    camp, numbers = full_camp(email)
    sign_in(page, email)
    # The demo has many activities: the search finds this one.
    visit(page, "/activites/?q=printemps")
    with landing_on_new_page(page):
        page.get_by_role("link", name="Stage nature du printemps", exact=True).click()
    assert path_of(page) == f"/activites/{camp}/"
    waiting = page.locator("#waiting")
    expect(waiting.locator("li")).to_have_count(2)
    expect(waiting.locator("li").first).to_contain_text("LEMAIRE Sofia")
    expect(page.locator("#confirmed tbody tr")).to_have_count(2)

    with landing_on_new_page(page):
        page.get_by_role("link", name="DUBOIS Lucas").click()
    assert path_of(page) == f"/inscriptions/{numbers['Lucas']}/"
    page.get_by_label(french("Reason (optional)")).fill("Malade")
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Cancel the registration")).click()

    # Back on the camp: Sofia has Lucas's place, Hugo is now first in line.
    assert path_of(page) == f"/activites/{camp}/"
    expect(page.locator(".message").first).to_contain_text("Sofia Lemaire")
    confirmed = page.locator("#confirmed")
    expect(confirmed).to_contain_text("LEMAIRE Sofia")
    expect(confirmed).not_to_contain_text("DUBOIS Lucas")
    expect(waiting.locator("li")).to_have_count(1)
    expect(waiting).to_contain_text("RENARD Hugo")

    # The other pages of the team, then all of them on a phone.
    others = (
        f"/activites/{camp}/inscriptions/nouvelle/?q=lemaire",
        f"/activites/{camp}/modifier/",
        "/activites/nouvelle/",
        "/paiements/",
    )
    for path in others:
        visit(page, path)
    page.set_viewport_size(PHONE)
    for path in (
        "/activites/",
        f"/activites/{camp}/",
        f"/inscriptions/{numbers['Sofia']}/",
        f"/inscriptions/{numbers['Lucas']}/",
        *others,
    ):
        visit(page, path)
        fits_the_phone(page)
    visit(page, f"/activites/{camp}/")
    page.screenshot(path=str(SHOTS / "maillage-activity-360.png"), full_page=True)
    visit(page, f"/inscriptions/{numbers['Sofia']}/")
    page.screenshot(path=str(SHOTS / "maillage-registration-360.png"), full_page=True)


def test_a_worker_finds_a_child_by_typing_and_registers_them(page: Page) -> None:
    from maillage.activities.models import Registration
    from maillage.people.models import Person

    email = "terrain@maillage.example"
    camp, _numbers = full_camp(email)
    organisation_id = Registration.objects.get(pk=_numbers["Amina"]).organisation_id
    child = Person.objects.create(
        organisation_id=organisation_id,
        first_name="Noé",
        last_name="Vandenberghe",
        birth_date=timezone.localdate().replace(year=timezone.localdate().year - 9),
    )
    sign_in(page, email)
    page.set_viewport_size(PHONE)
    visit(page, f"/activites/{camp}/")
    with landing_on_new_page(page):
        page.get_by_role("link", name=french("Register a young person")).first.click()
    fits_the_phone(page)
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("searchbox").fill("vandenb")
    choice = page.get_by_role("radio", name=re.compile("VANDENBERGHE Noé"))
    expect(choice).to_be_visible()
    assert page.evaluate("window.__sameDocument === true"), "the search must not reload the page"
    check_page(page)
    choice.check()
    page.screenshot(path=str(SHOTS / "maillage-registration-form-360.png"), full_page=True)
    page.get_by_role("combobox", name=re.compile(french("Price"))).select_option(
        label="Plein tarif — 45,00 €"
    )
    page.get_by_label(french("The parent or guardian has authorised the participation")).check()
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Register"), exact=True).click()
    assert path_of(page) == f"/activites/{camp}/"
    expect(page.locator(".message").first).to_contain_text("Noé Vandenberghe")
    expect(page.locator("#waiting")).to_contain_text("VANDENBERGHE Noé")
    assert Registration.objects.get(person=child).status == "waiting"
    fits_the_phone(page)


def test_the_forms_of_the_camp_load_when_opened_and_add_a_session(page: Page) -> None:
    """The page holds its forms folded: opening one asks for it (HTMX) without leaving the
    page; it posts as before. Without JavaScript its own page shows the same form."""
    from maillage.activities.models import Session

    email = "coordination@maillage.example"
    camp, _numbers = full_camp(email)
    sign_in(page, email)
    page.set_viewport_size(PHONE)
    visit(page, f"/activites/{camp}/")
    page.evaluate("window.__sameDocument = true")
    page.locator("summary", has_text=french("Add a session")).click()
    day = page.locator('input[name="session-date"]')
    expect(day).to_be_visible()
    assert page.evaluate("window.__sameDocument === true"), "opening must not reload the page"
    check_page(page)
    fits_the_phone(page)
    before = Session.objects.filter(activity_id=camp).count()
    page.locator('input[name="session-starts_at"]').fill("09:30")
    page.locator('input[name="session-ends_at"]').fill("11:30")
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Add the session")).click()
    assert path_of(page) == f"/activites/{camp}/"
    assert Session.objects.filter(activity_id=camp).count() == before + 1
    for path in ("seances/ajout/", "seances/generer/", "tarifs/ajout/"):
        visit(page, f"/activites/{camp}/{path}")
        fits_the_phone(page)
