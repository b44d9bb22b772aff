"""The public calendar: upcoming published activities of every organisation, with filters,
prices and the places left, for anyone, in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.activities import services
from maillage.activities.models import ActivityKind
from maillage.core.models import Commune
from maillage.core.roles import Role
from tests.activities.conftest import acting, today

pytestmark = pytest.mark.django_db

URL = reverse("activities:public_calendar")


def titles(response) -> list[str]:
    return [row.activity.title for row in response.context["rows"]]


def test_the_calendar_lists_upcoming_public_activities_of_every_organisation(
    client, make_activity, org_b, outside_worker
) -> None:
    make_activity(title="Atelier cirque", starts_on=today() + timedelta(days=3))
    make_activity(title="Stage d'hier", starts_on=today() - timedelta(days=10))
    make_activity(title="Atelier interne", is_public=False)
    acting(outside_worker, org_b, Role.FIELD_WORKER)
    make_activity(
        title="Fête de quartier",
        organisation=org_b,
        staff=[outside_worker],
        kind=ActivityKind.EVENT,
        starts_on=today() + timedelta(days=1),
    )
    response = client.get(URL)
    assert response.status_code == 200
    # Soonest first; ended and unpublished activities are left out.
    assert titles(response) == ["Fête de quartier", "Atelier cirque"]
    html = response.content.decode()
    assert "<title>Activités à venir · Maillage</title>" in html
    assert '<meta name="description" content="' in html
    assert "Maison Beta" in html and "AMO Alpha" in html


def test_an_inactive_organisation_disappears_from_the_calendar(
    client, make_activity, org_a
) -> None:
    make_activity(title="Atelier cirque")
    org_a.is_active = False
    org_a.save()
    assert titles(client.get(URL)) == []


def test_filters_by_commune_kind_age_and_text(client, make_activity) -> None:
    ixelles = Commune.objects.get(name="Ixelles")
    make_activity(title="Atelier djembé", age_min=8, age_max=12)
    make_activity(title="Stage théâtre", kind=ActivityKind.CAMP, age_min=12, age_max=16)
    make_activity(title="Atelier BD", commune=ixelles, age_min=None, age_max=None)

    assert titles(client.get(URL, {"commune": ixelles.pk})) == ["Atelier BD"]
    assert titles(client.get(URL, {"kind": ActivityKind.CAMP})) == ["Stage théâtre"]
    assert set(titles(client.get(URL, {"age": 13}))) == {"Stage théâtre", "Atelier BD"}
    assert set(titles(client.get(URL, {"age": 8}))) == {"Atelier djembé", "Atelier BD"}
    assert titles(client.get(URL, {"q": "DJEMBé"})) == ["Atelier djembé"]
    assert set(titles(client.get(URL, {"q": "AMO atelier"}))) == {"Atelier djembé", "Atelier BD"}
    # The commune filter offers the communes that have something coming, only.
    form = client.get(URL).context["form"]
    assert {c.name for c in form.fields["commune"].queryset} == {"Ixelles", "Saint-Gilles"}


def test_a_wrong_filter_is_told_and_the_list_still_shows(client, make_activity) -> None:
    make_activity(title="Atelier djembé")
    response = client.get(URL, {"age": "douze"})
    assert response.status_code == 200
    assert response.context["form"].errors["age"]
    assert titles(response) == ["Atelier djembé"]


def test_prices_show_the_range_or_free(client, make_activity, member) -> None:
    paying = make_activity(title="Atelier payant")
    for label, amount in (("Réduit", "5"), ("Plein", "12.50")):
        services.price_tier_add(actor=member, activity=paying, label=label, amount=Decimal(amount))
    single = make_activity(title="Atelier prix unique")
    services.price_tier_add(actor=member, activity=single, label="Prix", amount=Decimal("30"))
    make_activity(title="Atelier gratuit")
    prices = {row.activity.title: row.prices for row in client.get(URL).context["rows"]}
    assert prices == {
        "Atelier payant": "5\u00a0€ – 12,50\u00a0€",
        "Atelier prix unique": "30\u00a0€",
        "Atelier gratuit": "Gratuit",
    }


def test_places_left_waiting_list_or_full(client, make_activity, member, make_child) -> None:
    open_one = make_activity(title="A places libres", places=3)
    waiting = make_activity(title="B liste d'attente", places=1)
    full = make_activity(title="C complet", places=1)
    unlimited = make_activity(title="D sans limite", places=None)
    for activity in (open_one, waiting, full):
        services.registration_create(
            actor=member, activity=activity, person=make_child(f"Enfant {activity.pk}")
        )
    services.activity_update(actor=member, activity=full, registration_open=False)
    rows = {row.activity.title: row for row in client.get(URL).context["rows"]}
    assert rows["A places libres"].availability.label == "2 places libres"
    assert rows["B liste d'attente"].availability.label == "Liste d'attente"
    assert rows["C complet"].availability.label == "Complet"
    assert rows["D sans limite"].availability.state == "unlimited"
    assert unlimited.pk
    # The way to register is shown only where the form is open.
    assert rows["B liste d'attente"].registration_open
    assert not rows["C complet"].registration_open
    html = client.get(URL).content.decode()
    assert reverse("activities:public_register", kwargs={"pk": waiting.pk}) in html
    assert reverse("activities:public_register", kwargs={"pk": full.pk}) not in html


def test_the_calendar_is_paginated_and_keeps_its_filters(client, make_activity) -> None:
    for number in range(23):
        make_activity(title=f"Atelier {number:02}", starts_on=today() + timedelta(days=number))
    first = client.get(URL, {"q": "Atelier"})
    assert len(first.context["rows"]) == 20
    assert "q=Atelier&amp;page=2" in first.content.decode()
    second = client.get(URL, {"q": "Atelier", "page": 2})
    assert titles(second) == ["Atelier 20", "Atelier 21", "Atelier 22"]
    assert "page 2" in second.content.decode()


def test_the_calendar_reads_in_a_constant_number_of_queries(
    client, make_activity, member, make_child
) -> None:
    def build(count: int) -> None:
        for number in range(count):
            activity = make_activity(title=f"Atelier {count}-{number}")
            services.price_tier_add(
                actor=member, activity=activity, label="Plein", amount=Decimal("10")
            )
            services.price_tier_add(
                actor=member, activity=activity, label="Réduit", amount=Decimal("5")
            )
            services.registration_create(
                actor=member,
                activity=activity,
                person=make_child(f"Enfant {count}-{number}"),
                price_tier=activity.price_tiers.first(),
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    build(2)
    few = queries()
    build(6)
    assert queries() == few
