"""Spending: recorded against a budget line of the programme, inside its period; beyond the
remaining envelope it is refused until a reason is given, then kept with the reason and
audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.programmes import services
from maillage.programmes.models import Spending
from tests.programmes.conftest_programmes import *  # noqa: F403


@pytest.fixture
def small(make_programme):
    return make_programme(slug="petit", envelope=Decimal("1000"))


@pytest.fixture
def small_line(small, prog_coord):
    return services.budget_line_add(
        actor=prog_coord, programme=small, label="Animations", planned=Decimal("1000")
    )


def _record(prog_coord, programme, line, amount, **extra):
    values = {"spent_on": date(2025, 5, 2), "description": "Facture", **extra}
    return services.spending_record(
        actor=prog_coord, programme=programme, budget_line=line, amount=Decimal(amount), **values
    )


def test_a_spending_over_the_remaining_envelope_needs_a_reason(small, small_line, prog_coord):
    _record(prog_coord, small, small_line, "800")
    with pytest.raises(services.OverEnvelope) as caught:
        _record(prog_coord, small, small_line, "300")
    assert caught.value.remaining == Decimal("200")
    assert "200,00 €" in caught.value.message_dict["over_envelope_reason"][0]
    assert Spending.objects.count() == 1


def test_with_a_reason_it_is_recorded_and_the_reason_audited(small, small_line, prog_coord):
    _record(prog_coord, small, small_line, "800")
    spending = _record(
        prog_coord, small, small_line, "300", over_envelope_reason="Avenant en cours de signature"
    )
    assert spending.over_envelope_reason == "Avenant en cours de signature"
    event = AuditEvent.objects.filter(action="programmes.spending.recorded").latest("pk")
    assert event.changes["over_envelope"] is True
    assert event.changes["over_envelope_reason"] == "Avenant en cours de signature"


def test_within_the_envelope_no_reason_is_kept(small, small_line, prog_coord):
    spending = _record(prog_coord, small, small_line, "1000", over_envelope_reason="Inutile")
    assert spending.over_envelope_reason == ""


def test_date_outside_the_period_line_of_another_programme_and_zero_amount_are_refused(
    small, small_line, programme, line, prog_coord
):
    with pytest.raises(ValidationError) as caught:
        services.spending_record(
            actor=prog_coord,
            programme=small,
            budget_line=line,
            spent_on=date(2031, 1, 1),
            amount=Decimal("0"),
            description="",
        )
    assert set(caught.value.message_dict) == {"budget_line", "spent_on", "amount", "description"}


def test_the_form_shows_the_remaining_amount_then_records_with_the_reason(
    login, prog_coord, small, small_line
):
    client = login(prog_coord)
    url = reverse("programmes:spending_add", kwargs={"pk": small.pk})
    data = {
        "budget_line": small_line.pk,
        "spent_on": "2025-06-01",
        "amount": "1200,50",
        "description": "Location de salle",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode().replace("\xa0", " ")
    assert "1 000,00 €" in page
    assert "over_envelope_reason" in response.context["form"].errors
    assert not Spending.objects.exists()
    response = client.post(url, {**data, "over_envelope_reason": "Décision du collège"})
    assert response.status_code == 302
    spending = Spending.objects.get()
    assert spending.amount == Decimal("1200.50")
    assert spending.over_envelope_reason == "Décision du collège"


def test_a_spending_is_removed_by_its_coordinator(login, prog_coord, small, small_line):
    spending = _record(prog_coord, small, small_line, "10")
    response = login(prog_coord).post(
        reverse("programmes:spending_remove", kwargs={"pk": spending.pk})
    )
    assert response.status_code == 302
    assert not Spending.objects.exists()
    assert AuditEvent.objects.filter(action="programmes.spending.removed").exists()
