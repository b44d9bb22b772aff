"""The webhook pages run as many queries for many endpoints and deliveries as for a few."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.webhooks.models import Attempt, Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)  # the session's first request of the test
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _deliveries(endpoint, count: int) -> None:
    for _ in range(count):
        delivery = Delivery.objects.create(
            organisation=endpoint.organisation,
            endpoint=endpoint,
            event="ping",
            status=DeliveryStatus.RETRYING,
            attempts=2,
        )
        Attempt.objects.bulk_create(
            Attempt(delivery=delivery, at=timezone.now(), status_code=500) for _ in range(2)
        )


def test_the_list_and_the_delivery_log_cost_the_same_for_two_or_ten(login, manager, make_endpoint):
    client = login(manager)
    endpoint, _secret = make_endpoint("http://127.0.0.1:9/un")
    make_endpoint("http://127.0.0.1:9/deux")
    _deliveries(endpoint, 2)
    list_url = reverse("webhooks:endpoint_list")
    detail_url = reverse("webhooks:endpoint", args=[endpoint.pk])
    few = (_queries(client, list_url), _queries(client, detail_url))
    for n in range(8):
        make_endpoint(f"http://127.0.0.1:9/{n}")
    _deliveries(endpoint, 8)
    assert (_queries(client, list_url), _queries(client, detail_url)) == few
