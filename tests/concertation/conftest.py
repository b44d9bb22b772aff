"""Personas and objects of the concertation tests.

`platform` is run by organisation A and counts `partner_org` (C) as a member organisation.
`coordinator` manages it (a coordinator of A); `partner` is a coordinator of C: sees the
platform, may not change it; `outsider` (B) sees nothing of it. `member` (a field worker of
A) and `guest` (a person from outside, without an account) are members of the platform.
`past_meeting` raised an action item owned by `member`; `conference` is an upcoming
themed conference open to registration without an account.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from maillage.concertation import services
from maillage.concertation.models import ActionItem, Meeting, Member, Platform
from maillage.core.models import Organisation, OrganisationKind, User
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation


def today() -> date:
    return timezone.localdate()


def acting(user: User, organisation: Organisation, *roles: str) -> User:
    bind_organisation(user, organisation.pk, frozenset(roles))
    return user


@pytest.fixture
def partner_org(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org("Ecole Gamma", OrganisationKind.SCHOOL)


@pytest.fixture
def coordinator(make_user: Callable[..., User], org_a: Organisation) -> User:
    return make_user("coordinator@a.example", (org_a, Role.COORDINATOR), first_name="Cora")


@pytest.fixture
def partner(make_user: Callable[..., User], partner_org: Organisation) -> User:
    return make_user("partner@c.example", (partner_org, Role.COORDINATOR), first_name="Paula")


@pytest.fixture
def manager(coordinator: User, org_a: Organisation) -> User:
    """The coordinator, bound to A as a request would."""
    return acting(coordinator, org_a, Role.COORDINATOR)


@pytest.fixture
def platform(manager: User, org_a: Organisation, partner_org: Organisation) -> Platform:
    return services.platform_create(
        actor=manager,
        organisation=org_a,
        name="Plateforme jeunesse et écoles",
        member_organisations=[partner_org],
        public_registration=True,
    )


@pytest.fixture
def person(manager: User, platform: Platform, member: User) -> Member:
    return services.member_add(actor=manager, platform=platform, user=member)


@pytest.fixture
def guest(manager: User, platform: Platform) -> Member:
    return services.member_add(
        actor=manager,
        platform=platform,
        name="Jeanne Externe",
        email="jeanne@externe.example",
        organisation_name="Université partenaire",
    )


@pytest.fixture
def make_meeting(manager: User, platform: Platform) -> Callable[..., Meeting]:
    def make(day: date, **fields: Any) -> Meeting:
        values: dict[str, Any] = {
            "title": "Réunion de concertation",
            "starts_at": time(9, 30),
            "ends_at": time(12, 0),
            "place": "Salle du conseil",
            **fields,
        }
        return services.meeting_create(actor=manager, platform=platform, date=day, **values)

    return make


@pytest.fixture
def past_meeting(make_meeting: Callable[..., Meeting]) -> Meeting:
    return make_meeting(today() - timedelta(days=30), agenda=["Tour de table"])


@pytest.fixture
def action(manager: User, past_meeting: Meeting, person: Member) -> ActionItem:
    return services.action_item_add(
        actor=manager,
        meeting=past_meeting,
        text="Contacter les écoles",
        owner=person,
        due_on=today() + timedelta(days=7),
    )


@pytest.fixture
def conference(make_meeting: Callable[..., Meeting]) -> Meeting:
    return make_meeting(
        today() + timedelta(days=20),
        title="Conférence : le bien-être à l'école",
        is_conference=True,
        capacity=2,
        public_registration=True,
    )
