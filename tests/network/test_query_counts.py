"""The network's list pages run the same number of queries whatever the amount of data."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import OrganisationKind
from maillage.core.roles import Role
from maillage.network import services
from tests.network.conftest import acting, pdf


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def grow(coordinator, org_a, make_org, make_user, today):
    made = []

    def do(n):
        for _ in range(n):
            i = len(made)
            made.append(i)
            partner = make_org(f"Partenaire {i}", OrganisationKind.YOUTH_CENTRE)
            worker = make_user(f"w{i}@a.example", (org_a, Role.FIELD_WORKER))
            user = acting(coordinator, org_a)
            services.placement_create(
                actor=user,
                organisation=org_a,
                worker=worker,
                host=partner,
                starts_on=today,
                hours_per_week=Decimal("10"),
            )
            services.agreement_create(
                actor=user,
                organisation=org_a,
                title=f"Convention {i}",
                starts_on=today,
                ends_on=today + timedelta(days=30),
                status="signed",
                parties=[partner],
                other_parties="Commune",
                files=[pdf()],
            )
            services.training_create(
                actor=user,
                organisation=org_a,
                title=f"Formation {i}",
                trainer="T",
                days=[(date(today.year, 1, 2 + i % 20), Decimal("3"))],
                participants=[worker],
            )

    return do


@pytest.mark.parametrize(
    "page",
    [
        "network:index",
        "network:placement_list",
        "network:agreement_list",
        "network:training_list",
        "network:training_hours",
        "core:home",
    ],
)
def test_query_count_does_not_grow_with_the_data(client, coordinator, grow, page):
    client.force_login(coordinator)
    url = reverse(page)
    grow(2)
    small = _count(client, url)
    grow(8)
    assert _count(client, url) == small
