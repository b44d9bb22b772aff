"""The permission matrix of the webhook pages.

Only those who manage the organisation (`owner`, administrator of A) reach them: `member`
(field worker) and `dpo` of A get a 403; `outsider`, administrator of B, reaches B's own
list and forms but gets a 404 on A's endpoints and deliveries (never a 403 that would
confirm they exist).
"""

from __future__ import annotations

from typing import Any

import pytest

from maillage.webhooks.models import Delivery, DeliveryStatus, Endpoint
from tests.authorisation import ANON, check_matrix

PERSONAS = ["member", "owner", "dpo", "outsider", ANON]

MANAGERS = {"member": 403, "owner": 200, "dpo": 403, "outsider": 200}
OF_A = {**MANAGERS, "outsider": 404}
OF_A_DONE = {**OF_A, "owner": 302}
NOT_GET = {**MANAGERS, "owner": 405, "outsider": 405}

MATRIX: list[tuple[Any, ...]] = [
    ("webhooks:endpoint_list", None, "get", MANAGERS),
    ("webhooks:endpoint_create", None, "get", MANAGERS),
    ("webhooks:endpoint_create", None, "post", MANAGERS),  # empty: shown again with errors
    ("webhooks:endpoint", "endpoint", "get", OF_A),
    ("webhooks:endpoint_edit", "endpoint", "get", OF_A),
    ("webhooks:endpoint_edit", "endpoint", "post", OF_A),  # empty: shown again with errors
    ("webhooks:endpoint_disable", "endpoint", "post", OF_A_DONE),
    ("webhooks:endpoint_enable", "endpoint", "post", OF_A_DONE),
    ("webhooks:endpoint_ping", "endpoint", "post", OF_A_DONE),
    ("webhooks:endpoint_rotate_secret", "endpoint", "get", OF_A),  # asks first
    ("webhooks:endpoint_rotate_secret", "endpoint", "post", OF_A),  # the new secret, once
    ("webhooks:endpoint_delete", "endpoint", "get", OF_A),
    ("webhooks:endpoint_delete", "endpoint", "post", OF_A_DONE),
    ("webhooks:delivery_redeliver", "delivery", "post", OF_A_DONE),
]


@pytest.fixture
def objects(org_a: Any, owner: Any) -> dict[str, Any]:
    endpoint = Endpoint.objects.create(
        organisation=org_a,
        url="https://hooks.example.org/maillage",
        events=["signal.created"],
        secret="whsec_test",
        created_by=owner,
    )
    delivery = Delivery.objects.create(
        organisation=org_a,
        endpoint=endpoint,
        event="signal.created",
        payload={"signal_id": 1},
        status=DeliveryStatus.ABANDONED,
        attempts=6,
    )
    return {"endpoint": {"pk": endpoint.pk}, "delivery": {"pk": delivery.pk}}


def test_permission_matrix(request: Any, objects: dict[str, Any]) -> None:
    check_matrix(request, objects, PERSONAS, MATRIX)
