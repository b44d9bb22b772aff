"""Pages run the same number of queries whatever the size of the organisation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.audit import audit_log
from maillage.core.models import Membership, User
from maillage.core.roles import Role


def _grow(org, n):
    users = User.objects.bulk_create(
        [User(email=f"extra{org.pk}-{i}-{User.objects.count()}@example.org") for i in range(n)]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=org, role=Role.FIELD_WORKER) for u in users]
    )
    for user in users:
        audit_log(actor=user, action="core.test.grown", organisation=org)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("owner", reverse("core:home")),
        ("dpo", reverse("core:home")),
        ("member", reverse("core:team")),
        ("dpo", reverse("core:audit")),
        ("member", reverse("core:account")),
    ],
)
def test_query_count_does_not_grow_with_the_team(request, client, org_a, persona, url):
    client.force_login(request.getfixturevalue(persona))
    _grow(org_a, 3)
    small = _count(client, url)
    _grow(org_a, 40)
    assert _count(client, url) == small
