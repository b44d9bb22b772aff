"""Domain events: what systems outside Maillage may want to hear about (webhooks).

The service that makes an event happen calls `publish` inside its transaction; subscribers
run once that transaction commits, so an event of a rolled-back write never leaves. A
failing subscriber is logged and never fails the write that published (`robust`).

Subscribers register at start (`subscribe` in their AppConfig.ready). `core` knows none of
them, and the apps that publish never import the ones that listen: webhooks builds on
activities and schooling, not the reverse. The payload holds identifiers and plain values
only (no name of a young person): a receiver fetches details through the API, under its
token's scopes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

# Event name → what a person choosing events reads.
EVENTS: dict[str, Any] = {
    "registration.confirmed": _("A registration to an activity is confirmed"),
    "signal.created": _("A school-dropout signal is created"),
}


@dataclass(frozen=True)
class Event:
    name: str
    organisation_id: int
    payload: dict[str, Any]
    occurred_at: datetime = field(default_factory=timezone.now)


Handler = Callable[[Event], None]
_handlers: list[Handler] = []


def subscribe(handler: Handler) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def publish(name: str, *, organisation_id: int, payload: dict[str, Any]) -> None:
    """Announce `name` for the organisation once the current transaction commits."""
    if name not in EVENTS:
        raise ValueError(f"unknown event {name!r}")
    event = Event(name=name, organisation_id=organisation_id, payload=payload)
    transaction.on_commit(lambda: _dispatch(event), robust=True)


def _dispatch(event: Event) -> None:
    for handler in list(_handlers):
        try:
            handler(event)
        except Exception:
            log.exception("event %s: subscriber %r failed", event.name, handler)
