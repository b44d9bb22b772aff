"""Personas and objects of the programme tests (import them: `from
tests.programmes.conftest_programmes import *`).

A (`org_a`) coordinates `programme`; it funds a project of C (`org_c`, a youth centre) under
an agreement A recorded with C as a party. `prog_coord` is A's programme coordinator and
`owner` A's administrator: they change the programme. `member` (a field worker of A) and the
people of C (`funded_worker`, `funded_director`) read it. `outsider` administers B, which
has nothing to do with it. `indicator_code` is an indicator put in the catalogue for the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from maillage.core.models import Organisation, OrganisationKind, User
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.network.models import Agreement, AgreementStatus
from maillage.programmes import services
from maillage.programmes.indicators import CATALOGUE, Counts, Indicator
from maillage.programmes.models import FundedProject, Programme, ProgrammeKind

__all__ = [
    "acting",
    "agreement",
    "funded_director",
    "funded_project",
    "funded_worker",
    "funder",
    "indicator_code",
    "line",
    "make_programme",
    "org_c",
    "prog_coord",
    "programme",
]

INDICATOR = "test.young_people_reached"


def acting(user: User, organisation: Organisation, *roles: str) -> User:
    """Bind the user to an organisation as the middleware does for a request."""
    bind_organisation(user, organisation.pk, frozenset(roles))
    return user


@pytest.fixture
def org_c(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org("Maison des jeunes Gamma", OrganisationKind.YOUTH_CENTRE)


@pytest.fixture
def funder(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org("Commission communautaire fictive", OrganisationKind.FUNDER)


@pytest.fixture
def prog_coord(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("programme@a.example", (org_a, Role.PROGRAMME_COORDINATOR), first_name="Paula")


@pytest.fixture
def funded_worker(make_user: Callable[..., User], org_c: Organisation) -> User:
    return make_user("worker@c.example", (org_c, Role.FIELD_WORKER), first_name="Gaspard")


@pytest.fixture
def funded_director(make_user: Callable[..., User], org_c: Organisation) -> User:
    return make_user("director@c.example", (org_c, Role.DIRECTOR), first_name="Greta")


@pytest.fixture
def indicator_code() -> Iterator[str]:
    """An indicator in the catalogue, whatever the axes' modules register."""
    CATALOGUE[INDICATOR] = Indicator(
        INDICATOR, "Jeunes rejoints (test)", "reach", True, lambda scope, period: Counts(total=0)
    )
    yield INDICATOR
    CATALOGUE.pop(INDICATOR, None)


@pytest.fixture
def make_programme(
    org_a: Organisation, prog_coord: User, funder: Organisation
) -> Callable[..., Programme]:
    def make(**fields: Any) -> Programme:
        values: dict[str, Any] = {
            "title": "Programme de cohésion sociale 2025-2029",
            "slug": "pcs-2025-2029",
            "kind": ProgrammeKind.SOCIAL_COHESION,
            "starts_on": date(2025, 1, 1),
            "ends_on": date(2029, 12, 31),
            "envelope": Decimal("984025"),
            "funders": [funder],
            **fields,
        }
        acting(prog_coord, org_a, Role.PROGRAMME_COORDINATOR)
        return services.programme_create(actor=prog_coord, organisation=org_a, **values)

    return make


@pytest.fixture
def programme(make_programme: Callable[..., Programme]) -> Programme:
    return make_programme()


@pytest.fixture
def agreement(org_a: Organisation, org_c: Organisation) -> Agreement:
    row = Agreement.objects.create(
        organisation=org_a,
        title="Convention de subventionnement Gamma",
        starts_on=date(2025, 1, 1),
        ends_on=date(2029, 12, 31),
        status=AgreementStatus.SIGNED,
    )
    row.parties.set([org_c])
    return row


@pytest.fixture
def funded_project(
    programme: Programme, org_c: Organisation, agreement: Agreement, prog_coord: User
) -> FundedProject:
    return services.funded_project_add(
        actor=prog_coord,
        programme=programme,
        organisation=org_c,
        title="Soutien scolaire du mercredi",
        amount=Decimal("45000"),
        agreement=agreement,
    )


@pytest.fixture
def line(programme: Programme, prog_coord: User) -> Any:
    return services.budget_line_add(
        actor=prog_coord,
        programme=programme,
        label="Subventions aux associations",
        planned=Decimal("900000"),
    )
