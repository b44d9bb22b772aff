"""A programme deleted takes its budget, projects and spending with it; a budget line alone
keeps its spending."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import RestrictedError

from maillage.programmes.models import BudgetLine, FundedProject, Programme, Spending

pytestmark = pytest.mark.django_db


def test_deleting_a_programme_deletes_its_spending_and_a_line_keeps_its_own(org_a, org_b):
    programme = Programme.objects.create(
        organisation=org_a,
        title="Cohésion 2025-2029",
        slug="cohesion",
        kind="social_cohesion",
        starts_on=date(2025, 1, 1),
        ends_on=date(2029, 12, 31),
        envelope=Decimal(1000),
    )
    line = BudgetLine.objects.create(programme=programme, label="Projets", planned=Decimal(800))
    project = FundedProject.objects.create(
        programme=programme, organisation=org_b, title="Atelier", amount=Decimal(500)
    )
    Spending.objects.create(
        programme=programme,
        budget_line=line,
        project=project,
        spent_on=date(2025, 3, 1),
        amount=Decimal(100),
        description="Première tranche",
    )
    with pytest.raises(RestrictedError):
        line.delete()
    programme.delete()
    assert not Spending.objects.exists()
    assert not BudgetLine.objects.exists()
