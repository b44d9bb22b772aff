"""The permission matrix of the social offer.

Every signed-in member reads the network's published services (`outsider`, of B, too);
only the organisation's network managers (`coordinator`, `owner`) change A's entries;
`member` and `dpo`, of A without that permission, get a 403; `outside_coordinator` and
`outsider`, of B, get a 404 on A's entries (never a 403 that would confirm a draft
exists). The public pages and the open data answer anonymous visitors.

The import's rows (tests/directory/matrix_import.py, written with the import) are added
when that file exists. They may use the personas below and the `objects` keys `service`
and `draft`.
"""

from __future__ import annotations

import importlib

import pytest

from tests.authorisation import ANON, check_matrix

PERSONAS = [
    "member",
    "coordinator",
    "owner",
    "dpo",
    "outside_coordinator",
    "outsider",
    ANON,
]

MEMBERS = {
    "member": 200,
    "coordinator": 200,
    "owner": 200,
    "dpo": 200,
    "outside_coordinator": 200,
    "outsider": 200,
}
EVERYONE = {**MEMBERS, ANON: 200}
# A's drafts: A's members see them, B's do not know they exist.
OWN_ONLY = {**MEMBERS, "outside_coordinator": 404, "outsider": 404}
MANAGERS = {**MEMBERS, "member": 403, "dpo": 403}
# The pages that change one of A's entries: A's managers after the action.
MANAGE_A = {**MANAGERS, "outside_coordinator": 404, "outsider": 404}
MANAGE_A_DONE = {**MANAGE_A, "coordinator": 302, "owner": 302}
NO_PAGE = {**EVERYONE, **{persona: 404 for persona in EVERYONE}}

ROWS: list[tuple] = [
    ("directory:service_list", None, "get", MEMBERS),
    ("directory:service", "service", "get", MEMBERS),
    ("directory:service", "draft", "get", OWN_ONLY),
    ("directory:service_create", None, "get", MANAGERS),
    ("directory:service_create", None, "post", MANAGERS),  # empty: shown again with errors
    ("directory:service_edit", "service", "get", MANAGE_A),
    ("directory:service_edit", "draft", "post", MANAGE_A),
    ("directory:service_publish", "draft", "post", MANAGE_A_DONE),
    ("directory:service_unpublish", "service", "post", MANAGE_A_DONE),
    ("directory:service_confirm", "service", "post", MANAGE_A_DONE),
    ("directory:public_list", None, "get", EVERYONE),
    ("directory:public_service", "service", "get", EVERYONE),
    ("directory:public_service", "draft", "get", NO_PAGE),
    ("directory:open_data", None, "get", EVERYONE),
    ("directory:open_data_csv", None, "get", EVERYONE),
    ("directory:open_data_json", None, "get", EVERYONE),
]


def _import_rows() -> list[tuple]:
    try:
        module = importlib.import_module("tests.directory.matrix_import")
    except ModuleNotFoundError:
        return []
    return list(module.ROWS)


MATRIX = [*ROWS, *_import_rows()]


@pytest.fixture
def objects(service, draft):
    return {"service": {"pk": service.pk}, "draft": {"pk": draft.pk}}


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
