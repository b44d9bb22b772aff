"""The team's pages: the list and its search, the service's page, the form and the actions."""

from __future__ import annotations

from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.core.models import Commune
from maillage.directory.models import Service, Theme


def test_list_shows_published_services_and_own_drafts(login, member, service, draft):
    response = login(member).get(reverse("directory:service_list"))
    assert response.status_code == 200
    assert service.name in response.text
    assert draft.name in response.text
    assert "service-points" in response.text


def test_list_hides_other_organisations_drafts(login, outsider, service, draft):
    response = login(outsider).get(reverse("directory:service_list"))
    assert service.name in response.text
    assert draft.name not in response.text


def test_htmx_search_returns_only_the_results(login, member, service, make_service):
    make_service(name="Club de foot", theme=Theme.SPORT)
    response = login(member).get(
        reverse("directory:service_list"),
        {"theme": Theme.SPORT},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="service-results",
    )
    assert response.status_code == 200
    assert "<h1" not in response.text
    assert "Club de foot" in response.text
    assert service.name not in response.text


def test_new_service_button_only_for_managers(login, member, coordinator, service):
    url = reverse("directory:service_create")
    assert url not in login(member).get(reverse("directory:service_list")).text
    assert url in login(coordinator).get(reverse("directory:service_list")).text


def test_import_link_appears_only_once_the_import_exists(login, coordinator, service):
    from django.urls import NoReverseMatch

    text = login(coordinator).get(reverse("directory:service_list")).text
    try:
        import_url = reverse("directory:service_import")
    except NoReverseMatch:
        assert "Importer" not in text
    else:
        assert import_url in text


def test_service_page_shows_the_facts(login, member, service):
    response = login(member).get(service.get_absolute_url())
    assert response.status_code == 200
    assert "Rue Haute 1" in response.text
    assert "02 123 45 67" in response.text
    # A field worker reads, but does not manage the entry.
    assert reverse("directory:service_edit", kwargs={"pk": service.pk}) not in response.text


def test_create_a_service(login, coordinator, org_a):
    communes = list(Commune.objects.filter(name__in=["Ixelles", "Anderlecht"]))
    response = login(coordinator).post(
        reverse("directory:service_create"),
        {
            "name": "Permanence juridique",
            "theme": Theme.LEGAL_AID,
            "age_min": "12",
            "age_max": "25",
            "communes": [c.pk for c in communes],
            "latitude": "50.83",
            "longitude": "4.36",
            "is_free": "on",
            "is_published": "on",
        },
    )
    service = Service.objects.get(name="Permanence juridique")
    assert response.status_code == 302
    assert response["Location"] == service.get_absolute_url()
    assert service.organisation == org_a
    assert set(service.communes.all()) == set(communes)
    assert AuditEvent.objects.filter(action="directory.service.created").exists()


def test_bad_input_is_shown_on_the_fields_and_nothing_saved(login, coordinator, service):
    response = login(coordinator).post(
        reverse("directory:service_create"),
        {
            "name": service.name,
            "theme": Theme.LEGAL_AID,
            "age_min": "18",
            "age_max": "12",
            "latitude": "50.8",
            "price_note": "",
        },
    )
    assert response.status_code == 200
    text = response.text
    assert "Votre organisation a déjà un service de ce nom." in text
    assert "L’âge maximum est inférieur à l’âge minimum." in text
    assert "Indiquez la latitude et la longitude, ou aucune des deux." in text
    assert "Indiquez le prix du service." in text
    assert Service.objects.count() == 1


def test_edit_counts_as_an_update(login, coordinator, service):
    before = service.updated_at
    response = login(coordinator).post(
        reverse("directory:service_edit", kwargs={"pk": service.pk}),
        {"name": "École de devoirs Alpha", "theme": Theme.LITERACY, "is_free": "on"},
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.theme == Theme.LITERACY
    assert service.updated_at > before
    assert service.is_published is False  # unchecked box: withdrawn


def test_unpublish_then_publish(login, coordinator, service):
    client = login(coordinator)
    client.post(reverse("directory:service_unpublish", kwargs={"pk": service.pk}))
    service.refresh_from_db()
    assert not service.is_published
    client.post(reverse("directory:service_publish", kwargs={"pk": service.pk}))
    service.refresh_from_db()
    assert service.is_published
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"directory.service.unpublished", "directory.service.published"} <= actions


def test_another_organisation_cannot_edit(login, outside_coordinator, service):
    client = login(outside_coordinator)
    url = reverse("directory:service_edit", kwargs={"pk": service.pk})
    assert client.get(url).status_code == 404
    response = client.post(reverse("directory:service_unpublish", kwargs={"pk": service.pk}))
    assert response.status_code == 404
    service.refresh_from_db()
    assert service.is_published
