"""Personas and objects of the social-offer tests.

`member` (a field worker of A) reads the network's services but edits none; `coordinator`
manages A's entries; `outside_coordinator` manages B's. `service` is a published service
of A serving the fixture's commune; `draft` an unpublished one of A.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from maillage.core.models import Commune, Organisation, User
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.directory.models import Service, Theme


def acting(user: User, organisation: Organisation, *roles: str) -> User:
    """Bind the user to an organisation as the middleware does for a request."""
    bind_organisation(user, organisation.pk, frozenset(roles))
    return user


@pytest.fixture
def coordinator(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("coordinator@a.example", (org_a, Role.COORDINATOR), first_name="Cora")


@pytest.fixture
def outside_coordinator(make_user: Callable[..., User], org_b: Organisation) -> User:
    return make_user("coordinator@b.example", (org_b, Role.COORDINATOR), first_name="Bea")


@pytest.fixture
def make_service(org_a: Organisation, commune: Commune) -> Callable[..., Service]:
    counter = iter(range(1, 10_000))

    def make(*, communes: list[Commune] | None = None, **fields: Any) -> Service:
        fields.setdefault("organisation", org_a)
        fields.setdefault("name", f"Service {next(counter)}")
        fields.setdefault("theme", Theme.SCHOOLING_SUPPORT)
        service = Service.objects.create(**fields)
        service.communes.set(communes if communes is not None else [commune])
        return service

    return make


@pytest.fixture
def service(make_service: Callable[..., Service]) -> Service:
    return make_service(
        name="École de devoirs Alpha",
        description="Aide aux devoirs après l’école.",
        age_min=6,
        age_max=12,
        address="Rue Haute 1, 1000 Bruxelles",
        latitude=Decimal("50.840000"),
        longitude=Decimal("4.350000"),
        phone="02 123 45 67",
        email="edd@alpha.example",
        languages="français, arabe",
    )


@pytest.fixture
def draft(make_service: Callable[..., Service]) -> Service:
    return make_service(name="Projet en préparation", is_published=False)
