"""The rules of the social offer: who sees and edits what, what a service must hold."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from maillage.core.audit_models import AuditEvent
from maillage.core.roles import Role
from maillage.directory import services
from maillage.directory.models import Service, Theme, fold
from tests.directory.conftest import acting


def test_published_services_are_read_by_the_whole_network(service, draft, outsider, org_b):
    visible = Service.objects.visible_to(acting(outsider, org_b, Role.ADMINISTRATOR))
    assert list(visible) == [service]


def test_drafts_are_seen_by_their_organisation_only(service, draft, member, org_a):
    visible = Service.objects.visible_to(acting(member, org_a, Role.FIELD_WORKER))
    assert set(visible) == {service, draft}


def test_anonymous_sees_nothing_through_visible_to(service):
    from django.contrib.auth.models import AnonymousUser

    assert not Service.objects.visible_to(AnonymousUser()).exists()


def test_services_of_an_inactive_organisation_are_not_published(service, org_a):
    org_a.is_active = False
    org_a.save()
    assert not Service.objects.published().exists()


def test_only_network_managers_of_the_organisation_edit(service, member, coordinator, org_a):
    assert not Service.objects.editable_by(acting(member, org_a, Role.FIELD_WORKER)).exists()
    assert list(Service.objects.editable_by(acting(coordinator, org_a, Role.COORDINATOR))) == [
        service
    ]


def test_another_organisation_does_not_edit(service, outside_coordinator, org_b):
    user = acting(outside_coordinator, org_b, Role.COORDINATOR)
    assert not Service.objects.editable_by(user).exists()


def test_create_validates_everything_at_once(coordinator, org_a, service):
    with pytest.raises(ValidationError) as caught:
        services.service_create(
            actor=coordinator,
            organisation=org_a,
            name=" école de devoirs alpha ",
            theme="gardening",
            age_min=130,
            latitude=Decimal("91"),
            is_free=False,
        )
    errors = caught.value.message_dict
    assert set(errors) == {"name", "theme", "age_min", "latitude", "longitude", "price_note"}
    assert Service.objects.count() == 1


def test_the_same_name_in_another_organisation_is_fine(outsider, org_b, service):
    other = services.service_create(
        actor=outsider, organisation=org_b, name=service.name, theme=Theme.SPORT
    )
    assert other.organisation == org_b


def test_update_keeps_its_own_name_and_audits_the_changed_fields(coordinator, service, commune):
    services.service_update(
        actor=coordinator, service=service, name=service.name, theme=Theme.CULTURE, communes=[]
    )
    event = AuditEvent.objects.get(action="directory.service.updated")
    assert event.changes == {"fields": ["theme", "communes"]}
    assert not service.communes.exists()


def test_update_rejects_a_name_taken_by_another_service(coordinator, service, draft):
    with pytest.raises(ValidationError) as caught:
        services.service_update(actor=coordinator, service=draft, name=service.name)
    assert "name" in caught.value.message_dict
    draft.refresh_from_db()
    assert draft.name == "Projet en préparation"


def test_search_text_is_folded_and_kept_up_to_date(service):
    assert "ecole de devoirs alpha" in service.search_text
    assert fold("Crèche ÉTÉ") == "creche ete"
    service.name = "Maison médicale"
    service.save(update_fields=["name"])
    service.refresh_from_db()
    assert "maison medicale" in service.search_text


def test_age_range_and_languages(service):
    assert service.language_list() == ["français", "arabe"]
    assert service.age_range_display() == "6 à 12 ans"
