"""The director's card: the organisation's key indicators since 1 January from the
catalogue, each a bar chart with the target of a programme the organisation coordinates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.casework.models import Request
from maillage.programmes.dashboard_queries import director_codes, director_figures
from maillage.programmes.indicators import CATALOGUE, Axis, Counts, Period, Scope, indicator
from maillage.programmes.models import IndicatorTarget
from tests.programmes.conftest_dashboards import *  # noqa: F403  (fixtures)
from tests.programmes.conftest_dashboards import today

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


@pytest.fixture
def catalogue() -> Iterator[None]:
    """A catalogue of two test indicators only, whatever the areas registered; restored after."""
    saved = dict(CATALOGUE)
    CATALOGUE.clear()

    @indicator("reach.requests", label="Requests received", axis=Axis.INDIVIDUAL)
    def requests(scope: Scope, period: Period) -> Counts:
        rows = Request.objects.filter(
            organisation_id__in=scope.organisation_ids,
            received_on__range=(period.start, period.end),
        )
        return Counts(rows.count())

    @indicator("network.meetings", label="Meetings held", axis=Axis.NETWORK, people=False)
    def meetings(scope: Scope, period: Period) -> Counts:
        return Counts(3)

    yield
    CATALOGUE.clear()
    CATALOGUE.update(saved)


def test_codes_with_targets_come_first_then_one_per_axis_prefix(catalogue) -> None:
    assert director_codes(["network.meetings"]) == ["network.meetings", "reach.requests"]
    assert director_codes(["unknown.code"]) == ["reach.requests"]


def test_catalogue_without_the_preferred_prefixes_falls_back_to_its_first_indicators(
    catalogue,
) -> None:
    del CATALOGUE["reach.requests"]
    assert director_codes([]) == ["network.meetings"]
    CATALOGUE.clear()
    assert director_codes([]) == []


def test_director_sees_the_years_figures_against_the_programmes_target(
    catalogue, login, director, org_a, org_b, make_request, make_programme
):
    year_start = date(today().year, 1, 1)
    for _ in range(6):
        make_request(org_a, on=today())
    make_request(org_a, on=year_start - timedelta(days=1))  # last year
    make_request(org_b, on=today())  # another organisation
    programme = make_programme()
    IndicatorTarget.objects.create(
        programme=programme,
        indicator="reach.requests",
        period_start=year_start,
        period_end=date(today().year, 12, 31),
        target=120,
    )
    elsewhere = make_programme("Autre", org=org_b)
    IndicatorTarget.objects.create(
        programme=elsewhere,
        indicator="network.meetings",
        period_start=year_start,
        period_end=date(today().year, 12, 31),
        target=9,
    )

    figures = {f.result.code: f for f in director_figures(org_a.pk, today())}
    assert figures["reach.requests"].result.total.value == 6
    assert figures["reach.requests"].target == 120
    assert "network.meetings" not in figures  # B's target is not A's, nor is its prefix chosen

    html = login(director).get(HOME).content.decode()
    assert 'id="h-director"' in html
    assert 'class="target"' in html
    assert "Cohésion 2026" in html


def test_small_people_counts_are_suppressed_on_the_directors_chart(
    catalogue, login, director, org_a, make_request
):
    make_request(org_a, on=today())
    figures = director_figures(org_a.pk, today())
    assert [str(f.result.total) for f in figures] == ["<5"]
    html = login(director).get(HOME).content.decode()
    assert "&lt;5" in html and 'class="bar"' not in html.split('id="h-director"')[1]


def test_director_panel_queries_do_not_grow_with_the_data(
    django_assert_max_num_queries, catalogue, login, director, org_a, make_request
):
    client = login(director)
    make_request(org_a, on=today())
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    for _ in range(9):
        make_request(org_a, on=today())
    cache.clear()  # the figures are kept a few minutes: measure them computed again
    with django_assert_max_num_queries(len(one)):
        client.get(HOME)


def test_director_figures_are_kept_a_few_minutes_per_organisation_and_day(
    django_assert_num_queries, catalogue, org_a, org_b, make_request
):
    make_request(org_a, on=today())
    first = director_figures(org_a.pk, today())
    with django_assert_num_queries(0):
        assert director_figures(org_a.pk, today()) == first
    with CaptureQueriesContext(connection) as other_team:
        director_figures(org_b.pk, today())
    assert len(other_team) > 0  # another team's figures are its own, computed
    with CaptureQueriesContext(connection) as tomorrow:
        director_figures(org_a.pk, today() + timedelta(days=1))
    assert len(tomorrow) > 0
