"""Personas and objects of the collective-axis tests.

`member` (a field worker of A) is on the staff of `camp`; `colleague` is a field worker of A
who is not; `coordinator` oversees A; `outside_worker` works with young people in B. `camp`
is a holiday camp of A with two places, two prices and a session today; `child` and
`sibling` are two young persons of A in one household.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from maillage.activities import services
from maillage.activities.models import Activity, ActivityKind, PriceTier, Registration, Session
from maillage.core.models import Commune, Organisation, User
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.people.models import Household, HouseholdMember, Person, Relation


def today() -> date:
    return timezone.localdate()


def acting(user: User, organisation: Organisation, *roles: str) -> User:
    """Bind the user to an organisation as the middleware does for a request."""
    bind_organisation(user, organisation.pk, frozenset(roles))
    return user


def birth_date_for(age: int, on: date) -> date:
    """A birth date giving `age` on the day `on`."""
    return on.replace(year=on.year - age) - timedelta(days=10)


@pytest.fixture
def colleague(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("colleague@a.example", (org_a, Role.FIELD_WORKER), first_name="Camille")


@pytest.fixture
def coordinator(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("coordinator@a.example", (org_a, Role.COORDINATOR), first_name="Cora")


@pytest.fixture
def outside_worker(make_user: Callable[..., User], org_b: Organisation) -> User:
    return make_user("worker@b.example", (org_b, Role.FIELD_WORKER), first_name="Bruno")


@pytest.fixture
def make_activity(org_a: Organisation, member: User, commune: Commune) -> Callable[..., Activity]:
    def make(**fields: Any) -> Activity:
        start = fields.pop("starts_on", today())
        values: dict[str, Any] = {
            "kind": ActivityKind.WORKSHOP,
            "title": "Atelier djembé",
            "starts_on": start,
            "ends_on": start + timedelta(days=4),
            "commune": commune,
            "place": "Salle des fêtes",
            "age_min": 8,
            "age_max": 14,
            "places": 2,
            "is_public": True,
            "registration_open": True,
            **fields,
        }
        organisation = values.pop("organisation", org_a)
        staff = values.pop("staff", [member])
        acting(member, organisation, Role.FIELD_WORKER)
        return services.activity_create(
            actor=member, organisation=organisation, staff=staff, **values
        )

    return make


@pytest.fixture
def camp(make_activity: Callable[..., Activity], member: User) -> Activity:
    """A camp of A: two places, full and reduced prices, 50 % off for a sibling, a session
    today."""
    activity = make_activity(kind=ActivityKind.CAMP, title="Stage nature", sibling_reduction=50)
    services.price_tier_add(
        actor=member, activity=activity, label="Plein tarif", amount=Decimal("60")
    )
    services.price_tier_add(
        actor=member, activity=activity, label="Tarif réduit", amount=Decimal("20")
    )
    services.session_add(
        actor=member, activity=activity, date=today(), starts_at=time(9), ends_at=time(16)
    )
    return activity


@pytest.fixture
def full_price(camp: Activity) -> PriceTier:
    return camp.price_tiers.get(label="Plein tarif")


@pytest.fixture
def session(camp: Activity) -> Session:
    return camp.sessions.get()


@pytest.fixture
def make_child(org_a: Organisation, member: User) -> Callable[..., Person]:
    def make(first_name: str, last_name: str = "Lambert", age: int = 10, **extra: Any) -> Person:
        return Person.objects.create(
            organisation=extra.pop("organisation", org_a),
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date_for(age, today()),
            created_by=member,
            **extra,
        )

    return make


@pytest.fixture
def child(make_child: Callable[..., Person]) -> Person:
    return make_child("Nora")


@pytest.fixture
def sibling(make_child: Callable[..., Person], child: Person, org_a: Organisation) -> Person:
    brother = make_child("Théo")
    household = Household.objects.create(organisation=org_a, name="Famille Lambert")
    for person in (child, brother):
        HouseholdMember.objects.create(
            organisation=org_a, household=household, person=person, relation=Relation.YOUNG_PERSON
        )
    return brother


@pytest.fixture
def registration(
    camp: Activity, child: Person, full_price: PriceTier, member: User
) -> Registration:
    """`child`, confirmed in `camp` at full price, with health notes and a parent's e-mail."""
    return services.registration_create(
        actor=acting(member, camp.organisation, Role.FIELD_WORKER),
        activity=camp,
        person=child,
        price_tier=full_price,
        guardian_name="Parent Lambert",
        guardian_email="parent.lambert@example.org",
        health_notes="Secret-santé : allergie aux arachides",
    )
