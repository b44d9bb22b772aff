"""The programme coordinator's card: their programmes' funded projects, envelope, amount
spent and remaining, as figures and a bar chart; nothing of another organisation's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.programmes.dashboard_queries import programme_figures
from maillage.programmes.models import BudgetLine, Spending
from tests.programmes.conftest_dashboards import *  # noqa: F403  (fixtures)
from tests.programmes.conftest_dashboards import fund, today

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


def spend(programme, amount, project=None):
    line = programme.budget_lines.first() or BudgetLine.objects.create(
        programme=programme, label="Fonctionnement", planned=Decimal("1000")
    )
    return Spending.objects.create(
        programme=programme,
        budget_line=line,
        project=project,
        spent_on=date(today().year, 1, 15),
        amount=Decimal(amount),
        description="Facture",
    )


def test_programme_figures_add_up_projects_grants_and_spending(
    programme_lead, org_a, org_b, make_programme, login
):
    programme = make_programme(envelope=Decimal("984025"))
    first = fund(programme, org_b, "40000", "Soutien scolaire")
    fund(programme, org_a, "25000.50", "Atelier")
    spend(programme, "1000", first)
    spend(programme, "2500.25")
    other = make_programme("Programme de B", org=org_b, envelope=Decimal("5"))
    fund(other, org_a, "3")
    spend(other, "2")

    bind_organisation(programme_lead, org_a.pk, frozenset({Role.PROGRAMME_COORDINATOR}))
    count, shown = programme_figures(programme_lead)
    assert count == 1
    (item,) = shown
    assert item.programme == programme
    assert item.projects == 2
    assert item.granted == Decimal("65000.50")
    assert item.spent == Decimal("3500.25")
    assert item.remaining == Decimal("980524.75")

    html = login(programme_lead).get(HOME).content.decode()
    assert 'id="h-programme-figures"' in html
    assert "Cohésion 2026" in html and "Programme de B" not in html
    assert "bar-chart" in html


def test_programme_coordinator_without_programmes_is_told_so(login, programme_lead):
    html = login(programme_lead).get(HOME).content.decode()
    assert 'id="h-programme-figures"' in html
    assert "<svg" not in html.split('id="h-programme-figures"')[1].split("</section>")[0]


def test_spending_over_the_envelope_draws_no_negative_bar(programme_lead, org_a, make_programme):
    programme = make_programme(envelope=Decimal("100"))
    spend(programme, "150")
    bind_organisation(programme_lead, org_a.pk, frozenset({Role.PROGRAMME_COORDINATOR}))
    _count, (item,) = programme_figures(programme_lead)
    assert item.remaining == Decimal("-50")
    _label, remaining = item.table.rows[-1]  # the last row of the chart: what remains
    assert remaining.value == 0
    assert str(remaining).startswith("-50")


def test_programme_panel_queries_do_not_grow_with_programmes_or_spending(
    django_assert_max_num_queries, login, programme_lead, org_b, make_programme
):
    client = login(programme_lead)

    def add(n, start):
        for i in range(start, start + n):
            programme = make_programme(f"Programme {i}")
            fund(programme, org_b, "10")
            spend(programme, "5")

    add(1, 0)
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    add(9, 1)
    with django_assert_max_num_queries(len(one) + 1):  # one more counts those not shown
        client.get(HOME)
