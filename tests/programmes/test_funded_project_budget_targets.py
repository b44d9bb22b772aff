"""Funded projects (an organisation, an amount, an agreement that binds it), budget lines and
indicator targets: their rules and forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.network.models import Agreement
from maillage.programmes import services
from maillage.programmes.models import BudgetLine, FundedProject, IndicatorTarget
from tests.programmes.conftest_programmes import *  # noqa: F403


def test_an_agreement_that_does_not_bind_the_organisation_is_refused(
    programme, org_b, agreement, prog_coord
):
    with pytest.raises(ValidationError) as caught:
        services.funded_project_add(
            actor=prog_coord,
            programme=programme,
            organisation=org_b,
            title="Atelier",
            amount=Decimal("10"),
            agreement=agreement,
        )
    assert list(caught.value.message_dict) == ["agreement"]


def test_an_agreement_the_user_cannot_see_is_refused(programme, org_b, org_c, prog_coord):
    hidden = Agreement.objects.create(
        organisation=org_b, title="Convention B", starts_on=date(2025, 1, 1)
    )
    hidden.parties.set([org_c])
    with pytest.raises(ValidationError):
        services.funded_project_add(
            actor=prog_coord,
            programme=programme,
            organisation=org_c,
            title="Atelier",
            amount=Decimal("10"),
            agreement=hidden,
        )


def test_granting_more_than_the_envelope_is_allowed_with_a_warning(
    login, prog_coord, programme, org_c
):
    response = login(prog_coord).post(
        reverse("programmes:project_add", kwargs={"pk": programme.pk}),
        {"organisation": org_c.pk, "title": "Gros projet", "amount": "1000000"},
        follow=True,
    )
    assert FundedProject.objects.filter(title="Gros projet").exists()
    page = response.content.decode().replace("\xa0", " ")
    assert "15 975,00 €" in page  # 1,000,000 − 984,025, said on the page


def test_a_project_with_spending_is_not_removed(programme, funded_project, line, prog_coord):
    services.spending_record(
        actor=prog_coord,
        programme=programme,
        budget_line=line,
        project=funded_project,
        spent_on=date(2025, 2, 1),
        amount=Decimal("5"),
        description="Avance",
    )
    with pytest.raises(ValidationError):
        services.funded_project_remove(actor=prog_coord, project=funded_project)
    with pytest.raises(ValidationError):
        services.budget_line_remove(actor=prog_coord, line=line)
    assert FundedProject.objects.filter(pk=funded_project.pk).exists()


def test_a_budget_line_is_edited_and_a_negative_amount_refused(line, prog_coord):
    services.budget_line_update(actor=prog_coord, line=line, planned=Decimal("12"))
    assert BudgetLine.objects.get(pk=line.pk).planned == Decimal("12")
    with pytest.raises(ValidationError) as caught:
        services.budget_line_update(actor=prog_coord, line=line, planned=Decimal("-1"))
    assert list(caught.value.message_dict) == ["planned"]


def test_a_target_is_one_per_indicator_and_period(programme, prog_coord, indicator_code):
    values = {
        "actor": prog_coord,
        "programme": programme,
        "indicator": indicator_code,
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
    }
    services.indicator_target_set(**values, target=100)
    services.indicator_target_set(**values, target=150)
    assert IndicatorTarget.objects.get().target == 150


def test_an_unknown_indicator_and_a_reversed_period_are_refused(programme, prog_coord):
    with pytest.raises(ValidationError) as caught:
        services.indicator_target_set(
            actor=prog_coord,
            programme=programme,
            indicator="nope",
            period_start=date(2025, 12, 31),
            period_end=date(2025, 1, 1),
            target=-1,
        )
    assert set(caught.value.message_dict) == {"indicator", "period_end", "target"}


def test_the_target_form_lists_the_catalogue_and_saves(
    login, prog_coord, programme, indicator_code
):
    client = login(prog_coord)
    url = reverse("programmes:target_set", kwargs={"pk": programme.pk})
    assert "Jeunes rejoints (test)" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "indicator": indicator_code,
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "target": "80",
        },
    )
    assert response.status_code == 302
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Jeunes rejoints (test)" in page and ">80<" in page
