"""Entries nobody has updated or confirmed for twelve months are flagged to their organisation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.audit_models import AuditEvent
from maillage.core.roles import Role
from maillage.directory.models import Service
from maillage.directory.queries import stale_services
from tests.directory.conftest import acting


def age(service: Service, days: int, reviewed_days: int | None = None) -> Service:
    now = timezone.now()
    Service.objects.filter(pk=service.pk).update(
        updated_at=now - timedelta(days=days),
        reviewed_at=None if reviewed_days is None else now - timedelta(days=reviewed_days),
    )
    service.refresh_from_db()
    return service


@pytest.fixture
def old(make_service):
    return age(make_service(name="Vieille fiche"), 400)


def test_thirteen_months_without_update_is_stale(old, service):
    assert old.is_stale()
    assert not service.is_stale()
    assert list(Service.objects.stale()) == [old]


def test_a_recent_confirmation_clears_the_flag(old):
    age(old, 400, reviewed_days=30)
    assert not old.is_stale()
    assert not Service.objects.stale().exists()
    age(old, 800, reviewed_days=400)
    assert old.is_stale()


def test_stale_services_are_the_own_organisation_s(old, make_service, org_b, coordinator, org_a):
    age(make_service(organisation=org_b, name="Autre"), 500)
    user = acting(coordinator, org_a, Role.COORDINATOR)
    assert list(stale_services(user)) == [old]


def test_home_card_lists_them_for_network_managers(login, coordinator, old):
    response = login(coordinator).get(reverse("core:home"))
    assert "Fiches de l’offre sociale à vérifier" in response.text
    assert "Vieille fiche" in response.text


def test_no_card_for_field_workers_or_when_all_is_checked(login, member, coordinator, service):
    assert "Fiches de l’offre sociale à vérifier" not in login(member).get("/").text
    assert "Fiches de l’offre sociale à vérifier" not in login(coordinator).get("/").text


def test_confirm_from_the_home_card(login, coordinator, old):
    updated = old.updated_at
    response = login(coordinator).post(
        reverse("directory:service_confirm", kwargs={"pk": old.pk}), {"next": "home"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    old.refresh_from_db()
    assert not old.is_stale()
    assert old.updated_at == updated  # the content did not change
    assert AuditEvent.objects.filter(action="directory.service.confirmed").exists()


def test_service_page_asks_for_a_confirmation(login, coordinator, member, old):
    assert (
        "Confirmer qu’elle est toujours à jour"
        in login(coordinator).get(old.get_absolute_url()).text
    )
    assert "n’a pas été vérifiée" not in login(member).get(old.get_absolute_url()).text


def test_list_filter_shows_the_entries_to_check(login, coordinator, old, service):
    response = login(coordinator).get(reverse("directory:service_list"), {"stale": "on"})
    assert "Vieille fiche" in response.text
    assert service.name not in response.text
    assert "à vérifier" in response.text
