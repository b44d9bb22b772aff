"""The dashboards of issue 7 in a real browser: each demo login finds its own card on the
home page (the page fixture runs axe on each page it lands on)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from maillage.core.dashboards import HOME_PANELS, register_home_panel
from maillage.programmes import panels
from tests.browser.helpers import (
    MFA_URL,
    current_totp_code,
    fill_sign_in_form,
    french,
    path_of,
    sign_in,
)
from tests.browser.pages import landing_on_new_page

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def dashboard_panels() -> Iterator[None]:
    """The programmes' panels, as the area's apps.py registers them."""
    providers = [
        panels.team_activity_panel,
        panels.director_panel,
        panels.programme_panel,
        panels.statistics_panel,
    ]
    added = [p for p in providers if p not in HOME_PANELS]
    for provider in providers:
        register_home_panel(provider)
    yield
    for provider in added:
        HOME_PANELS.remove(provider)


def year() -> int:
    return timezone.localdate().year


@pytest.mark.parametrize(
    ("email", "headings"),
    [
        ("terrain@maillage.example", ["My next steps", "My sessions this week"]),
        ("coordination@maillage.example", ["Team activity"]),
        ("programme@maillage.example", ["My programmes"]),
        ("stats@maillage.example", ["Figures by commune in %(year)s"]),
    ],
)
def test_each_demo_login_sees_its_dashboard_card(page: Page, email: str, headings: list[str]):
    sign_in(page, email)
    for heading in headings:
        name = french(heading) % {"year": year()} if "%(year)s" in heading else french(heading)
        expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()


def test_director_signs_in_with_totp_and_sees_the_key_figures(page: Page) -> None:
    fill_sign_in_form(page, "direction@maillage.example")
    assert path_of(page) == MFA_URL
    page.locator('input[name="code"]').fill(current_totp_code())
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Sign In"), exact=True).click()
    assert path_of(page) == "/"
    name = french("Key figures of %(year)s") % {"year": year()}
    expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=french("Team activity"))).to_have_count(0)
