"""The API's lists run as many queries for many rows as for a few: no query per row."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.activities.models import Registration, RegistrationSource, RegistrationStatus
from maillage.schooling.models import Signal

pytestmark = pytest.mark.django_db


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(captured)


def _grow(org, make_activity, make_person, count: int) -> None:
    for n in range(count):
        activity = make_activity(org, title=f"Atelier {n}")
        person = make_person(org, first_name=f"Enfant{n}")
        Registration.objects.create(
            organisation=org,
            activity=activity,
            person=person,
            status=RegistrationStatus.CONFIRMED,
            source=RegistrationSource.WORKER,
        )
        Signal.objects.create(
            organisation=org, person=person, source="school", raised_on=date(2025, 10, 6)
        )


@pytest.mark.parametrize("path", ["/activities", "/registrations", "/signals", "/organisations"])
def test_a_list_costs_the_same_queries_for_two_rows_or_twelve(
    path, all_scopes, org_a, make_activity, make_person
):
    _grow(org_a, make_activity, make_person, 2)
    _queries(all_scopes, path)  # the token's first use of the minute records it
    few = _queries(all_scopes, path)
    _grow(org_a, make_activity, make_person, 10)
    assert _queries(all_scopes, path) == few
