"""The pages each role reaches from the menu, on a phone: no error, no axe violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import french, sign_in
from tests.browser.pages import visit

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
# The pages beyond home, with the menu entry leading there (if any).
ROLE_PAGES: dict[str, dict[str, str | None]] = {
    "terrain@maillage.example": {
        "/equipe/": "Team",
        "/mon-compte/": None,
        "/mes-suivis/": "Individual",
        "/demandes/": None,
        "/demandes/nouvelle/": None,
        "/jeunes/": None,
        "/jeunes/nouveau/": None,
        "/activites/": "Collective",
        "/activites/nouvelle/": None,
        "/paiements/": None,
        "/communautaire/": "Community",
        "/communautaire/projets/": None,
        "/communautaire/constats/": None,
        "/communautaire/diagnostics/": None,
        "/reseau/": "Network",
        "/offre-sociale/": None,
        "/plateformes/": None,
        "/mes-actions/": None,
        "/reseau/mises-a-disposition/": None,
        "/reseau/conventions/": None,
        "/reseau/formations/": None,
        "/scolarite/": "Schooling",
        "/programmes/": "Programmes",
    },
    "admin@maillage.example": {
        "/equipe/": "Team",
        "/equipe/ajouter/": None,
        "/organisation/modifier/": None,
    },
    "dpo@maillage.example": {
        "/equipe/": "Team",
        "/journal/": "Audit log",
        "/donnees/": "Personal data",
        "/donnees/conservation/": None,
    },
}


@pytest.mark.parametrize("email", list(ROLE_PAGES))
def test_menu_leads_to_the_pages_of_the_role_and_they_work_on_a_phone(
    page: Page, email: str
) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, email)
    navigation = page.get_by_role("navigation", name=french("Main navigation"))
    shown = {name.strip() for name in navigation.get_by_role("link").all_inner_texts()}
    wanted = {french(link) for link in ROLE_PAGES[email].values() if link}
    assert wanted <= shown, f"missing from the menu: {sorted(wanted - shown)}; shown: {shown}"

    failures: dict[str, str] = {}
    for path in ["/", *ROLE_PAGES[email]]:
        try:
            visit(page, path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} is {width}px wide on a 360px screen"
        except AssertionError as failure:
            failures[path] = str(failure)

    assert not failures, "\n\n".join(failures.values())
