"""The list pages and exports run the same number of queries whatever the amount of data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Commune


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def grow(make_service, org_b):
    communes = list(Commune.objects.order_by("name")[:3])
    counter = iter(range(10_000))

    def do(n):
        for _ in range(n):
            i = next(counter)
            make_service(
                **({"organisation": org_b} if i % 2 else {}),
                name=f"Service n° {i}",
                latitude=Decimal("50.8"),
                longitude=Decimal("4.3"),
                communes=communes,
                languages="français, néerlandais",
            )

    return do


@pytest.mark.parametrize(
    "page",
    [
        "directory:service_list",
        "directory:public_list",
        "directory:open_data_csv",
        "directory:open_data_json",
        "core:home",
    ],
)
def test_query_count_does_not_grow_with_the_data(client, coordinator, grow, service, page):
    client.force_login(coordinator)
    url = reverse(page)
    grow(2)
    before = _count(client, url)
    grow(12)
    assert _count(client, url) == before
