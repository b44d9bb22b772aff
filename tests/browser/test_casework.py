"""The individual axis in Chromium: requests, the follow-up's quick form without reload, the
existence view and breaking the glass. (Written for tests/browser/test_casework.py.)"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import path_of, sign_in
from tests.browser.pages import check_page, landing_on_new_page, visit

pytestmark = pytest.mark.browser


def test_worker_records_requests_opens_a_follow_up_and_logs_without_reload(page: Page) -> None:
    sign_in(page, "terrain@maillage.example")
    visit(page, "/mes-suivis/")
    visit(page, "/demandes/nouvelle/")
    # Anonymous, without a follow-up.
    page.get_by_label("Anonyme : seulement la tranche d’âge, le genre et la commune").check()
    expect(page.get_by_label("Prénom")).to_be_hidden()
    page.get_by_label("Famille").check()
    page.get_by_role("combobox", name="Tranche d’âge").select_option("15-17")
    page.get_by_label("Ouvrir un accompagnement maintenant").uncheck()
    expect(page.get_by_label("Prochaine étape :", exact=True)).to_be_hidden()
    with landing_on_new_page(page):
        page.get_by_role("button", name="Enregistrer la demande").click()
    assert path_of(page) == "/demandes/"
    expect(page.get_by_role("status").or_(page.locator(".message")).first).to_contain_text(
        "La demande est enregistrée."
    )

    # Identified, a new young person, with the follow-up.
    visit(page, "/demandes/nouvelle/")
    page.get_by_label("Logement").check()
    page.get_by_role("textbox", name="Prénom :").fill("Zinedine")
    page.get_by_role("textbox", name="Nom :", exact=True).fill("Testeur")
    page.get_by_label("Prochaine étape :", exact=True).fill("Appeler le CPAS")
    with landing_on_new_page(page):
        page.get_by_role("button", name="Enregistrer la demande").click()
    assert path_of(page).startswith("/suivis/")
    page.evaluate("window.__sameDocument = true")

    # The quick form is folded: opened from the keyboard, it loads and takes the focus.
    summary = page.locator("summary", has_text="Noter un entretien")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Date :", exact=True)).to_be_focused()
    # The quick form: the row appears on top, the form resets, no reload.
    page.get_by_role("combobox", name="Type").select_option("administrative")
    page.get_by_label("Notes :", exact=True).fill("Dossier CPAS rempli ensemble")
    page.get_by_role("button", name="Noter l’entretien").click()
    first = page.locator("#intervention-list > li").first
    expect(first).to_contain_text("Dossier CPAS rempli ensemble")
    expect(page.get_by_label("Notes :", exact=True)).to_have_value("")
    expect(page.locator("#intervention-status")).to_contain_text("Entretien du")
    assert page.evaluate("window.__sameDocument === true"), "the page must not reload"
    check_page(page)

    # An error comes back in the form, still without reload.
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page.get_by_label("Date :", exact=True).fill(tomorrow)
    page.get_by_role("button", name="Noter l’entretien").click()
    expect(page.locator("#intervention-form")).to_contain_text(
        "La date ne peut pas être dans le futur."
    )
    expect(page.locator("#intervention-list > li")).to_have_count(1)
    assert page.evaluate("window.__sameDocument === true")
    check_page(page)

    # At 360 px nothing overflows the page sideways.
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for path in ("/mes-suivis/", "/demandes/nouvelle/", "/demandes/", "/orientations-recues/"):
        visit(page, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path


def test_coordinator_sees_existence_then_breaks_the_glass(page: Page) -> None:
    from maillage.casework.models import FollowUp
    from maillage.core.models import User

    terrain = User.objects.get(email="terrain@maillage.example")
    followup = FollowUp.objects.filter(assignments__worker=terrain).first()
    assert followup is not None
    sign_in(page, "coordination@maillage.example")
    visit(page, "/mes-suivis/")
    visit(page, f"/suivis/{followup.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accompagnement")
    with landing_on_new_page(page):
        page.get_by_role("link", name="Briser la glace pour l’ouvrir").click()
    page.get_by_label("Pourquoi devez-vous ouvrir cet accompagnement ?").fill(
        "Remplacement de ma collègue en congé maladie"
    )
    with landing_on_new_page(page):
        page.get_by_role("button", name="Ouvrir et enregistrer mon accès").click()
    assert path_of(page) == f"/suivis/{followup.pk}/"
    expect(page.locator("#interventions")).to_be_visible()


def test_duplicate_check_proposes_the_known_young_person(page: Page) -> None:
    from maillage.people.models import Person

    known = Person.objects.filter(
        organisation__slug="amo-les-passerelles", created_by__email="terrain@maillage.example"
    ).first()
    assert known is not None
    sign_in(page, "terrain@maillage.example")
    visit(page, "/demandes/nouvelle/")
    # Swapped names, lower case: still proposed while typing.
    page.get_by_role("textbox", name="Prénom :").fill(known.last_name.lower())
    page.get_by_role("textbox", name="Nom :", exact=True).fill(known.first_name.lower())
    proposals = page.get_by_role("region", name=re.compile("peut-être déjà connu"))
    expect(proposals).to_contain_text(str(known))
    expect(proposals.get_by_role("button", name=f"Utiliser ce dossier ({known})")).to_be_visible()
    check_page(page)


def test_a_second_worker_cannot_open_the_follow_up_and_the_dpo_sees_who_did(
    page: Page,
) -> None:
    from maillage.casework.models import FollowUp
    from maillage.core.models import User
    from maillage.demo.accounts import DEMO_PASSWORD

    followup = FollowUp.objects.filter(
        assignments__worker__email="terrain@maillage.example"
    ).first()
    colleague = (
        User.objects.filter(
            memberships__organisation__slug="amo-les-passerelles",
            memberships__role="field_worker",
        )
        .exclude(email="terrain@maillage.example")
        .exclude(assignments__followup=followup)
        .first()
    )
    colleague.set_password(DEMO_PASSWORD)
    colleague.save()

    sign_in(page, colleague.email)
    visit(page, f"/suivis/{followup.pk}/", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    with landing_on_new_page(page):
        page.get_by_role("button", name="Se déconnecter").click()

    # The coordinator breaks the glass; the data-protection officer finds it in the log.
    sign_in(page, "coordination@maillage.example")
    visit(page, f"/suivis/{followup.pk}/bris-de-glace/")
    page.get_by_label("Pourquoi devez-vous ouvrir cet accompagnement ?").fill(
        "Urgence signalée par l’école, la collègue est absente"
    )
    with landing_on_new_page(page):
        page.get_by_role("button", name="Ouvrir et enregistrer mon accès").click()
    with landing_on_new_page(page):
        page.get_by_role("button", name="Se déconnecter").click()
    sign_in(page, "dpo@maillage.example")
    visit(page, "/journal/?action=casework.followup.glass_broken")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("coordination@maillage.example")


def test_follow_up_page_loads_its_forms_and_older_interventions_when_asked(page: Page) -> None:
    from maillage.casework.models import FollowUp, Intervention, Status
    from maillage.core.models import User

    terrain = User.objects.get(email="terrain@maillage.example")
    followup = FollowUp.objects.filter(assignments__worker=terrain).first()
    assert followup is not None
    FollowUp.objects.filter(pk=followup.pk).update(status=Status.OPEN, closed_on=None, outcome="")
    start = timezone.localdate() - timedelta(days=400)
    Intervention.objects.bulk_create(
        Intervention(
            organisation_id=followup.organisation_id,
            followup=followup,
            date=start + timedelta(days=n),
            duration_minutes=30,
            kind="listening",
            notes=f"Entretien ancien numéro {n}",
            author=terrain,
        )
        for n in range(40)
    )
    total = Intervention.objects.filter(followup=followup).count()
    sign_in(page, "terrain@maillage.example")
    visit(page, f"/suivis/{followup.pk}/")
    rows = page.locator("#intervention-list > li")
    expect(rows).to_have_count(10)

    # Older ones come in below, from the keyboard; the first of them takes the focus.
    older = page.get_by_role("link", name="Afficher les entretiens plus anciens")
    shown = 10
    while shown < total:
        older.focus()
        page.keyboard.press("Enter")
        expect(rows.nth(shown)).to_be_focused()
        shown = min(total, shown + 25)
        expect(rows).to_have_count(shown)
    expect(older).to_have_count(0)  # nothing older: the link is gone
    assert len(set(rows.evaluate_all("rows => rows.map(row => row.id)"))) == total
    check_page(page)

    # A folded form loads when opened, takes the focus, and posts as a page does.
    page.locator("summary", has_text="Modifier la prochaine étape").click()
    step = page.get_by_label("Prochaine étape :", exact=True)
    expect(step).to_be_focused()
    step.fill("Appeler le centre PMS")
    with landing_on_new_page(page):
        page.get_by_role("button", name="Enregistrer la prochaine étape").click()
    expect(page.locator("#next-step")).to_contain_text("Appeler le centre PMS")

    # Without JavaScript, each folded form and the older interventions are pages of their own.
    for path in ("prochaine-etape/", "entretiens/", "intervenants/ajout/", "cloture/"):
        visit(page, f"/suivis/{followup.pk}/{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    visit(page, f"/suivis/{followup.pk}/entretiens/anciens/")
    expect(page.locator("#intervention-list > li")).to_have_count(25)
