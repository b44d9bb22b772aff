"""A visitor applies to a job offer on an organisation's public page with a real PDF, on a
360 px wide phone, and sees the thanks page; the offer and the form pass axe (with and
without errors); the organisation is told by e-mail, and its administrator then finds the
application and downloads the CV. On a 390 px phone, a visitor follows the form's privacy
notice to the organisation's policy, then the footer to its accessibility statement."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import french, path_of, sign_in
from tests.browser.pages import check_page, landing_on_new_page, visit

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir())
ADMIN = "admin@maillage.example"
TITLE = "Animateur·rice de quartier"


def open_offer() -> tuple[str, int]:
    """The demo AMO's published page and an open offer; returns its slug and the offer."""
    from maillage.core.models import Membership, User
    from maillage.core.scoping import bind_organisation
    from maillage.website import services

    admin = User.objects.get(email=ADMIN)
    organisation = Membership.objects.filter(user=admin).order_by("pk").first().organisation
    bind_organisation(admin, organisation.pk)
    services.website_profile_update(
        actor=admin,
        organisation=organisation,
        tagline="Écoute et accompagnement des jeunes",
        presentation="Nous accueillons les jeunes et leurs familles.",
    )
    services.website_profile_set_published(actor=admin, organisation=organisation, published=True)
    offer = services.job_offer_create(
        actor=admin,
        organisation=organisation,
        title=TITLE,
        contract="fixed_term",
        hours="mi-temps",
        place="Maison de quartier",
        deadline=timezone.localdate() + timedelta(days=20),
        description="Vous animez l’accueil des jeunes et menez des projets avec eux.",
    )
    services.job_offer_publish(actor=admin, offer=offer)
    return organisation.slug, offer.pk


def real_pdf(path: Path) -> Path:
    from weasyprint import HTML

    HTML(string="<h1>Léa Dupont</h1><p>Animatrice, 5 ans d’expérience.</p>").write_pdf(path)
    return path


def fits(page: Page, width: int = 360) -> None:
    scrolled = page.evaluate("document.documentElement.scrollWidth")
    assert scrolled <= width, f"{page.url}: {scrolled} px wide"


def test_a_visitor_applies_on_a_phone_and_the_team_reads_it(page: Page, tmp_path: Path) -> None:
    slug, pk = open_offer()
    page.set_viewport_size({"width": 360, "height": 740})

    visit(page, f"/o/{slug}/emplois/{pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    fits(page)
    page.screenshot(path=SHOTS / "website-offer-360.png", full_page=True)

    with landing_on_new_page(page):
        page.get_by_role("link", name=f"{french('Apply')} : {TITLE}").click()
    assert path_of(page) == f"/o/{slug}/emplois/{pk}/postuler/"
    fits(page)
    page.screenshot(path=SHOTS / "website-apply-360.png", full_page=True)

    # Sent empty: the mistakes are announced, the page still fits and passes axe.
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Send my application")).click()
    expect(page.locator("#form-errors")).to_have_attribute("role", "alert")
    expect(page.locator("main")).to_contain_text(french("Attach your CV."))
    fits(page)
    page.screenshot(path=SHOTS / "website-apply-360-errors.png", full_page=True)

    page.get_by_label(french("Your name")).fill("Léa Dupont")
    page.get_by_label(french("Your e-mail address")).fill("lea.dupont@example.org")
    page.get_by_label(french("Your message")).fill("Disponible dès le mois prochain.")
    page.get_by_label(french("Your CV")).set_input_files(real_pdf(tmp_path / "cv-lea.pdf"))
    expect(page.locator("input[name=website]")).to_have_attribute("tabindex", "-1")
    with landing_on_new_page(page):
        page.get_by_role("button", name=french("Send my application")).click()

    assert path_of(page) == f"/o/{slug}/candidature-envoyee/"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        french("Thank you, your application is received")
    )
    expect(page.get_by_role("status")).to_contain_text(TITLE)
    fits(page)
    page.screenshot(path=SHOTS / "website-thanks-360.png", full_page=True)

    [message] = [m for m in mail.outbox if TITLE in m.subject]
    assert "Léa" not in message.body and "lea.dupont" not in message.body

    # The team: the administrator finds the application and downloads the CV.
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, ADMIN)
    visit(page, f"/site/emplois/{pk}/")
    expect(page.locator("main")).to_contain_text("Léa Dupont")
    expect(page.locator("main")).to_contain_text("Disponible dès le mois prochain.")
    # The CV, fetched as the signed-in browser would (same cookies), without leaving the page.
    link = page.locator("a", has_text="cv-lea.pdf")
    expect(link).to_be_visible()
    response = page.context.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    check_page(page)


def test_on_a_phone_a_visitor_reads_the_privacy_notice_then_the_policy_and_the_statement(
    page: Page,
) -> None:
    from maillage.core.models import Organisation

    slug, _pk = open_offer()
    name = Organisation.objects.get(slug=slug).name
    page.set_viewport_size({"width": 390, "height": 844})

    # At the point of collection: who, why, how long, the rights and the full policy.
    visit(page, f"/o/{slug}/candidature-spontanee/")
    notice = page.locator(".privacy-notice")
    expect(notice).to_contain_text("Vos données personnelles")
    expect(notice).to_contain_text("supprimée au plus tard 180 jours après son arrivée")
    expect(notice).to_contain_text("Autorité de protection des données")
    fits(page, 390)
    with landing_on_new_page(page):
        notice.get_by_role("link", name=f"Politique de confidentialité de {name}").click()
    assert path_of(page) == f"/o/{slug}/vie-privee/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Politique de confidentialité")
    expect(page.get_by_role("heading", name="Candidatures")).to_be_visible()
    fits(page, 390)
    page.screenshot(path=SHOTS / "website-privacy-390.png", full_page=True)

    # Every public page's footer leads to the organisation's accessibility statement.
    footer = page.get_by_role("contentinfo")
    with landing_on_new_page(page):
        footer.get_by_role("link", name=f"Accessibilité des pages de {name}").click()
    assert path_of(page) == f"/o/{slug}/accessibilite/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d’accessibilité")
    expect(page.locator("main")).to_contain_text("partiellement conformes")
    expect(page.get_by_role("heading", name="Voies de recours")).to_be_visible()
    fits(page, 390)
    page.screenshot(path=SHOTS / "website-accessibility-390.png", full_page=True)
