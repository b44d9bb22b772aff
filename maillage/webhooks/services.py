"""Writes of the webhooks: endpoints (create, change, enable, delete), test pings,
redeliveries, and the deliveries an event creates.

Every function taking an actor validates with French messages keyed by field, runs in one
transaction and writes the audit log, never with the secret in it.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.events import EVENTS, Event
from maillage.core.models import Organisation, User
from maillage.core.validation import Errors, raise_errors
from maillage.webhooks import delivery as sending
from maillage.webhooks.addresses import url_error
from maillage.webhooks.models import PING, Delivery, DeliveryStatus, Endpoint

SECRET_BYTES = 32


def _events_errors(events: Iterable[str], errors: Errors) -> list[str]:
    chosen = sorted(set(events))
    if not chosen:
        errors["events"] = [_("Choose at least one event.")]
    elif any(name not in EVENTS for name in chosen):
        errors["events"] = [_("Choose events from the list.")]
    return chosen


def _description_errors(description: str, errors: Errors) -> str:
    description = description.strip()
    if len(description) > 200:
        errors["description"] = [_("Keep the description under 200 characters.")]
    return description


@transaction.atomic
def endpoint_create(
    *,
    actor: User,
    organisation: Organisation,
    url: str,
    events: Iterable[str],
    description: str = "",
) -> tuple[Endpoint, str]:
    """A new endpoint and its secret: the only time the secret is handed out in clear."""
    errors: Errors = {}
    url = url.strip()
    if not url:
        errors["url"] = [_("Give the address that receives the events.")]
    elif len(url) > 500:
        errors["url"] = [_("This address is too long (500 characters at most).")]
    elif problem := url_error(url):
        errors["url"] = [problem]
    chosen = _events_errors(events, errors)
    description = _description_errors(description, errors)
    raise_errors(errors)
    secret = _new_secret()
    endpoint = Endpoint.objects.create(
        organisation=organisation,
        url=url,
        description=description,
        events=chosen,
        secret=secret,
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="webhooks.endpoint.created",
        target=endpoint,
        changes={"url": url, "events": chosen},
    )
    return endpoint, secret


@transaction.atomic
def endpoint_update(
    *, actor: User, endpoint: Endpoint, events: Iterable[str], description: str = ""
) -> Endpoint:
    """Change what the endpoint hears and how the team names it (the address stays: a new
    receiver is a new endpoint, with its own secret)."""
    errors: Errors = {}
    chosen = _events_errors(events, errors)
    description = _description_errors(description, errors)
    raise_errors(errors)
    changed = [
        key
        for key, value in (("events", chosen), ("description", description))
        if getattr(endpoint, key) != value
    ]
    endpoint.events, endpoint.description = chosen, description
    endpoint.save(update_fields=["events", "description"])
    audit_log(
        actor=actor,
        action="webhooks.endpoint.updated",
        target=endpoint,
        changes={"fields": changed, "events": chosen},
    )
    return endpoint


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(SECRET_BYTES)


@transaction.atomic
def endpoint_rotate_secret(*, actor: User, endpoint: Endpoint) -> tuple[Endpoint, str]:
    """A new secret for a secret that leaked or left with someone: returned once, like the
    first. Every send from now on, retries of earlier events included, is signed with it."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    secret = _new_secret()
    endpoint.secret = secret
    endpoint.save(update_fields=["secret"])
    audit_log(actor=actor, action="webhooks.endpoint.secret_rotated", target=endpoint)
    return endpoint, secret


@transaction.atomic
def endpoint_set_active(*, actor: User, endpoint: Endpoint, active: bool) -> Endpoint:
    """Enable or disable; a disabled endpoint gets no new delivery and its pending ones are
    abandoned when their turn comes."""
    if endpoint.is_active == active:
        return endpoint
    endpoint.is_active = active
    endpoint.save(update_fields=["is_active"])
    audit_log(
        actor=actor,
        action="webhooks.endpoint.enabled" if active else "webhooks.endpoint.disabled",
        target=endpoint,
    )
    return endpoint


@transaction.atomic
def endpoint_delete(*, actor: User, endpoint: Endpoint) -> None:
    """Delete the endpoint with its log; a queued send finds nothing and sends nothing."""
    audit_log(
        actor=actor,
        action="webhooks.endpoint.deleted",
        target=endpoint,
        changes={"url": endpoint.url},
    )
    endpoint.delete()


@transaction.atomic
def endpoint_ping(*, actor: User, endpoint: Endpoint) -> Delivery:
    """Send the "ping" event to this endpoint alone (even disabled: to test it first)."""
    delivery = Delivery.objects.create(
        organisation_id=endpoint.organisation_id,
        endpoint=endpoint,
        event=PING,
        payload={"endpoint_id": endpoint.pk, "message": "ping"},
        next_attempt_at=timezone.now(),
    )
    sending.enqueue(delivery)
    audit_log(actor=actor, action="webhooks.endpoint.pinged", target=endpoint)
    return delivery


@transaction.atomic
def delivery_redeliver(*, actor: User, delivery: Delivery) -> Delivery:
    """Send an abandoned delivery again, with the same event id, for a new round of tries."""
    updated = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.ABANDONED).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("Only an abandoned delivery can be sent again."))
    delivery.refresh_from_db()
    sending.enqueue(delivery)
    audit_log(
        actor=actor,
        action="webhooks.delivery.redelivered",
        target=delivery,
        organisation=delivery.organisation,
        changes={"endpoint": delivery.endpoint_id, "event": delivery.event},
    )
    return delivery


def _plain(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as JSON values (dates as ISO text), whatever the publisher passed."""
    plain: dict[str, Any] = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    return plain


def on_event(event: Event) -> None:
    """Subscriber of core.events (registered in WebhooksConfig.ready)."""
    deliveries_for_event(event)


@transaction.atomic
def deliveries_for_event(event: Event) -> list[Delivery]:
    """One delivery per active endpoint of the organisation that
    listens to the event, created in one statement, and one task each to send it."""
    endpoints = Endpoint.objects.filter(organisation_id=event.organisation_id, is_active=True).only(
        "pk", "events"
    )
    listening = [endpoint for endpoint in endpoints if event.name in endpoint.events]
    if not listening:
        return []
    event_id, payload, now = uuid.uuid4(), _plain(event.payload), timezone.now()
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(
                organisation_id=event.organisation_id,
                endpoint_id=endpoint.pk,
                event=event.name,
                event_id=event_id,
                payload=payload,
                next_attempt_at=now,
            )
            for endpoint in listening
        ]
    )
    for delivery in deliveries:
        sending.enqueue(delivery)
    return deliveries
