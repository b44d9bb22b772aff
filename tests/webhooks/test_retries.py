"""A failed delivery is logged, tried again later and later, then abandoned; a timeout, a
redirect or a refused connection is a failure like an error status."""

from __future__ import annotations

import socket
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from maillage.core.events import Event
from maillage.core.models import User
from maillage.webhooks import services
from maillage.webhooks.delivery import backoff
from maillage.webhooks.models import Delivery, DeliveryStatus, Endpoint
from tests.webhooks.conftest import Receiver, make_due, queued, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def _event_for(endpoint: Endpoint) -> Delivery:
    [delivery] = services.deliveries_for_event(
        Event(
            name="registration.confirmed",
            organisation_id=endpoint.organisation_id,
            payload={"registration_id": 7},
        )
    )
    return delivery


def test_the_backoff_grows_by_four_from_thirty_seconds_up_to_six_hours() -> None:
    delays = [backoff(n) for n in range(1, 8)]
    assert delays[:5] == [timedelta(seconds=s) for s in (30, 120, 480, 1920, 7680)]
    assert delays[5] == delays[6] == timedelta(hours=6)


def test_a_server_error_is_logged_and_retried_after_the_backoff(
    endpoint: Endpoint, receiver: Receiver
) -> None:
    receiver.status = 500
    delivery = _event_for(endpoint)
    before = timezone.now()
    run_worker()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.attempts == 1
    [attempt] = delivery.tries.all()
    assert attempt.status_code == 500
    assert attempt.error
    [task] = queued(delivery.pk)
    assert (
        before + timedelta(seconds=30) <= task.run_after <= timezone.now() + timedelta(seconds=30)
    )
    assert task.run_after == delivery.next_attempt_at

    # Not before its time: the worker leaves it waiting.
    run_worker()
    assert len(receiver.received) == 1

    make_due(delivery.pk)
    before = timezone.now()
    run_worker()
    [task] = queued(delivery.pk)
    assert before + timedelta(seconds=120) <= task.run_after
    assert task.run_after <= timezone.now() + timedelta(seconds=120)
    assert Delivery.objects.get(pk=delivery.pk).attempts == 2


def test_retries_stop_at_the_maximum_and_the_delivery_is_abandoned(
    endpoint: Endpoint, receiver: Receiver, settings: Any
) -> None:
    settings.MAILLAGE_WEBHOOK_MAX_ATTEMPTS = 3
    receiver.status = 502
    delivery = _event_for(endpoint)
    for _ in range(5):
        run_worker()
        make_due(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.ABANDONED
    assert delivery.attempts == 3
    assert delivery.tries.count() == 3
    assert len(receiver.received) == 3
    assert queued(delivery.pk) == []


def test_an_abandoned_delivery_can_be_sent_again_by_hand(
    endpoint: Endpoint, receiver: Receiver, settings: Any, manager: User
) -> None:
    settings.MAILLAGE_WEBHOOK_MAX_ATTEMPTS = 1
    receiver.status = 500
    delivery = _event_for(endpoint)
    run_worker()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.ABANDONED

    receiver.status = 204
    services.delivery_redeliver(actor=manager, delivery=delivery)
    run_worker()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert [a.status_code for a in delivery.tries.all()] == [500, 204]
    first, second = receiver.received
    assert first.headers["X-Maillage-Delivery"] == second.headers["X-Maillage-Delivery"]


def test_a_server_slower_than_the_timeout_is_a_failed_attempt(
    endpoint: Endpoint, receiver: Receiver, settings: Any
) -> None:
    settings.MAILLAGE_WEBHOOK_TIMEOUT_SECONDS = 0.5
    receiver.delay = 2
    delivery = _event_for(endpoint)
    run_worker()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    [attempt] = delivery.tries.all()
    assert attempt.status_code is None
    assert "0.5" in attempt.error
    assert 400 <= attempt.duration_ms < 2000


def test_a_redirect_is_not_followed(endpoint: Endpoint, receiver: Receiver) -> None:
    # The redirect points at the server itself: were it followed, it would receive twice.
    receiver.status = 307
    receiver.location = receiver.url + "&followed=1"
    delivery = _event_for(endpoint)
    run_worker()

    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    [attempt] = delivery.tries.all()
    assert attempt.status_code == 307
    assert "Redirection" in attempt.error or "redirection" in attempt.error


def test_a_closed_port_is_a_failed_attempt(endpoint: Endpoint) -> None:
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    Endpoint.objects.filter(pk=endpoint.pk).update(url=f"http://127.0.0.1:{port}/x")
    delivery = _event_for(endpoint)
    run_worker()
    [attempt] = Delivery.objects.get(pk=delivery.pk).tries.all()
    assert attempt.status_code is None and attempt.error


def test_a_disabled_endpoint_gets_no_new_delivery_and_drops_its_retries(
    endpoint: Endpoint, receiver: Receiver, manager: User
) -> None:
    receiver.status = 500
    delivery = _event_for(endpoint)
    run_worker()
    services.endpoint_set_active(actor=manager, endpoint=endpoint, active=False)
    make_due(delivery.pk)
    run_worker()
    assert len(receiver.received) == 1
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.ABANDONED
    assert (
        services.deliveries_for_event(
            Event(name="signal.created", organisation_id=endpoint.organisation_id, payload={})
        )
        == []
    )
