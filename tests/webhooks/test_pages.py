"""The team's webhook pages: the secret shown once, the URL refused at its field, the log
with its attempts, the actions recorded in the audit log without the secret."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.webhooks.models import Delivery, DeliveryStatus, Endpoint
from tests.webhooks.conftest import Receiver, run_worker, verify


def test_creating_a_webhook_shows_its_secret_once_with_how_toverify(
    login: Any, owner: Any, receiver: Receiver
) -> None:
    client = login(owner)
    response = client.post(
        reverse("webhooks:endpoint_create"),
        {"url": receiver.url, "description": "Commune", "events": ["signal.created"]},
    )
    assert response.status_code == 200
    endpoint = Endpoint.objects.get()
    page = response.content.decode()
    assert endpoint.secret in page
    assert "hmac.compare_digest" in page and "X-Maillage-Signature" in page
    assert "no-store" in response["Cache-Control"]
    assert endpoint.events == ["signal.created"]
    assert endpoint.created_by == owner

    detail = client.get(endpoint.get_absolute_url()).content.decode()
    listing = client.get(reverse("webhooks:endpoint_list")).content.decode()
    assert endpoint.secret not in detail and endpoint.secret not in listing
    assert receiver.url.replace("&", "&amp;") in listing

    [event] = AuditEvent.objects.filter(action="webhooks.endpoint.created")
    assert endpoint.secret not in str(event.changes)
    assert event.changes["events"] == ["signal.created"]


def test_a_private_address_is_refused_at_the_url_field(
    login: Any, owner: Any, settings: Any
) -> None:
    settings.MAILLAGE_WEBHOOK_ALLOW_PRIVATE = False
    response = login(owner).post(
        reverse("webhooks:endpoint_create"),
        {"url": "https://127.0.0.1/hook", "events": ["signal.created"]},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "réseau privé ou local" in form.errors["url"][0]
    assert 'role="alert"' in response.content.decode()
    assert not Endpoint.objects.exists()


def test_an_empty_form_says_what_is_missing(login: Any, owner: Any) -> None:
    response = login(owner).post(reverse("webhooks:endpoint_create"), {})
    errors = response.context["form"].errors
    assert errors["url"] == ["Indiquez l’adresse qui reçoit les événements."]
    assert errors["events"] == ["Choisissez au moins un événement."]


def test_editing_changes_events_and_description_only(
    login: Any, owner: Any, endpoint: Endpoint
) -> None:
    url, secret = endpoint.url, endpoint.secret
    response = login(owner).post(
        reverse("webhooks:endpoint_edit", args=[endpoint.pk]),
        {"description": "Nouveau logiciel", "events": ["registration.confirmed"]},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.events == ["registration.confirmed"]
    assert endpoint.description == "Nouveau logiciel"
    assert (endpoint.url, endpoint.secret) == (url, secret)
    assert AuditEvent.objects.filter(action="webhooks.endpoint.updated").exists()


def test_disabling_enabling_and_deleting_are_audited(
    login: Any, owner: Any, endpoint: Endpoint
) -> None:
    client = login(owner)
    client.post(reverse("webhooks:endpoint_disable", args=[endpoint.pk]))
    assert not Endpoint.objects.get().is_active
    page = client.get(endpoint.get_absolute_url()).content.decode()
    assert "Désactivé" in page
    client.post(reverse("webhooks:endpoint_enable", args=[endpoint.pk]))
    assert Endpoint.objects.get().is_active
    confirm = client.get(reverse("webhooks:endpoint_delete", args=[endpoint.pk]))
    assert confirm.status_code == 200 and Endpoint.objects.exists()
    response = client.post(reverse("webhooks:endpoint_delete", args=[endpoint.pk]))
    assert response["Location"] == reverse("webhooks:endpoint_list")
    assert not Endpoint.objects.exists()
    actions = set(
        AuditEvent.objects.filter(action__startswith="webhooks.").values_list("action", flat=True)
    )
    assert {
        "webhooks.endpoint.disabled",
        "webhooks.endpoint.enabled",
        "webhooks.endpoint.deleted",
    } <= actions


@pytest.mark.django_db(transaction=True)
def test_the_log_shows_a_ping_and_its_attempts_and_resends_an_abandoned_one(
    login: Any, owner: Any, endpoint: Endpoint, receiver: Receiver
) -> None:
    client = login(owner)
    receiver.status = 500
    response = client.post(reverse("webhooks:endpoint_ping", args=[endpoint.pk]))
    assert response["Location"] == endpoint.get_absolute_url()
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.event == "ping" and delivery.status == DeliveryStatus.ABANDONED

    page = client.get(endpoint.get_absolute_url()).content.decode()
    assert "HTTP 500" in page and "Abandonné" in page
    assert reverse("webhooks:delivery_redeliver", args=[delivery.pk]) in page

    receiver.status = 200
    client.post(reverse("webhooks:delivery_redeliver", args=[delivery.pk]))
    run_worker()
    page = client.get(endpoint.get_absolute_url()).content.decode()
    assert "HTTP 200" in page and "Remis" in page
    # Delivered: sending it again is refused, nothing is queued.
    response = client.post(reverse("webhooks:delivery_redeliver", args=[delivery.pk]), follow=True)
    assert "Seul un envoi abandonné peut être renvoyé." in response.content.decode()
    run_worker()
    assert len(receiver.received) == 2
    assert AuditEvent.objects.filter(action="webhooks.delivery.redelivered").count() == 1
    assert AuditEvent.objects.filter(action="webhooks.endpoint.pinged").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_new_secret_is_asked_for_shown_once_and_signs_from_then_on(
    login: Any, owner: Any, endpoint: Endpoint, receiver: Receiver
) -> None:
    client = login(owner)
    former = endpoint.secret
    url = reverse("webhooks:endpoint_rotate_secret", args=[endpoint.pk])
    asked = client.get(url)
    assert asked.status_code == 200 and Endpoint.objects.get().secret == former  # asks first

    response = client.post(url)
    endpoint.refresh_from_db()
    assert endpoint.secret != former and endpoint.secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert endpoint.secret not in client.get(endpoint.get_absolute_url()).content.decode()
    [event] = AuditEvent.objects.filter(action="webhooks.endpoint.secret_rotated")
    assert endpoint.secret not in str(event.changes) and former not in str(event.changes)

    client.post(reverse("webhooks:endpoint_ping", args=[endpoint.pk]))
    run_worker()
    [request] = receiver.received
    assert verify(endpoint.secret, request.headers, request.body)
    assert not verify(former, request.headers, request.body)
