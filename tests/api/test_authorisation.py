"""The permission matrix of the token pages: the organisation's managers (`owner`, an
administrator) list, create and revoke its tokens; `member` and `dpo` get a 403; `outsider`
(administrator of B) manages B's tokens and gets a 404 on A's. The API's own routes answer
tokens, not sessions: tests/api/test_*.py check every endpoint with and without them."""

import pytest

from maillage.api.models import Scope
from maillage.api.services import api_token_create
from maillage.core.scoping import bind_organisation
from tests.authorisation import ANON, check_matrix

PERSONAS = ["member", "owner", "dpo", "outsider", ANON]
MANAGERS = {"member": 403, "owner": 200, "dpo": 403, "outsider": 200}

MATRIX: list[tuple] = [
    ("api:token_list", None, "get", MANAGERS),
    ("api:token_create", None, "get", MANAGERS),
    ("api:token_create", None, "post", MANAGERS),  # empty: shown again with its errors
    ("api:token_revoke", "token", "post", {**MANAGERS, "owner": 302, "outsider": 404}),
]


@pytest.fixture
def objects(owner, org_a):
    bind_organisation(owner, org_a.pk, frozenset({"administrator"}))
    token, _secret = api_token_create(
        actor=owner, organisation=org_a, name="Site web", scopes=[Scope.ACTIVITIES_READ]
    )
    return {"token": {"pk": token.pk}}


def test_permission_matrix(request, objects):
    check_matrix(request, objects, PERSONAS, MATRIX)
