"""The list pages, the landing page and the diagnosis run the same number of queries
whatever the amount of data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.community import services


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def grow(
    make_project, make_observation, consultation, diagnosis, coordinator, org_a, forest, project
):
    def do(n):
        for i in range(n):
            services.budget_line_add(
                actor=coordinator, project=project, label=f"Ligne {i}", planned=Decimal(5)
            )
            other = make_project(title=f"Projet {i}", communes=[forest])
            services.budget_line_add(
                actor=coordinator, project=other, label="Ligne", planned=Decimal(10)
            )
            make_observation(theme="schooling", date=date(2025, 1, 1 + i % 28))
            services.opinion_add(
                actor=coordinator, consultation=consultation, theme="leisure", text=f"Avis {i}"
            )
            services.plan_action_add(
                actor=coordinator,
                diagnosis=diagnosis,
                objective=f"Action {i}",
                theme="leisure",
                starts_on=date(2026, 9, 1),
                ends_on=date(2026, 12, 1),
                responsible=org_a,
                projects=[project, other],
            )

    return do


@pytest.mark.parametrize(
    "page",
    [
        "community:index",
        "community:project_list",
        "community:observation_list",
        "community:consultation_list",
        "community:diagnosis_list",
        "diagnosis",
        "consultation",
        "project",
    ],
)
def test_query_count_does_not_grow_with_the_data(
    client, coordinator, grow, diagnosis, consultation, project, page
):
    client.force_login(coordinator)
    if page == "diagnosis":
        url = diagnosis.get_absolute_url()
    elif page == "consultation":
        url = consultation.get_absolute_url()
    elif page == "project":
        url = project.get_absolute_url()
    else:
        url = reverse(page)
    grow(2)
    small = _count(client, url)
    grow(12)
    assert _count(client, url) == small
