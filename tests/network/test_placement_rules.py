"""Placements: a worker of the organisation in a partner structure for a period; who is
placed where today and on a chosen date; the host reads, the placing organisation writes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maillage.core.roles import Role
from maillage.network import services
from maillage.network.models import Placement
from tests.network.conftest import acting


def place(coordinator, org, worker, today, **fields):
    values = {
        "host_name": "Service jeunesse de la commune",
        "starts_on": today,
        "hours_per_week": Decimal("10"),
        **fields,
    }
    return services.placement_create(
        actor=acting(coordinator, org), organisation=org, worker=worker, **values
    )


def results(client, params=None):
    """The list's results only (the partial the filters fetch), not the filter's choices."""
    response = client.get(
        reverse("network:placement_list"),
        params or {},
        headers={"HX-Request": "true", "HX-Target": "placement-results"},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_placement_ending_before_it_starts_is_refused(coordinator, org_a, member, today):
    with pytest.raises(ValidationError) as caught:
        place(coordinator, org_a, member, today, ends_on=today - timedelta(days=1))
    assert "ends_on" in caught.value.message_dict
    assert not Placement.objects.exists()


def test_a_structure_is_required_from_the_list_or_typed(coordinator, org_a, member, today):
    with pytest.raises(ValidationError) as caught:
        place(coordinator, org_a, member, today, host_name="  ")
    assert "host" in caught.value.message_dict


def test_only_members_of_the_organisation_are_placed(coordinator, org_a, outsider, today):
    with pytest.raises(ValidationError) as caught:
        place(coordinator, org_a, outsider, today)
    assert "worker" in caught.value.message_dict


def test_the_same_worker_twice_in_the_same_structure_at_once_is_refused(
    coordinator, org_a, member, placement, org_c, today
):
    with pytest.raises(ValidationError) as caught:
        place(coordinator, org_a, member, today + timedelta(days=5), host=org_c, host_name="")
    assert "starts_on" in caught.value.message_dict
    # Another structure at the same time is a part-time placement: allowed.
    place(coordinator, org_a, member, today)
    assert Placement.objects.count() == 2


def test_the_host_sees_the_placement_but_cannot_change_it(host, org_c, placement):
    acting(host, org_c)
    assert list(Placement.objects.visible_to(host)) == [placement]
    with pytest.raises(PermissionDenied):
        services.placement_update(actor=host, placement=placement, note="Changée")


def test_who_is_placed_where_today_and_on_another_date(
    client, coordinator, org_a, member, make_user, placement, today
):
    other = make_user(
        "autre@a.example", (org_a, Role.FIELD_WORKER), first_name="Zoé", last_name="Zimmer"
    )
    place(
        coordinator,
        org_a,
        other,
        today - timedelta(days=400),
        ends_on=today - timedelta(days=200),
        host_name="Maison de jeunes du Parc",
    )
    client.force_login(coordinator)
    now = results(client)
    assert "Maison Gamma" in now and "Maison de jeunes du Parc" not in now
    back_then = results(client, {"day": (today - timedelta(days=300)).isoformat()})
    assert "Maison de jeunes du Parc" in back_then
    assert "Maison Gamma" not in back_then
    every = results(client, {"all_periods": "on", "order": "worker"})
    assert "Maison de jeunes du Parc" in every and "Maison Gamma" in every
    assert every.index("Malik") < every.index("Zimmer")


def test_the_list_filters_by_worker_and_by_partner(
    client, coordinator, org_a, member, placement, org_c, today
):
    place(coordinator, org_a, coordinator, today, host_name="Service communal")
    client.force_login(coordinator)
    by_partner = results(client, {"host": org_c.pk})
    assert "Service communal" not in by_partner and "Maison Gamma" in by_partner
    by_worker = results(client, {"worker": coordinator.pk})
    assert "Service communal" in by_worker and "Maison Gamma" not in by_worker


def test_a_placement_is_recorded_from_the_form(client, coordinator, member, org_c, today):
    client.force_login(coordinator)
    response = client.post(
        reverse("network:placement_create"),
        {
            "worker": member.pk,
            "host": org_c.pk,
            "starts_on": today.isoformat(),
            "hours_per_week": "19,5",
            "coordinator_name": "Sam",
            "coordinator_contact": "02 1",
        },
    )
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == placement.get_absolute_url()
    assert placement.hours_per_week == Decimal("19.5")


def test_the_form_shows_the_date_error_in_french_and_saves_nothing(
    client, coordinator, member, today
):
    client.force_login(coordinator)
    response = client.post(
        reverse("network:placement_create"),
        {
            "worker": member.pk,
            "host_name": "Maison",
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
            "hours_per_week": "10",
        },
    )
    assert response.status_code == 200
    assert "La date de fin précède la date de début" in response.content.decode()
    assert not Placement.objects.exists()
