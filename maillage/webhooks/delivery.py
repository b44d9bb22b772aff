"""Sending a delivery: the signed POST, its attempts, the retries with backoff.

One task run sends one delivery once. A 2xx answer settles it; anything else (another
status, a redirect, a timeout, a refused connection, an address that is not allowed) is
logged as an attempt and retried later, `30 s × 4^(n-1)` after the n-th failure (capped
at six hours), until `MAILLAGE_WEBHOOK_MAX_ATTEMPTS`; then the delivery is abandoned and
the team may send it again by hand.

A delivery is never sent twice at once, nor again once delivered: the task first claims it
with one conditional UPDATE (status still open, time come), pushing `next_attempt_at` past
the time a send can take. A second task for it finds nothing to claim. No database lock
is held while the receiver answers.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.webhooks.addresses import RefusedAddress, Target, resolve
from maillage.webhooks.models import PING, Attempt, Delivery, DeliveryStatus, Endpoint

log = logging.getLogger(__name__)

FIRST_DELAY = timedelta(seconds=30)
BACKOFF_FACTOR = 4
LONGEST_DELAY = timedelta(hours=6)
USER_AGENT = "Maillage-Webhooks/1"
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)


def backoff(failures: int) -> timedelta:
    """How long to wait after the n-th failed attempt."""
    delay: timedelta = FIRST_DELAY * BACKOFF_FACTOR ** (failures - 1)
    return min(delay, LONGEST_DELAY)


def max_attempts(delivery: Delivery) -> int:
    # A test ping is one try: the person who sent it is watching the log.
    return 1 if delivery.event == PING else int(settings.MAILLAGE_WEBHOOK_MAX_ATTEMPTS)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` and the HMAC-SHA256 of `{timestamp}.{body}` with the endpoint's secret."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def body_of(delivery: Delivery) -> bytes:
    """The JSON body: the same bytes on every retry of one delivery."""
    envelope = {
        "id": str(delivery.event_id),
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(envelope, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def headers_for(delivery: Delivery, secret: str, body: bytes, now: float) -> dict[str, str]:
    timestamp = str(int(now))
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Maillage-Event": delivery.event,
        "X-Maillage-Delivery": str(delivery.event_id),
        "X-Maillage-Timestamp": timestamp,
        "X-Maillage-Signature": signature(secret, timestamp, body),
    }


# Connections to the address that was checked, not to whatever the name resolves to by
# the time they connect; TLS still checks the certificate against the name.
class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._create_connection = _connect_to(target.address)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._create_connection = _connect_to(target.address)


def _connect_to(address: str) -> Any:
    def connect(where: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        return socket.create_connection((address, where[1]), *args, **kwargs)

    return connect


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Outcome:
    """POST once, following no redirect; what came back, or why nothing did."""
    started = time.monotonic()

    def outcome(status: int | None, error: str = "") -> Outcome:
        return Outcome(status, error[:300], int((time.monotonic() - started) * 1000))

    try:
        target = resolve(url)
    except RefusedAddress as exc:
        return outcome(None, str(exc))
    kind = _PinnedHTTPSConnection if target.is_https else _PinnedHTTPConnection
    connection = kind(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        status = response.status
    except TimeoutError:
        return outcome(None, _("No answer within %(seconds)s s.") % {"seconds": f"{timeout:g}"})
    except ssl.SSLError as exc:
        return outcome(None, _("Secure connection failed: %(error)s") % {"error": exc})
    except (OSError, http.client.HTTPException) as exc:
        return outcome(
            None, _("Connection failed: %(error)s") % {"error": str(exc) or type(exc).__name__}
        )
    finally:
        connection.close()
    if 300 <= status < 400:
        return outcome(status, _("Redirection not followed: give the final address."))
    if not 200 <= status < 300:
        return outcome(status, _("The server answered with an error."))
    return outcome(status)


def _claim(delivery_id: int, now: datetime) -> bool:
    """Take the delivery for one send, if it is still open and its time has come."""
    lease = timedelta(seconds=float(settings.MAILLAGE_WEBHOOK_TIMEOUT_SECONDS) * 3 + 60)
    claimed = Delivery.objects.filter(
        pk=delivery_id, status__in=OPEN, next_attempt_at__lte=now
    ).update(next_attempt_at=now + lease)
    return claimed == 1


def enqueue(delivery: Delivery, run_after: datetime | None = None) -> None:
    """Queue the task that sends `delivery` (in the caller's transaction: the task's row
    commits with the delivery's, and never exists without it)."""
    runner = deliver.using(run_after=run_after) if run_after else deliver
    runner.enqueue(delivery_id=delivery.pk)


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery once; on failure, schedule the next try or abandon it."""
    with translation.override(settings.LANGUAGE_CODE):  # the log is read in French
        return _deliver(delivery_id)


def _deliver(delivery_id: int) -> str:
    now = timezone.now()
    if not _claim(delivery_id, now):
        return "skipped"
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint: Endpoint = delivery.endpoint
    if not endpoint.is_active and delivery.event != PING:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.ABANDONED, next_attempt_at=None
        )
        return "endpoint disabled"
    body = body_of(delivery)
    headers = headers_for(delivery, endpoint.secret, body, time.time())
    timeout = float(settings.MAILLAGE_WEBHOOK_TIMEOUT_SECONDS)
    try:
        result = post(endpoint.url, body, headers, timeout)
    except Exception:
        # Still an attempt: the delivery must not stay claimed with no task to retry it.
        log.exception("webhook delivery %s: unexpected error", delivery.pk)
        result = Outcome(None, _("Unexpected error while sending."), 0)
    return record(delivery, result, now)


def record(delivery: Delivery, result: Outcome, at: datetime) -> str:
    """Log the attempt and settle the delivery: delivered, tried again later, or abandoned."""
    with transaction.atomic():
        # Locked while settled; gone if its endpoint was deleted during the send.
        if not Delivery.objects.select_for_update().filter(pk=delivery.pk).exists():
            return "deleted"
        Attempt.objects.create(
            delivery=delivery,
            at=at,
            status_code=result.status_code,
            error=result.error,
            duration_ms=result.duration_ms,
        )
        delivery.attempts += 1
        if result.succeeded:
            delivery.status = DeliveryStatus.SUCCEEDED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
        elif delivery.attempts < max_attempts(delivery):
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
            enqueue(delivery, run_after=delivery.next_attempt_at)
        else:
            delivery.status = DeliveryStatus.ABANDONED
            delivery.next_attempt_at = None
            log.warning("webhook delivery %s abandoned", delivery.pk)
        delivery.save(update_fields=["attempts", "status", "delivered_at", "next_attempt_at"])
    return str(delivery.status)
