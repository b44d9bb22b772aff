"""Permission matrix of the data-protection pages: the DPO and the director only."""

import pytest

from tests.authorisation import check_matrix

PERSONAS = ["owner", "member", "dpo", "director", "other_dpo", "anonymous"]
DPO_ONLY = {"owner": 403, "member": 403, "dpo": 200, "director": 200, "other_dpo": 200}
POST_ONLY = {p: 405 for p in ["owner", "member", "dpo", "director", "other_dpo", "anonymous"]}
ON_PERSON = {"owner": 403, "member": 403, "dpo": 200, "director": 200, "other_dpo": 404}

MATRIX = [
    ("privacy:index", None, "get", DPO_ONLY),
    ("privacy:export_json", "person", "get", ON_PERSON),
    ("privacy:export_pdf", "person", "get", ON_PERSON),
    ("privacy:erase", "person", "get", ON_PERSON),
    ("privacy:retention", None, "get", DPO_ONLY),
    # Subscribers and applicants: the address is POSTed, never in a URL. An empty form
    # answers with its error, on the searcher's own organisation.
    ("privacy:contacts", None, "get", DPO_ONLY),
    ("privacy:contacts", None, "post", DPO_ONLY),
    ("privacy:contact_export", None, "post", DPO_ONLY),
    ("privacy:contact_export", None, "get", POST_ONLY),
    ("privacy:contact_erase", None, "post", DPO_ONLY),
    ("privacy:contact_erase", None, "get", POST_ONLY),
    (
        "privacy:retention_apply",
        None,
        "post",
        {"owner": 403, "member": 403, "dpo": 302, "director": 302, "other_dpo": 302},
    ),
]


@pytest.fixture
def director(make_user, org_a):
    return make_user("director@a.example", (org_a, "director"))


@pytest.fixture
def other_dpo(make_user, org_b):
    """The data-protection officer of another organisation."""
    return make_user("dpo@b.example", (org_b, "dpo"))


@pytest.fixture
def objects(file_of_sami):
    return {"person": {"pk": file_of_sami.pk}}


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
