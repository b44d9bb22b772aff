"""Personas and files of the people tests: a coordinator, a second field worker, a field
worker of another organisation, and a young person recorded by `member`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from maillage.casework.models import Assignment, FollowUp, Request
from maillage.core.models import Organisation, User
from maillage.core.roles import Role
from maillage.people import services
from maillage.people.models import Household, Person


@pytest.fixture
def coordinator(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("coordinator@a.example", (org_a, Role.COORDINATOR), first_name="Cora")


@pytest.fixture
def colleague(make_user: Callable[..., User], org_a: Organisation) -> User:
    """A field worker of organisation A who did not record `person`."""
    return make_user("colleague@a.example", (org_a, Role.FIELD_WORKER), first_name="Camille")


@pytest.fixture
def outside_worker(make_user: Callable[..., User], org_b: Organisation) -> User:
    """A field worker of organisation B: may work with young people, but not A's."""
    return make_user("worker@b.example", (org_b, Role.FIELD_WORKER), first_name="Bruno")


@pytest.fixture
def make_person(org_a: Organisation, member: User) -> Callable[..., Person]:
    def make(first_name: str = "Marie-Ève", last_name: str = "Dupont", **extra: Any) -> Person:
        extra.setdefault("birth_date", date(2010, 3, 4))
        return services.person_create(
            actor=extra.pop("actor", member),
            organisation=extra.pop("organisation", org_a),
            first_name=first_name,
            last_name=last_name,
            **extra,
        )

    return make


@pytest.fixture
def person(make_person: Callable[..., Person], commune: Any) -> Person:
    return make_person(commune=commune, phone="0470 12 34 56", email="marie@example.org")


@pytest.fixture
def household(person: Person, member: User, org_a: Organisation) -> Household:
    return services.household_create(
        actor=member, organisation=org_a, name="Famille Dupont", member=person
    )


@pytest.fixture
def make_request() -> Callable[..., Request]:
    def make(person: Person, by: User, on: date = date(2026, 1, 5)) -> Request:
        return Request.objects.create(
            organisation_id=person.organisation_id,
            received_on=on,
            requester="young_person",
            person=person,
            recorded_by=by,
        )

    return make


@pytest.fixture
def make_followup() -> Callable[..., FollowUp]:
    def make(request: Request, *workers: User, on: date = date(2026, 1, 12)) -> FollowUp:
        followup = FollowUp.objects.create(
            organisation_id=request.organisation_id,
            request=request,
            person=request.person,
            opened_on=on,
        )
        for worker in workers:
            Assignment.objects.create(
                organisation_id=request.organisation_id,
                followup=followup,
                worker=worker,
                assigned_on=on,
            )
        return followup

    return make
