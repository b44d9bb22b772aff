"""Reads shared by the webhook pages: the endpoints with their health, an endpoint's log."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from maillage.core.events import EVENTS
from maillage.webhooks.models import Attempt, Delivery, DeliveryStatus, Endpoint

LOG_SIZE = 50


def endpoints(user: Any) -> QuerySet[Endpoint]:
    """The organisation's endpoints, with how many deliveries are failing or abandoned."""
    result: QuerySet[Endpoint] = Endpoint.objects.visible_to(user).annotate(
        retrying=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.RETRYING)),
        abandoned=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.ABANDONED)),
    )
    return result


def delivery_log(endpoint: Endpoint) -> list[Delivery]:
    """The latest deliveries of the endpoint, each with its attempts."""
    return list(
        Delivery.objects.filter(endpoint=endpoint)
        .order_by("-created_at", "-pk")
        .prefetch_related(Prefetch("tries", queryset=Attempt.objects.order_by("at", "pk")))[
            :LOG_SIZE
        ]
    )


def event_labels(names: list[str]) -> list[str]:
    """What the team reads for the events an endpoint listens to."""
    return [str(EVENTS.get(name, name)) for name in names]
