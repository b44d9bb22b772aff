"""The statistics viewer's card: young people reached and requests received this year by
commune, for the organisation and those its programmes fund, with small cells suppressed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.activities.models import Attendance, Registration
from maillage.core.models import Commune
from maillage.programmes.dashboard_queries import by_commune, statistics_scope
from tests.programmes.conftest_dashboards import *  # noqa: F403  (fixtures)
from tests.programmes.conftest_dashboards import fund, today

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


def as_text(table):
    return {str(label): str(cell) for label, cell in table.rows}


@pytest.fixture
def dataset(org_a, org_b, make_org, commune, ixelles, make_request, make_person, make_programme):
    """Saint-Gilles: 6 identified young people with a request this year (one with two) and one
    anonymous request; Forest: 5 anonymous requests; Ixelles: 2 anonymous requests of B,
    which A's programme funds. Plus rows that must not count."""
    for i in range(6):
        person = make_person(org_a, commune, name=f"Kwabena{i}")
        make_request(org_a, on=today(), person=person)
    make_request(org_a, on=today(), person=person)  # the same young person again
    make_request(org_a, on=today(), commune=commune, age_band="15-17")
    forest = Commune.objects.get(name="Forest")
    for _ in range(5):
        make_request(org_a, on=today(), commune=forest, age_band="18-21")
    make_request(org_b, on=today(), commune=ixelles, age_band="12-14")  # B, funded by A
    make_request(org_b, on=today(), commune=ixelles, age_band="12-14")
    make_request(org_a, on=date(today().year, 1, 1) - timedelta(days=1), commune=ixelles)
    make_request(make_org("Maison Gamma"), on=today(), commune=ixelles)  # not in scope
    fund(make_programme(), org_b, "1000")


def test_reached_and_requests_by_commune_are_counted_and_small_cells_hidden(dataset, org_a, org_b):
    scope = statistics_scope(org_a.pk)
    assert scope == tuple(sorted((org_a.pk, org_b.pk)))
    figures = by_commune(scope, today())
    # Forest is hidden too, so that Ixelles cannot be worked out from the total.
    assert as_text(figures.reached) == {"Forest": "×", "Ixelles": "<5", "Saint-Gilles": "7"}
    assert as_text(figures.requests) == {"Forest": "×", "Ixelles": "<5", "Saint-Gilles": "8"}
    assert figures.reached.total.value == 14
    assert figures.requests.total.value == 15


def test_a_young_person_present_at_a_session_this_year_is_reached(
    org_a, commune, make_person, make_session, member
):
    person = make_person(org_a, commune)
    session = make_session(org_a, today())
    registration = Registration.objects.create(
        organisation=org_a, activity=session.activity, person=person, registered_by=member
    )
    Attendance.objects.create(
        organisation=org_a, session=session, registration=registration, present=True
    )
    absent = make_person(org_a, commune, name="Absent")
    other = Registration.objects.create(
        organisation=org_a, activity=session.activity, person=absent, registered_by=member
    )
    Attendance.objects.create(
        organisation=org_a, session=session, registration=other, present=False
    )
    figures = by_commune((org_a.pk,), today())
    assert [(str(label), cell.suppressed) for label, cell in figures.reached.rows] == [
        ("Saint-Gilles", True)
    ]


def test_statistics_viewer_sees_the_table_and_chart_with_small_cells_suppressed(
    dataset, login, stats_viewer
):
    html = login(stats_viewer).get(HOME).content.decode()
    card = html.split('id="h-statistics-communes"')[1].split("</section>")[0]
    assert "Saint-Gilles" in card and "Ixelles" in card
    assert "&lt;5" in card and "×" in card
    assert '<td class="num">7</td>' in card and '<td class="num">8</td>' in card
    assert "bar-chart" in card
    # Forest and Ixelles are hidden: the only bar is Saint-Gilles's.
    assert card.count('class="bar"') == 1
    assert "Kwabena" not in html


def test_statistics_panel_queries_do_not_grow_with_the_data(
    django_assert_max_num_queries, login, stats_viewer, org_a, commune, make_request, make_person
):
    client = login(stats_viewer)
    make_request(org_a, on=today(), person=make_person(org_a, commune))
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    for i in range(9):
        make_request(org_a, on=today(), person=make_person(org_a, commune, name=f"P{i}"))
    cache.clear()  # the figures are kept a few minutes: measure them computed again
    with django_assert_max_num_queries(len(one)):
        client.get(HOME)
