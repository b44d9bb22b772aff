"""The list and file pages run the same number of queries whatever the amount of data."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.casework.models import Intervention
from maillage.people import services


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def grow(member, org_a, person, household, make_person, make_request, make_followup):
    """Adds n relatives to the household and n requests, follow-ups and interventions."""

    def do(n):
        for i in range(n):
            relative = make_person(f"Proche{i}", "Dupont", birth_date=date(1980, 1, 1 + i % 28))
            services.household_add_member(
                actor=member, household=household, person=relative, relation="other"
            )
            followup = make_followup(make_request(person, member), member)
            Intervention.objects.create(
                organisation=org_a,
                followup=followup,
                date=date(2026, 2, 1),
                duration_minutes=30,
                kind="listening",
                author=member,
            )

    return do


@pytest.mark.parametrize("persona", ["member", "coordinator"])
@pytest.mark.parametrize("page", ["people:person_list", "people:person_detail", "household"])
def test_query_count_does_not_grow_with_the_data(
    request, client, grow, person, household, persona, page
):
    client.force_login(request.getfixturevalue(persona))
    if page == "household":
        url = household.get_absolute_url()
    elif page == "people:person_detail":
        url = reverse(page, args=[person.pk])
    else:
        url = reverse(page)
    grow(2)
    small = _count(client, url)
    grow(15)
    assert _count(client, url) == small
