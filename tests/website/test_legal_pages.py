"""What the law asks of the public pages: an accessibility statement (Belgian law transposing
directive 2016/2102) and a privacy policy (GDPR art. 13), linked from every public page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.activities.models import Activity, ActivityKind
from maillage.casework.models import RetentionPolicy
from maillage.core.privacy_notices import processing
from maillage.directory.models import Service, Theme

pytestmark = pytest.mark.django_db


def _footer(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_the_statement_gives_the_status_the_gaps_the_date_the_contact_and_the_ombudsmen(
    client, org_a
):
    org_a.email = "contact@alpha.example"
    org_a.phone = "02 123 45 67"
    org_a.save()
    html = client.get(reverse("website:accessibility", args=[org_a.slug])).content.decode()
    assert "<h1>Déclaration d’accessibilité</h1>" in html
    assert "<strong>partiellement conformes</strong>" in html and "WCAG) 2.1" in html
    assert "EN 301 549" in html and "2016/2102" in html
    # The known gaps, each with its way round.
    assert "La carte de l’offre sociale" in html and "dans la liste à côté" in html
    assert "Les documents PDF" in html and "validateur PDF/UA indépendant" in html
    assert "établie le 7 décembre 2026" in html
    # Whom to tell: the organisation itself.
    assert 'href="mailto:contact@alpha.example"' in html and 'href="tel:+3221234567"' in html
    # Then the complaints procedure, Wallonia-Brussels Federation and Brussels.
    assert "Médiateur de la Wallonie et de la Fédération Wallonie-Bruxelles" in html
    assert {"https://www.le-mediateur.be/", "https://www.ombuds.brussels/"} <= _links(html)


def test_the_network_statement_sends_people_to_the_organisation_concerned(client):
    html = client.get(reverse("website:accessibility_network")).content.decode()
    assert "<strong>partiellement conformes</strong>" in html
    assert "prévenez l’organisation dont relève l’activité" in html
    assert reverse("website:organisations") in _links(html)
    assert "https://www.ombuds.brussels/" in _links(html)


def test_every_public_page_links_the_statement_and_policy_of_its_organisation(
    client, org_a, profile, offer, commune
):
    today = timezone.localdate()
    activity = Activity.objects.create(
        organisation=org_a,
        title="Stage cirque",
        kind=ActivityKind.CAMP,
        commune=commune,
        starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=9),
        is_public=True,
    )
    service = Service.objects.create(
        organisation=org_a, name="Écoute", theme=Theme.SCHOOLING_SUPPORT
    )
    own = {
        reverse("website:accessibility", args=[org_a.slug]),
        reverse("website:privacy", args=[org_a.slug]),
    }
    for url in (
        reverse("website:organisation", args=[org_a.slug]),
        reverse("website:apply", args=[org_a.slug, offer.pk]),
        reverse("activities:public_activity", args=[activity.pk]),
        reverse("directory:public_service", args=[service.pk]),
        reverse("newsletter:subscribe", args=[org_a.slug]),
    ):
        footer = _footer(client.get(url).content.decode())
        assert _links(footer) == own, url
    network = {reverse("website:accessibility_network")}
    for url in (
        reverse("activities:public_calendar"),
        reverse("directory:public_list"),
        reverse("website:organisations"),
    ):
        assert _links(_footer(client.get(url).content.decode())) == network, url


def test_the_team_pages_have_no_public_footer_links(login, owner):
    client = login(owner)
    assert "<a" not in _footer(client.get(reverse("core:home")).content.decode())


def test_the_policy_lists_every_public_form_with_the_organisations_own_delays(
    client, org_a, settings
):
    settings.MAILLAGE_APPLICATION_RETENTION_DAYS = 90
    RetentionPolicy.objects.create(organisation=org_a, request_months=6)
    org_a.dpo_email = "dpo@alpha.example"
    org_a.save()
    html = client.get(reverse("website:privacy", args=[org_a.slug])).content.decode()
    assert "<h1>Politique de confidentialité</h1>" in html
    for title in (
        "Inscriptions aux activités",
        "Lettre d&#x27;information",
        "Candidatures",
        "Inscriptions aux conférences thématiques",
    ):
        assert re.search(rf'<h3 id="[a-z]+">{title}</h3>', html), title
    assert "effacées 6 mois après la fin de la dernière activité" in html
    assert "supprimée au plus tard 90 jours" in html
    assert "dans les 7 jours" in html
    assert 'Son délégué à la protection des données : <a href="mailto:dpo@alpha.example">' in html
    assert "Autorité de protection des données, rue de la Presse 35" in html
    assert "https://www.autoriteprotectiondonnees.be/" in _links(html)
    assert "tile.openstreetmap.org" in html  # the map's tiles see the visitor's address


def test_without_a_data_protection_officer_the_policy_says_so_and_gives_the_organisation(
    client, org_a
):
    org_a.email = "contact@alpha.example"
    org_a.save()
    html = client.get(reverse("website:privacy", args=[org_a.slug])).content.decode()
    assert "AMO Alpha n’a pas désigné de délégué à la protection des données" in html
    assert 'Écrivez à <a href="mailto:contact@alpha.example">' in html


def test_reading_the_policy_writes_nothing(client, org_a):
    client.get(reverse("website:privacy", args=[org_a.slug]))
    assert not RetentionPolicy.objects.exists()  # the default delay, read without a row


def test_an_inactive_or_unknown_organisation_has_no_legal_pages(client, org_a):
    org_a.is_active = False
    org_a.save()
    for name in ("website:accessibility", "website:privacy"):
        assert client.get(reverse(name, args=[org_a.slug])).status_code == 404
        assert client.get(reverse(name, args=["inconnue"])).status_code == 404


def test_a_form_naming_an_unregistered_processing_fails_loudly():
    with pytest.raises(KeyError, match=r"no processing 'website\.contact' is registered"):
        processing("website.contact")
