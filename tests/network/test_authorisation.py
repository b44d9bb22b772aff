"""The permission matrix of the network's pages.

`owner` (administrator of A) and `coordinator` manage A's records; `member` and `dpo` of A
read them (403 on writes); `host`, the coordinator of C where A's worker is placed and a
party to A's agreement, reads the placement and the agreement (403 on writes) but sees none
of A's trainings (404); `outsider` (B) gets a 404 on every object of A; `viewer`, a
statistics viewer of A, sees no page of the team (403).
"""

from __future__ import annotations

import pytest

from tests.authorisation import ANON, check_matrix

PERSONAS = ["owner", "coordinator", "member", "dpo", "host", "outsider", "viewer", ANON]

ALL = {
    "owner": 200,
    "coordinator": 200,
    "member": 200,
    "dpo": 200,
    "host": 200,
    "outsider": 200,
    "viewer": 403,
}
MANAGE = {
    "owner": 200,
    "coordinator": 200,
    "member": 403,
    "dpo": 403,
    "host": 200,
    "outsider": 200,
    "viewer": 403,
}
SHARED_READ = {
    "owner": 200,
    "coordinator": 200,
    "member": 200,
    "dpo": 200,
    "host": 200,
    "outsider": 404,
    "viewer": 403,
}
SHARED_WRITE = {
    "owner": 200,
    "coordinator": 200,
    "member": 403,
    "dpo": 403,
    "host": 403,
    "outsider": 404,
    "viewer": 403,
}
OWN_READ = {
    "owner": 200,
    "coordinator": 200,
    "member": 200,
    "dpo": 200,
    "host": 404,
    "outsider": 404,
    "viewer": 403,
}
OWN_WRITE = {
    "owner": 200,
    "coordinator": 200,
    "member": 403,
    "dpo": 403,
    "host": 404,
    "outsider": 404,
    "viewer": 403,
}


def redirected(expected):
    return {k: 302 if v == 200 else v for k, v in expected.items()}


MATRIX = [
    ("network:index", None, "get", ALL),
    ("network:placement_list", None, "get", ALL),
    ("network:placement_create", None, "get", MANAGE),
    ("network:placement", "placement", "get", SHARED_READ),
    ("network:placement_edit", "placement", "get", SHARED_WRITE),
    ("network:placement_delete", "placement", "post", redirected(SHARED_WRITE)),
    ("network:agreement_list", None, "get", ALL),
    ("network:agreement_create", None, "get", MANAGE),
    ("network:agreement", "agreement", "get", SHARED_READ),
    ("network:agreement_edit", "agreement", "get", SHARED_WRITE),
    # An empty post: the page comes back with its error.
    (
        "network:agreement_documents_add",
        "agreement",
        "post",
        {**SHARED_WRITE, "owner": 400, "coordinator": 400},
    ),
    ("network:agreement_document", "document", "get", SHARED_READ),
    ("network:agreement_document_delete", "document", "post", redirected(SHARED_WRITE)),
    ("network:training_list", None, "get", ALL),
    ("network:training_hours", None, "get", ALL),
    ("network:training_create", None, "get", MANAGE),
    ("network:training", "training", "get", OWN_READ),
    ("network:training_edit", "training", "get", OWN_WRITE),
    ("network:training_delete", "training", "post", redirected(OWN_WRITE)),
]


@pytest.fixture
def objects(placement, agreement, document, training):
    return {
        "placement": {"pk": placement.pk},
        "agreement": {"pk": agreement.pk},
        "document": {"pk": document.pk},
        "training": {"pk": training.pk},
    }


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
