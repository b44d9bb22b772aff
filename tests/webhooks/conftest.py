"""Receivers and objects of the webhook tests.

`receiver` is a real HTTP server on loopback, in a thread, recording what it is sent and
answering as the test says (a status, a delay, a redirect). Loopback is a private address:
the tests turn `MAILLAGE_WEBHOOK_ALLOW_PRIVATE` on, except those that check the refusal.
`endpoint` is an endpoint of A pointing at `receiver`, subscribed to every event; `manager`
is `owner` (administrator of A) acting for A.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from maillage.core.events import EVENTS
from maillage.core.models import Organisation, User
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.webhooks import services
from maillage.webhooks.models import Endpoint


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """What the server answers, and what it received."""

    status: int = 200
    delay: float = 0.0
    location: str = ""
    received: list[Received] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/maillage?team=a"


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            receiver.received.append(Received(self.path, dict(self.headers.items()), body))
            if receiver.delay:
                time.sleep(receiver.delay)
            self.send_response(receiver.status)
            if receiver.location:
                self.send_header("Location", receiver.location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    server.block_on_close = False  # a sleeping handler must not hold the test's end
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _private_allowed(settings: Any) -> None:
    settings.MAILLAGE_WEBHOOK_ALLOW_PRIVATE = True
    settings.MAILLAGE_WEBHOOK_TIMEOUT_SECONDS = 5
    settings.MAILLAGE_WEBHOOK_MAX_ATTEMPTS = 6


def acting(user: User, organisation: Organisation, *roles: str) -> User:
    """Bind the user to an organisation as the middleware does for a request."""
    bind_organisation(user, organisation.pk, frozenset(roles))
    return user


@pytest.fixture
def manager(owner: User, org_a: Organisation) -> User:
    return acting(owner, org_a, Role.ADMINISTRATOR)


@pytest.fixture
def make_endpoint(manager: User, org_a: Organisation) -> Callable[..., tuple[Endpoint, str]]:
    def make(url: str, events: list[str] | None = None, **extra: Any) -> tuple[Endpoint, str]:
        return services.endpoint_create(
            actor=manager,
            organisation=extra.pop("organisation", org_a),
            url=url,
            events=list(EVENTS) if events is None else events,
            **extra,
        )

    return make


@pytest.fixture
def endpoint_and_secret(
    make_endpoint: Callable[..., tuple[Endpoint, str]], receiver: Receiver
) -> tuple[Endpoint, str]:
    return make_endpoint(receiver.url, description="Logiciel de la commune")


@pytest.fixture
def endpoint(endpoint_and_secret: tuple[Endpoint, str]) -> Endpoint:
    return endpoint_and_secret[0]


def run_worker() -> None:
    """Run every task whose time has come, as `maillage db_worker` does."""
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)


def queued(delivery_id: int) -> list[DBTaskResult]:
    """The tasks still waiting to send this delivery."""
    return [
        task
        for task in DBTaskResult.objects.filter(status="READY").order_by("run_after")
        if task.task_path.endswith(".deliver")
        and task.args_kwargs["kwargs"].get("delivery_id") == delivery_id
    ]


def make_due(delivery_id: int) -> None:
    """Let the time of the next try come: what waiting for the backoff would do."""
    from django.utils import timezone

    from maillage.webhooks.models import Delivery

    now = timezone.now()
    for task in queued(delivery_id):
        task.run_after = now
        task.save(update_fields=["run_after"])
    Delivery.objects.filter(pk=delivery_id, next_attempt_at__isnull=False).update(
        next_attempt_at=now
    )


@pytest.fixture
def coordinator_of_a(make_user: Callable[..., User], org_a: Organisation) -> User:
    """A coordinator sees every young person of A, so can signal any of them."""
    user = make_user("coordinator@a.example", (org_a, Role.COORDINATOR), first_name="Cora")
    return acting(user, org_a, Role.COORDINATOR)


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does, as the snippet on the page shows it."""
    timestamp = headers["X-Maillage-Timestamp"]
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest("sha256=" + digest.hexdigest(), headers["X-Maillage-Signature"])
