"""Agreements: periods in order, parties see them read-only, renewal alerts before the end."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from maillage.network import services
from maillage.network.models import Agreement
from tests.network.conftest import acting


def test_an_agreement_ending_before_it_starts_is_refused_in_french(coordinator, org_a, today):
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        services.agreement_create(
            actor=acting(coordinator, org_a),
            organisation=org_a,
            title="Convention",
            starts_on=today,
            ends_on=today - timedelta(days=1),
        )
    assert "précède la date de début" in caught.value.message_dict["ends_on"][0]
    assert not Agreement.objects.exists()


def test_a_negative_amount_is_refused(coordinator, org_a, today):
    with pytest.raises(ValidationError) as caught:
        services.agreement_create(
            actor=acting(coordinator, org_a),
            organisation=org_a,
            title="Convention",
            starts_on=today,
            amount=Decimal("-1"),
        )
    assert "amount" in caught.value.message_dict


def test_the_owner_is_not_listed_among_its_own_parties(coordinator, org_a, org_c, today):
    agreement = services.agreement_create(
        actor=acting(coordinator, org_a),
        organisation=org_a,
        title="Convention",
        starts_on=today,
        parties=[org_a, org_c],
    )
    assert list(agreement.parties.all()) == [org_c]


def test_a_party_sees_the_agreement_but_cannot_change_it(host, org_c, agreement):
    acting(host, org_c)
    assert list(Agreement.objects.visible_to(host)) == [agreement]
    with pytest.raises(PermissionDenied):
        services.agreement_update(actor=host, agreement=agreement, title="Changée")


def test_renewal_is_due_within_the_notice_period_of_a_signed_agreement(
    coordinator, org_a, agreement, today
):
    user = acting(coordinator, org_a)
    assert list(Agreement.objects.renewal_due(today)) == [agreement]
    services.agreement_update(actor=user, agreement=agreement, notice_days=30)
    assert not Agreement.objects.renewal_due(today).exists()
    services.agreement_update(actor=user, agreement=agreement, notice_days=90, status="draft")
    assert not Agreement.objects.renewal_due(today).exists()


def test_an_ended_agreement_is_no_longer_due(coordinator, org_a, agreement, today):
    services.agreement_update(
        actor=acting(coordinator, org_a),
        agreement=agreement,
        ends_on=today - timedelta(days=1),
        starts_on=today - timedelta(days=100),
    )
    assert not Agreement.objects.renewal_due(today).exists()


def test_the_list_filter_shows_only_agreements_to_renew(
    client, coordinator, org_a, agreement, today
):
    services.agreement_create(
        actor=acting(coordinator, org_a),
        organisation=org_a,
        title="Convention lointaine",
        starts_on=today,
        ends_on=today + timedelta(days=700),
        status="signed",
    )
    client.force_login(coordinator)
    url = reverse("network:agreement_list")
    everything = client.get(url).content.decode()
    assert "Convention lointaine" in everything and agreement.title in everything
    due = client.get(url, {"renewal": "on"}).content.decode()
    assert "Convention lointaine" not in due and agreement.title in due


def test_the_home_panel_shows_renewals_to_managers_of_a_party(
    client, coordinator, host, member, agreement
):
    for user, shown in ((coordinator, True), (host, True), (member, False)):
        client.force_login(user)
        page = client.get(reverse("core:home")).content.decode()
        assert (agreement.title in page) is shown, user


def test_the_agreement_form_refuses_an_end_before_the_start(client, coordinator, today):
    client.force_login(coordinator)
    response = client.post(
        reverse("network:agreement_create"),
        {
            "title": "Convention",
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=3)).isoformat(),
            "status": "draft",
            "notice_days": "90",
        },
    )
    assert response.status_code == 200
    assert "La date de fin précède la date de début" in response.content.decode()
    assert not Agreement.objects.exists()


def test_an_agreement_is_recorded_with_its_document_from_the_form(
    client, coordinator, org_c, today
):
    from tests.network.conftest import pdf

    client.force_login(coordinator)
    response = client.post(
        reverse("network:agreement_create"),
        {
            "title": "Convention cadre",
            "parties": [org_c.pk],
            "other_parties": "Commune de Jette\nFonds régional",
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=365)).isoformat(),
            "amount": "984025,00",
            "status": "signed",
            "notice_days": "90",
            "documents": [pdf()],
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert agreement.amount == Decimal("984025.00")
    assert agreement.documents.count() == 1
    assert agreement.other_party_list == ["Commune de Jette", "Fonds régional"]
    assert agreement.alert_on == agreement.ends_on - timedelta(days=90)
