"""The permission matrix of the schooling area: signals (collected by test_authorisation.py).

The inbox is for the people who work with young people: `member` (field worker) and
`coordinator` of A, which owns the signal. `owner` and `outsider` are administrators (of A
and B): they lack the permission, 403 before anything is looked up. `b_worker`, a field
worker of B, has it, and gets a 404 on A's signal, never a 403 that would confirm it exists.
POST rows are posted empty: the forms come back with their errors (200), the buttons
redirect (302). The action URLs answer only POST (405 to a GET, whoever asks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from maillage.core.models import Organisation, User
from maillage.core.roles import Role
from tests.authorisation import ANON, check_matrix
from tests.schooling.test_signal_services import threshold_signal

PERSONAS = ["member", "coordinator", "owner", "outsider", "b_worker", ANON]

NOT_ADMIN = {"owner": 403, "outsider": 403}
ANY_TEAM = {"member": 200, "coordinator": 200, "b_worker": 200, **NOT_ADMIN}
OF_A = {"member": 200, "coordinator": 200, "b_worker": 404, **NOT_ADMIN}
OF_A_BUTTON = {"member": 302, "coordinator": 302, "b_worker": 404, **NOT_ADMIN}
POST_ONLY = {persona: 405 for persona in PERSONAS}

MATRIX: list[tuple[Any, ...]] = [
    ("schooling:signal_list", None, "get", ANY_TEAM),
    ("schooling:signal_create", None, "get", ANY_TEAM),
    ("schooling:signal_create", None, "post", ANY_TEAM),
    ("schooling:signal", "signal", "get", OF_A),
    ("schooling:signal_acknowledge", "signal", "post", OF_A_BUTTON),
    ("schooling:signal_acknowledge", "signal", "get", POST_ONLY),
    ("schooling:signal_assign", "signal", "post", OF_A),
    ("schooling:signal_assign", "signal", "get", POST_ONLY),
    ("schooling:signal_close", "signal", "post", OF_A),
    ("schooling:signal_close", "signal", "get", POST_ONLY),
    ("schooling:signal_follow_up", "signal", "get", OF_A),
    ("schooling:signal_follow_up", "signal", "post", OF_A),
]


@pytest.fixture
def b_worker(make_user: Callable[..., User], org_b: Organisation) -> User:
    return make_user("worker@b.example", (org_b, Role.FIELD_WORKER), first_name="Bruno")


@pytest.fixture
def objects(pupil: Callable[..., Any], absences: Callable[..., Any]) -> dict[str, Any]:
    return {"signal": {"pk": threshold_signal(pupil(), absences).pk}}


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
