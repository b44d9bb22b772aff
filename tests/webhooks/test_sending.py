"""A delivery is a signed JSON POST to a real server, sent once when it succeeds."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import pytest

from maillage.core.events import Event
from maillage.core.models import User
from maillage.webhooks import services
from maillage.webhooks.delivery import deliver, signature
from maillage.webhooks.models import Delivery, DeliveryStatus, Endpoint
from tests.webhooks.conftest import Receiver, make_due, queued, run_worker, verify

# The worker runs in its own transactions, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_ping_arrives_signed_with_the_endpoint_secret(
    endpoint_and_secret: tuple[Endpoint, str], receiver: Receiver, manager: User
) -> None:
    endpoint, secret = endpoint_and_secret
    delivery = services.endpoint_ping(actor=manager, endpoint=endpoint)
    run_worker()

    [request] = receiver.received
    assert request.path == "/hooks/maillage?team=a"
    headers = request.headers
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Maillage-Event"] == "ping"
    assert headers["X-Maillage-Delivery"] == str(delivery.event_id)
    assert abs(int(headers["X-Maillage-Timestamp"]) - time.time()) < 60
    assert verify(secret, headers, request.body)
    assert not verify(secret + "x", headers, request.body)
    body = json.loads(request.body)
    assert body["id"] == str(delivery.event_id)
    assert body["event"] == "ping"
    assert body["data"] == {"endpoint_id": endpoint.pk, "message": "ping"}

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.delivered_at is not None
    assert delivery.attempts == 1
    [attempt] = delivery.tries.all()
    assert attempt.status_code == 200 and attempt.error == ""


def test_the_signature_is_the_hmac_of_timestamp_dot_body() -> None:
    expected = hmac.new(b"s3cret", b"1700000000.{}", hashlib.sha256).hexdigest()
    assert signature("s3cret", "1700000000", b"{}") == "sha256=" + expected


def test_a_delivered_delivery_is_never_sent_again(
    endpoint: Endpoint, receiver: Receiver, manager: User
) -> None:
    delivery = services.endpoint_ping(actor=manager, endpoint=endpoint)
    run_worker()
    # A second task for the same delivery (a double click, a worker restarted): nothing.
    assert deliver.call(delivery_id=delivery.pk) == "skipped"
    deliver.enqueue(delivery_id=delivery.pk)
    run_worker()
    assert len(receiver.received) == 1
    assert Delivery.objects.get(pk=delivery.pk).tries.count() == 1


def test_two_tasks_for_one_open_delivery_send_it_once(
    endpoint: Endpoint, receiver: Receiver, manager: User
) -> None:
    delivery = services.endpoint_ping(actor=manager, endpoint=endpoint)
    deliver.enqueue(delivery_id=delivery.pk)
    run_worker()
    assert len(receiver.received) == 1
    assert queued(delivery.pk) == []


def test_a_deleted_endpoint_sends_nothing(
    endpoint: Endpoint, receiver: Receiver, manager: User
) -> None:
    services.endpoint_ping(actor=manager, endpoint=endpoint)
    services.endpoint_delete(actor=manager, endpoint=endpoint)
    run_worker()
    assert receiver.received == []


def test_the_body_is_the_same_bytes_on_every_try(
    endpoint: Endpoint, receiver: Receiver, manager: User, settings: Any
) -> None:
    settings.MAILLAGE_WEBHOOK_MAX_ATTEMPTS = 2
    receiver.status = 503
    [delivery] = services.deliveries_for_event(
        Event(name="signal.created", organisation_id=endpoint.organisation_id, payload={"a": 1})
    )
    run_worker()
    make_due(delivery.pk)
    run_worker()
    first, second = receiver.received
    assert first.body == second.body
    assert first.headers["X-Maillage-Delivery"] == second.headers["X-Maillage-Delivery"]
